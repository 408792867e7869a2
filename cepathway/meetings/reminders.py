"""The daily reminder: each person is emailed their reviews (as chair) and actions (as owner) due
within the policy's window, and those overdue: once per person, item, kind and due date.

What was sent is recorded (ReminderSent), so a second run the same day, or the next day, does not
repeat it; a review moved to a new date is reminded of again. The email names a child only by
initials, and only when the recipient may see the child; everything else is behind sign-in.

Run by django-tasks: `send_daily_reminders` is a task, enqueued once a day by the management
command `send_meeting_reminders` (cron; see docs/meetings.md).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.policy import current_policy
from cepathway.people.models import User

from .models import Action, Meeting, MeetingState, ReminderKind, ReminderSent
from .services import settings_base_url


@dataclass(frozen=True)
class Due:
    item_type: str  # "review" or "action"
    item: Any
    kind: str
    due_on: date
    child_id: Any


def due_items(today: date) -> dict[Any, list[Due]]:
    """Everything due within the window or overdue, by the person responsible for it."""
    horizon = today + current_policy().reminder_window
    found: dict[Any, list[Due]] = defaultdict(list)
    meetings = Meeting.objects.filter(state=MeetingState.SCHEDULED).select_related("chair")
    for meeting in meetings:
        day = meeting.scheduled_on if meeting.due_on is None else min(meeting.scheduled_on, meeting.due_on)
        if day <= horizon:
            kind = ReminderKind.OVERDUE if day < today else ReminderKind.DUE_SOON
            found[meeting.chair_id].append(Due("review", meeting, kind, day, meeting.child_id))
    for action in Action.objects.open().filter(due_on__lte=horizon):
        kind = ReminderKind.OVERDUE if action.due_on < today else ReminderKind.DUE_SOON
        found[action.owner_id].append(Due("action", action, kind, action.due_on, action.child_id))
    return found


def _not_yet_sent(user_id: Any, items: list[Due]) -> list[Due]:
    sent = set(
        ReminderSent.objects.filter(user_id=user_id, item_id__in=[due.item.pk for due in items]).values_list(
            "item_type", "item_id", "kind", "due_on"
        )
    )
    return [due for due in items if (due.item_type, due.item.pk, due.kind, due.due_on) not in sent]


def _line(due: Due, initials: dict[Any, str]) -> str:
    who = f"the child {initials[due.child_id]}" if due.child_id in initials else "a child"
    if due.item_type == "review":
        what = f"{due.item.get_kind_display()} about {who}, which you chair"
        url = reverse("meetings:detail", args=[due.item.pk])
    else:
        what = f"Safety plan action for {who}, which you own"
        url = reverse("meetings:action", args=[due.item.pk])
    when = f"{'was due' if due.kind == ReminderKind.OVERDUE else 'is due'} {due.due_on:%-d %B %Y}"
    return f"- {what}: {when}. {settings_base_url()}{url}"


def message_for(user: User, items: list[Due]) -> tuple[str, str]:
    ids = {due.child_id for due in items}
    initials = {child.pk: child.initials for child in Child.objects.visible_to(user).filter(pk__in=ids)}
    overdue = [due for due in items if due.kind == ReminderKind.OVERDUE]
    soon = [due for due in items if due.kind == ReminderKind.DUE_SOON]
    parts = [f"Hello {user.first_name or user.get_username()},", ""]
    if overdue:
        parts += ["Overdue:", *(_line(due, initials) for due in overdue), ""]
    if soon:
        parts += ["Due in the next week:", *(_line(due, initials) for due in soon), ""]
    parts.append("Sign in to see the details. This email is sent once for each item.")
    subject = f"CE pathway: {len(overdue)} overdue, {len(soon)} due soon"
    return subject, "\n".join(parts)


def send_reminders(today: date | None = None) -> int:
    """Send today's reminders; returns how many emails went."""
    today = today or timezone.localdate()
    sent = 0
    for user_id, items in due_items(today).items():
        user = User.objects.select_related("agency").get(pk=user_id)
        if not user.is_active or not user.email:
            continue
        fresh = _not_yet_sent(user_id, items)
        if fresh:
            _send_to(user, fresh)
            sent += 1
    return sent


@transaction.atomic
def _send_to(user: User, items: list[Due]) -> None:
    subject, body = message_for(user, items)
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(user=user, item_type=due.item_type, item_id=due.item.pk, kind=due.kind, due_on=due.due_on)
            for due in items
        ]
    )
    for due in items:
        audit.sent(None, due.item, detail=f"{due.kind} reminder to {user}", channel="task")
    send_mail(subject, body, None, [user.email], fail_silently=False)


@task()
def send_daily_reminders() -> int:
    return send_reminders()
