"""One way to reach each kind of meetings record, for pages and the API alike.

Each helper finds the record among those the person may see (else an audited 404) and checks what
they want to do with it (else 403) in one call, so neither a page nor an API operation can find a
record and forget to ask. The `select_related` here is what the pages and the API then read.
"""

from datetime import date
from typing import Any

from django.http import Http404

from cepathway.children import access as children_access
from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.permissions import require
from cepathway.core.scoping import get_visible_or_404, visible_to

from .models import Action, CallRequest, Invitation, Level2Item, Level2Meeting, Meeting

VIEW = "meetings.view_meeting"


def child_for(user: Any, child_id: Any, permission: str = VIEW) -> Child:
    """The child, as `children.access.child_for` finds them; by default the meetings' view permission."""
    return children_access.child_for(user, child_id, permission)


def meeting_for(user: Any, meeting_id: Any, permission: str = VIEW) -> Meeting:
    rows = visible_to(user, Meeting).select_related("child", "chair", "chair__agency", "pathway")
    return get_visible_or_404(user, Meeting, rows, permission=permission, pk=meeting_id)


def invitation_for(user: Any, invitation_id: Any, permission: str) -> Invitation:
    """An invitation; `permission` is asked of its meeting."""
    rows = visible_to(user, Invitation).select_related("meeting", "meeting__child", "meeting__chair", "user", "agency")
    invitation = get_visible_or_404(user, Invitation, rows, pk=invitation_id)
    require(user, permission, invitation.meeting)
    return invitation


def call_for(user: Any, call_id: Any, permission: str) -> CallRequest:
    rows = visible_to(user, CallRequest).select_related("meeting", "child", "arranged_with")
    return get_visible_or_404(user, CallRequest, rows, permission=permission, pk=call_id)


def action_for(user: Any, action_id: Any, permission: str = VIEW) -> Action:
    rows = visible_to(user, Action).select_related(
        "child", "owner", "owner_agency", "meeting", "meeting__chair", "level2_item", "level2_item__level2_meeting"
    )
    return get_visible_or_404(user, Action, rows, permission=permission, pk=action_id)


def level2_for(user: Any, month: str, permission: str) -> Level2Meeting:
    """The Level 2 meeting of the person's own partnership for `month` ("YYYY-MM": each partnership
    has one a month). A month that cannot exist is an audited 404 like any other miss."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError as impossible:
        audit.denied(user, Level2Meeting, month, detail="no such month")
        raise Http404("No such month.") from impossible
    rows = visible_to(user, Level2Meeting).select_related("chair", "partnership")
    return get_visible_or_404(user, Level2Meeting, rows, permission=permission, month=first)


def level2_item_for(user: Any, item_id: Any, permission: str) -> Level2Item:
    rows = visible_to(user, Level2Item).select_related("child", "level2_meeting", "flag", "flag__created_by")
    return get_visible_or_404(user, Level2Item, rows, permission=permission, pk=item_id)


def month_key(month: date) -> str:
    """How a Level 2 meeting's month is written in the API's addresses and `level2_for`."""
    return f"{month:%Y-%m}"
