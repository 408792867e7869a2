"""This part's API operations; cepathway/intelligence/api.py gathers every part's router."""

from typing import Any, Literal

from ninja import Router

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.api_support import PageOut, cursor_parameter, limit_parameter, paged, responds
from cepathway.meetings import access as meetings_access
from cepathway.people.types import AuthedRequest

from ..models import IntelligenceAlert
from . import level2
from .schemas import AlertOut, ConcernOut

router = Router()


@router.get(
    "/level2/{month}/concerns/{kind}",
    response=responds(PageOut[ConcernOut], 403, 404, 422),
    summary="Persons (or places) of concern linked to the children on a Level 2 agenda you may see",
)
def level2_concerns(
    request: AuthedRequest,
    month: str,
    kind: Literal["person", "place"],
    cursor: str = cursor_parameter(),
    limit: int = limit_parameter(),
) -> Any:
    """A page at a time by name, each with the children on this agenda it is linked to, the graded
    intelligence new since the last Level 2 (sanitised unless you may read it in full), its
    disruption and the panel's actions: send `next` as `cursor`."""
    level2_meeting = meetings_access.level2_for(request.user, month, "meetings.view_level2")
    records = level2.concerns(kind, level2_meeting, request.user)
    page = paged(records, level2.SORTS[kind].fields, cursor=cursor, limit=limit)
    rows = level2.detailed(kind, page["items"], level2_meeting, request.user, level2.since_previous(level2_meeting))
    level2.audit_shown(request.user, rows)
    return {"items": rows, "next": page["next"]}


@router.get("/alerts", response=responds(PageOut[AlertOut], 422), summary="Your alerts of new graded information")
def my_alerts(request: AuthedRequest, cursor: str = cursor_parameter(), limit: int = limit_parameter()) -> Any:
    """Alerts told to you about children you may still see, newest first: each says only that new
    graded information links to the child; open the child's record to see what you may."""
    children = Child.objects.visible_to(request.user).values("pk")
    rows = IntelligenceAlert.objects.filter(recipient=request.user, child__in=children).select_related("child")
    audit.listed(request.user, IntelligenceAlert, detail="my alerts of new graded information")
    return paged(rows, ["-sent_at"], cursor=cursor, limit=limit)
