"""Children through the JSON API: the records you may see, a child's chronology, and allocation."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Query, Router, Schema

from cepathway.core import audit
from cepathway.core.api_support import In, responds, validated
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest

from . import chronology, search
from .access import child_for, sees_who_is_involved, sees_who_is_involved_with_each
from .forms import AllocationForm
from .models import Child

router = Router(tags=["children"])

SEARCH_HELP = (
    'Full name ("First Last"), part of a name, other names, a date of birth (DD/MM/YYYY or YYYY-MM-DD) '
    "or a referral reference; any case."
)


class ChildOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    date_of_birth: date
    ce_status: str
    open_to_childrens_services: bool
    identity_status: str
    school: str
    allocated_social_worker_id: UUID | None = Field(description="Null when none, or when people_shown is false.")
    lead_professional_id: UUID | None = Field(description="Null when none, or when people_shown is false.")
    people_shown: bool = Field(
        description="False for someone involved only as the child's referrer: they are not told who else works "
        "with the child (the worker ids are then null, and the chronology names no one else)."
    )
    version: int = Field(description="Send this back with a change (PATCH .../allocation): a stale one is refused.")

    @staticmethod
    def resolve_open_to_childrens_services(child: Child) -> bool:
        """Never false while a social worker is allocated (`Child.is_open_to_childrens_services`)."""
        return child.is_open_to_childrens_services

    @staticmethod
    def resolve_people_shown(child: Child, context: Any) -> bool:
        return sees_who_is_involved(child, context["request"].user)

    @staticmethod
    def resolve_allocated_social_worker_id(child: Child, context: Any) -> UUID | None:
        return child.allocated_social_worker_id if ChildOut.resolve_people_shown(child, context) else None

    @staticmethod
    def resolve_lead_professional_id(child: Child, context: Any) -> UUID | None:
        return child.lead_professional_id if ChildOut.resolve_people_shown(child, context) else None


class EntryOut(Schema):
    at: datetime
    kind: str
    title: str
    detail: str
    by: str


class AllocationIn(In):
    """Leave a field out to keep it as it is; null clears a worker. People are named by their ids
    from GET /api/people."""

    version: int = Field(description="The child's version as you read it.")
    # No default of their own type: left out, they are kept; null is refused (it is not a value they take).
    open_to_childrens_services: bool = Field(None, description="Leave out to keep.")  # type: ignore[assignment]
    allocated_social_worker_id: UUID | None = Field(None, description="A social worker; null for none.")
    lead_professional_id: UUID | None = Field(None, description="A lead professional or social worker; null for none.")
    school: str = Field(None, description="Leave out to keep; an empty string for none.")  # type: ignore[assignment]


@router.get("", response=responds(list[ChildOut], 422), summary="Children you may see, or those matching a search")
def list_children(
    request: AuthedRequest,
    q: str = Query("", description=SEARCH_HELP, max_length=200),
    offset: int = Query(0, ge=0, le=2**31 - 1, description="Skip this many (to page: 0, then the limit, and so on)."),
    limit: int = Query(100, ge=1, le=search.MAX_API_PAGE, description="At most this many (1 to 200)."),
) -> Any:
    """By surname then first name; with `q`, best matches first (search.py's ranking). Page with
    `offset` and `limit`: a page shorter than `limit` is the last."""
    query = search.clean_query(q)
    rows = visible_to(request.user, Child)
    if query:
        rows = search.search(rows, query, user=request.user)
        audit.searched(request.user, Child, detail=f"search={query!r}")
    else:
        rows = rows.order_by("last_name", "first_name", "pk")
        audit.listed(request.user, Child)
    return sees_who_is_involved_with_each(list(rows[offset : offset + limit]), request.user)


@router.get("/{uuid:pk}", response=responds(ChildOut, 404, 422), summary="One child's record")
def get_child(request: AuthedRequest, pk: UUID) -> Any:
    child = child_for(request.user, pk)
    audit.viewed(request.user, child)
    return child


@router.get("/{uuid:pk}/chronology", response=responds(list[EntryOut], 404, 422), summary="One child's chronology")
def get_chronology(request: AuthedRequest, pk: UUID) -> Any:
    child = child_for(request.user, pk)
    audit.viewed(request.user, child, detail="chronology")
    return chronology.timeline(child, request.user)


@router.patch(
    "/{uuid:pk}/allocation",
    response=responds(ChildOut, 403, 404, 409, 413, 422),
    summary="Allocate a social worker or lead professional, or change the school",
)
def allocate(request: AuthedRequest, pk: UUID, payload: AllocationIn) -> Any:
    """As the allocation page does: the newly named worker comes to see the child, the one replaced no
    longer does through that role. A version older than the child's is refused (409) and nothing is
    saved."""
    child = child_for(request.user, pk, permission="children.edit_child")
    current = {name: getattr(child, name) for name in AllocationIn.model_fields}
    form = validated(
        AllocationForm,
        current | payload.dict(exclude_unset=True),
        instance=child,
        initial={"version": child.version},
        partnership=child.partnership,
    )
    return form.submit(child, by=request.user)
