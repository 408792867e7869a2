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

from .models import Action, Invitation, Level2Meeting, Meeting

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


def level2_changed(
    level2: Level2Meeting, changed: list[str], *, chair_before: Any, added: list[Any], removed: list[Any], by: Any
) -> None:
    """After `level2.services.change_level2_details`: members added to or taken off the panel are told
    so, a new chair (and the one replaced) is told, and when the date, time or place moved the chair
    and the whole panel are told the new ones. Each person once, never the person who made the change."""
    when = timezone.localtime(level2.scheduled_for)
    where = level2.get_venue_display() + (f" \u2013 {level2.location}" if level2.location else "")
    on = f"on {_when_text(when)}, {where}"
    told: set[Any] = set()

    def tell(user: Any, kind: NotificationKind, message: str) -> None:
        if user is None or user.pk in told:
            return
        told.add(user.pk)
        link = reverse("meetings:level2", args=[level2.month.year, level2.month.month])
        context = {"level2": level2, "when": when, "where": where}
        if notify(user, kind, message, link, email_stem=EMAIL + "level2_changed", email_context=context, by=by):
            audit.sent(by, level2, detail=f"{kind.label.lower()}: told {user}")

    for user in added:
        tell(user, NotificationKind.PANEL_CHANGED, f"You are now on the panel of the {level2}, {on}.")
    for user in removed:
        tell(user, NotificationKind.PANEL_CHANGED, f"You are no longer on the panel of the {level2}.")
    if "chair" in changed:
        tell(level2.chair, NotificationKind.CHAIR_CHANGED, f"You now chair the {level2}, {on}.")
        if chair_before is not None and chair_before.pk != level2.chair_id:
            message = f"You no longer chair the {level2}: {level2.chair} chairs it now."
            tell(chair_before, NotificationKind.CHAIR_CHANGED, message)
    if WHERE_FIELDS & set(changed):
        for user in [level2.chair, *level2.members.all()]:
            tell(user, NotificationKind.MEETING_MOVED, f"The {level2} is now {on}.")


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
