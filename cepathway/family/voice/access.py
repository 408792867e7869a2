"""Finding a meeting's views links for a professional: out of scope is an audited 404, a role or
person who may not is a 403 (`rules.py`), for pages and the API alike."""

from typing import Any

from cepathway.core.scoping import get_visible_or_404, visible_to
from cepathway.meetings import access as meetings_access
from cepathway.meetings.models import Meeting

from ..models import ViewsLink

ISSUE = "family.issue_views_link"
WITHDRAW = "family.withdraw_views_link"
VIEW = "family.view_views_links"


def meeting_for(user: Any, meeting_id: Any, permission: str) -> Meeting:
    return meetings_access.meeting_for(user, meeting_id, permission)


def link_for(user: Any, link_id: Any, permission: str) -> ViewsLink:
    rows = visible_to(user, ViewsLink).select_related("meeting", "meeting__chair", "child", "created_by")
    return get_visible_or_404(user, ViewsLink, rows, permission=permission, pk=link_id)


def links_of(meeting: Meeting) -> list[ViewsLink]:
    return list(meeting.views_links.select_related("created_by").order_by("-created_at"))
