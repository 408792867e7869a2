"""How the Meetings page lists scheduled meetings: its columns that sort and its filters (kind,
chair, overdue), for cepathway.ui.listing."""

from typing import Any

from django.db.models import QuerySet

from cepathway.people.models import Agency, User
from cepathway.ui.listing import Sort

from .models import Meeting, MeetingKind

SORTS = (
    Sort("when", "When", ("scheduled_for",)),
    Sort("child", "Child", ("child__last_name", "child__first_name", "scheduled_for")),
    Sort("kind", "Meeting", ("kind", "scheduled_for")),
    Sort("chair", "Chair", ("chair__last_name", "chair__first_name", "scheduled_for")),
)
DEFAULT_SORT = "when"  # soonest first
OVERDUE = "yes"
FILTER_LABELS = {"kind": "Kind of meeting", "chair": "Chair", "overdue": "Overdue"}


def chairs_of(rows: QuerySet[Meeting]) -> list[Any]:
    """The people chairing the meetings in `rows` (already scoped): the chair filter's choices."""
    return list(User.objects.filter(pk__in=rows.values("chair_id")).order_by("last_name", "first_name"))


def filters(chairs: list[Any]) -> dict[str, Any]:
    return {"kind": MeetingKind.values, "chair": [str(chair.pk) for chair in chairs], "overdue": [OVERDUE]}


def filtered(rows: Any, chosen: dict[str, str]) -> Any:
    if chosen.get("kind"):
        rows = rows.filter(kind=chosen["kind"])
    if chosen.get("chair"):
        rows = rows.filter(chair_id=chosen["chair"])
    if chosen.get("overdue") == OVERDUE:
        rows = rows.overdue()
    return rows


# The overdue overview (managers): two lists on one page, each paged and sorted on its own.
REVIEW_PREFIX, ACTION_PREFIX = "reviews_", "actions_"
REVIEW_SORTS = (
    Sort("when", "When", ("scheduled_for",)),
    Sort("child", "Child", ("child__last_name", "child__first_name", "scheduled_for")),
    Sort("chair", "Chair", ("chair__last_name", "chair__first_name", "scheduled_for")),
)
ACTION_SORTS = (
    Sort("due", "Due", ("due_on",)),
    Sort("child", "Child", ("child__last_name", "child__first_name", "due_on")),
    Sort("owner", "Owner", ("owner__last_name", "owner__first_name", "due_on")),
)
OVERDUE_FILTER_LABELS = {"chair": "Chair", "agency": "Owner's agency"}


def owner_agencies_of(actions: Any) -> list[Agency]:
    """The agencies owning the actions in `actions` (already scoped): the agency filter's choices."""
    return list(Agency.objects.filter(pk__in=actions.values("owner_agency_id")).order_by("name"))
