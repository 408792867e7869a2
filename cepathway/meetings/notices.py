"""Telling the people a change affects: a meeting moved, given another place or chair, or cancelled;
an invitation withdrawn; a safety-plan action given to someone.

Who is affected by a meeting's change: its current invitees (not withdrawn) and its chair, never the
person who made the change. Each is told once per change, on their My work page
(`cepathway.notifications`) and by email. The child is named by initials only, as the invitation
does; the link is to the record only while the person may still see it (an invitee of a cancelled
Level 1, or a withdrawn invitee, no longer does), so nothing tells them more than they may see.
"""

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify

from .models import Action, Invitation, Meeting

EMAIL = "meetings/email/"
WHERE_FIELDS = {"scheduled_for", "venue", "location"}


def details_changed(meeting: Meeting, changed: list[str], *, chair_before: Any, by: Any) -> None:
    """After `booking.change_details`: invitees and the chair are told the new date, time and place,
    or the new chair; a chair replaced is told they no longer chair it."""
    moved = bool(WHERE_FIELDS & set(changed))
    new_chair = "chair" in changed
    if not (moved or new_chair):
        return
    context = _context(meeting)
    for user in affected(meeting):
        if new_chair and user.pk == meeting.chair_id:
            message = f"You now chair the {_what(meeting)} on {_when_text(context['when'])}."
            _tell(user, NotificationKind.CHAIR_CHANGED, message, meeting, "chair_changed", context, by, new_chair=True)
        elif moved:
            message = f"The {_what(meeting)} is now on {_when_text(context['when'])}, {context['where']}."
            if new_chair:
                message += f" It is now chaired by {meeting.chair}."
            extra = {"chair_changed": new_chair}
            _tell(user, NotificationKind.MEETING_MOVED, message, meeting, "meeting_moved", context, by, **extra)
        else:
            message = f"The {_what(meeting)} on {_when_text(context['when'])} is now chaired by {meeting.chair}."
            _tell(user, NotificationKind.CHAIR_CHANGED, message, meeting, "chair_changed", context, by)
    if new_chair and chair_before is not None and chair_before.pk != meeting.chair_id:
        message = (
            f"You no longer chair the {_what(meeting)} on {_when_text(context['when'])}: {meeting.chair} chairs it now."
        )
        _tell(
            chair_before, NotificationKind.CHAIR_CHANGED, message, meeting, "chair_changed", context, by, old_chair=True
        )


def cancelled(meeting: Meeting, *, by: Any) -> None:
    """After `booking.cancel`: invitees and the chair are told not to come."""
    context = _context(meeting)
    message = f"The {_what(meeting)} on {_when_text(context['when'])} is cancelled. You do not need to attend."
    for user in affected(meeting):
        _tell(user, NotificationKind.MEETING_CANCELLED, message, meeting, "meeting_cancelled", context, by)


def invitation_withdrawn(invitation: Invitation, *, by: Any) -> None:
    """After `invitations.withdraw_invitation`: the person is told they are no longer invited."""
    meeting = invitation.meeting
    context = _context(meeting)
    message = f"Your invitation to the {_what(meeting)} on {_when_text(context['when'])} was withdrawn."
    kind = NotificationKind.INVITATION_WITHDRAWN
    _tell(invitation.user, kind, message, meeting, "invitation_withdrawn", context, by, audited=invitation)


def action_assigned(action: Action, *, by: Any) -> None:
    """After `safety_plan.add_action`, or when an action is given to someone else: its (new) owner
    is told it is theirs and when it is due."""
    context = {"action": action, "initials": action.child.initials, "due_on": action.due_on}
    message = (
        f"A safety plan action about the child with initials {action.child.initials} is now yours, "
        f"due by {action.due_on:%-d %B %Y}."
    )
    link = _link_for(action.owner, Action, action.pk, reverse("meetings:action", args=[action.pk]))
    kind = NotificationKind.NEW_ACTION
    if notify(action.owner, kind, message, link, email_stem=EMAIL + "action_assigned", email_context=context, by=by):
        audit.sent(by, action, detail=f"{kind.label.lower()}: told {action.owner}")


def owner_changed(action: Action, *, owner_before: Any, by: Any) -> None:
    """When an action's owner changes, the new owner is told (the one before keeps their own record)."""
    if owner_before is None or owner_before.pk != action.owner_id:
        action_assigned(action, by=by)


# --- Who and what ---------------------------------------------------------------------------------


def affected(meeting: Meeting) -> list[Any]:
    """The meeting's current invitees and its chair, each once."""
    people = {meeting.chair_id: meeting.chair}
    for invitation in meeting.current_invitations():
        people.setdefault(invitation.user_id, invitation.user)
    return list(people.values())


def _what(meeting: Meeting) -> str:
    return f"CE {meeting.get_kind_display().lower()} about the child with initials {meeting.child.initials}"


def _when_text(when: datetime) -> str:
    return f"{when:%A %-d %B %Y} at {when:%H:%M}"


def _context(meeting: Meeting) -> dict[str, Any]:
    where = meeting.get_venue_display()
    if meeting.location:
        where += f" \u2013 {meeting.location}"
    return {
        "meeting": meeting,
        "when": timezone.localtime(meeting.scheduled_for),
        "where": where,
        "initials": meeting.child.initials,
    }


def _link_for(user: Any, model: Any, pk: Any, path: str) -> str:
    """`path` while `user` may see the record, else none."""
    return path if model.objects.visible_to(user).filter(pk=pk).exists() else ""


def _tell(
    user: Any,
    kind: NotificationKind,
    message: str,
    meeting: Meeting,
    stem: str,
    context: dict[str, Any],
    by: Any,
    *,
    audited: Any = None,
    **extra: Any,
) -> None:
    link = _link_for(user, Meeting, meeting.pk, reverse("meetings:detail", args=[meeting.pk]))
    email_context = {**context, **extra, "has_link": bool(link)}
    if notify(user, kind, message, link, email_stem=EMAIL + stem, email_context=email_context, by=by):
        audit.sent(by, audited or meeting, detail=f"{kind.label.lower()}: told {user}")
