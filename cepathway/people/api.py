"""Who the token belongs to, and the partnership's directory: the people and agencies an integrator
names as a chair, an invitee, an action owner or an allocated worker (by their ids)."""

from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema

from cepathway.core.api_support import FormInvalid, responds

from .models import Agency, AgencyKind, Role, User
from .types import AuthedRequest

router = Router(tags=["me"])
directory = Router(tags=["people"])


class MeOut(Schema):
    id: str
    username: str
    name: str
    role: str
    agency: str | None


@router.get("", response=responds(MeOut), summary="Who the token belongs to")
def me(request: AuthedRequest) -> Any:
    user = request.user
    return MeOut(
        id=str(user.pk),
        username=user.get_username(),
        name=user.display_name,
        role=user.role,
        agency=str(user.agency) if user.agency_id else None,
    )


class PersonOut(Schema):
    """What colleagues in a partnership may know of each other: no email, phone or username."""

    id: UUID = Field(description="Send this where an operation asks for a person (chair_id, owner_id...).")
    name: str = Field(validation_alias="display_name")
    role: Role
    role_label: str = Field(validation_alias="get_role_display")
    job_title: str
    agency_id: UUID
    agency: str = Field(validation_alias="agency.name")


class AgencyOut(Schema):
    id: UUID
    name: str
    kind: AgencyKind
    kind_label: str = Field(validation_alias="get_kind_display")


def _agency_of_partnership(request: AuthedRequest, agency_id: UUID) -> Agency:
    """An agency of the caller's own partnership; any other id is refused the same way, whether it
    exists elsewhere or not."""
    agency = Agency.objects.filter(pk=agency_id, partnership=request.user.partnership).first()
    if agency is None:
        raise FormInvalid.with_errors({"agency_id": ["No agency with this id in your partnership."]})
    return agency


@directory.get(
    "", response=responds(list[PersonOut], 403, 422), summary="People in your partnership, to name in an operation"
)
def people(request: AuthedRequest, role: Role | None = None, agency_id: UUID | None = None) -> Any:
    """The active people of your own partnership, by name: never anyone of another partnership.

    Not audited: this lists colleagues, not children or anything about a child, and shows only what
    the pages show of a colleague beside their work (name, role, job title, agency)."""
    rows = User.objects.filter(is_active=True, agency__partnership=request.user.partnership, role__in=Role.values)
    if role is not None:
        rows = rows.filter(role=role)
    if agency_id is not None:
        rows = rows.filter(agency=_agency_of_partnership(request, agency_id))
    return list(rows.select_related("agency").order_by("last_name", "first_name", "username"))


@directory.get("/agencies", response=responds(list[AgencyOut], 403), summary="Agencies in your partnership")
def agencies(request: AuthedRequest) -> Any:
    """The agencies of your own partnership. Not audited: no child is in it."""
    return list(Agency.objects.filter(partnership=request.user.partnership).order_by("name"))
