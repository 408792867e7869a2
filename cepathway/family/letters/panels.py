"""The "Letters and guide for the family" panel at the end of a meeting's page."""

from typing import Any

from cepathway.meetings.meeting_panels import Panel

from .views import PERMISSION


def letters_panel(meeting: Any, user: Any) -> Panel | None:
    """For those who may see the meeting's family summary: the invitation letter while the meeting is
    coming up, the outcome letter once its outcome is recorded, and the partnership's guide."""
    if not user.has_perm(PERMISSION, meeting):
        return None
    context = {
        "meeting": meeting,
        "may_invite": meeting.is_scheduled,
        "may_outcome": meeting.decision_or_none is not None,
        "partnership_code": meeting.child.partnership.code,
    }
    return Panel(template="family/letters/panel.html", context=context, where="end", order=50)
