from typing import Any

from ninja import Router, Schema

from .types import AuthedRequest

router = Router(tags=["me"])


class MeOut(Schema):
    id: str
    username: str
    name: str
    role: str
    agency: str | None


@router.get("", response=MeOut, summary="Who the token belongs to")
def me(request: AuthedRequest) -> Any:
    user = request.user
    return MeOut(
        id=str(user.pk),
        username=user.get_username(),
        name=user.display_name,
        role=user.role,
        agency=str(user.agency) if user.agency_id else None,
    )
