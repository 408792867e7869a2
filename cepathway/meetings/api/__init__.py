"""Meetings, CE status, safety plans and Level 2 through the JSON API, one module a job.

The same forms validate the payloads and call the same services (`form.submit`), the same access
helpers scope and authorise, and the same audit applies as on the pages. A clash with someone else's
save is 409; a broken rule is 422 naming the field it concerns (handled once, in `cepathway.api`).
"""

from typing import Any

from ninja import Query, Router

from cepathway.core import audit
from cepathway.core.api_support import responds
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest

from ..models import Meeting
from ..schemas import MeetingOut
from . import at_meeting, before_meeting, booking, level2, safety_plan

router = Router(tags=["meetings"])


@router.get("", response=responds(list[MeetingOut], 422), summary="Scheduled meetings you may see")
def list_meetings(
    request: AuthedRequest,
    offset: int = Query(0, ge=0, le=2**31 - 1, description="Skip this many (to page: 0, then the limit, and so on)."),
    limit: int = Query(100, ge=1, le=200, description="At most this many (1 to 200)."),
) -> Any:
    """Soonest first. Page with `offset` and `limit`: a page shorter than `limit` is the last."""
    require(request.user, "meetings.view_meeting")
    rows = Meeting.objects.visible_to(request.user).scheduled().select_related("chair")
    audit.listed(request.user, Meeting, detail="scheduled meetings")
    return rows.order_by("scheduled_for", "pk")[offset : offset + limit]


for part in (booking, before_meeting, at_meeting, safety_plan, level2):
    router.add_router("", part.router)
