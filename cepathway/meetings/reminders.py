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
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cepathway.children.models import Child
from cepathway.core import mail
from cepathway.people.models import Partnership, User
from cepathway.policy.services import policy_for

from .models import Action, Meeting, ReminderKind, ReminderSent


@dataclass(frozen=True)
class Due:
    item_type: str  # "review" or "action"
    item: Any
    kind: str
    due_on: date
    child_id: Any


def _due(item_type: str, item: Any, due_on: date, today: date) -> Due:
    kind = ReminderKind.OVERDUE if due_on < today else ReminderKind.DUE_SOON
    return Due(item_type, item, kind, due_on, item.child_id)


def reminder_horizons(today: date) -> dict[Any, date]:
    """The last day each partnership's reminder window reaches, by partnership id."""
    return {pk: today + policy_for(pk).reminder_window for pk in Partnership.objects.values_list("pk", flat=True)}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def due_items(today: date) -> dict[Any, list[Due]]:
    """Everything due within its partnership's reminder window, or overdue, by the person responsible.
    Each partnership's window is asked of the database, so only what is due is read."""
    horizons = reminder_horizons(today)
    meetings_due = Q(pk__in=[])
    actions_due = Q(pk__in=[])
    for partnership_id, horizon in horizons.items():
        held_by = Q(scheduled_for__lt=_start_of(horizon + timedelta(days=1))) | Q(due_on__lte=horizon)
        meetings_due |= Q(child__partnership_id=partnership_id) & held_by
        actions_due |= Q(child__partnership_id=partnership_id, due_on__lte=horizon)
    found: dict[Any, list[Due]] = defaultdict(list)
    for meeting in Meeting.objects.scheduled().filter(meetings_due).select_related("chair", "child"):
        found[meeting.chair_id].append(_due("review", meeting, meeting.due_by, today))
    for action in Action.objects.open().filter(actions_due):
        found[action.owner_id].append(_due("action", action, action.due_on, today))
    return found


def _not_yet_sent(user_id: Any, items: list[Due]) -> list[Due]:
    sent = set(
        ReminderSent.objects.filter(user_id=user_id, item_id__in=[due.item.pk for due in items]).values_list(
            "item_type", "item_id", "kind", "due_on"
        )
    )
    return [due for due in items if (due.item_type, due.item.pk, due.kind, due.due_on) not in sent]


def _line(due: Due, initials: dict[Any, str]) -> dict[str, Any]:
    """One item of the email: what it is (the child by initials, only when the person may see the
    child), when it is or was due, and its address."""
    who = f"the child {initials[due.child_id]}" if due.child_id in initials else "a child"
    if due.item_type == "review":
        what = f"{due.item.get_kind_display()} about {who}, which you chair"
        url = reverse("meetings:detail", args=[due.item.pk])
    else:
        what = f"Safety plan action for {who}, which you own"
        url = reverse("meetings:action", args=[due.item.pk])
    return {
        "what": what,
        "overdue": due.kind == ReminderKind.OVERDUE,
        "due_on": due.due_on,
        "link": mail.base_url() + url,
    }


def message_context(user: User, items: list[Due]) -> dict[str, Any]:
    ids = {due.child_id for due in items}
    initials = {child.pk: child.initials for child in Child.objects.visible_to(user).filter(pk__in=ids)}
    window = policy_for(user.partnership_id).reminder_window
    return {
        "user": user,
        "overdue": [_line(due, initials) for due in items if due.kind == ReminderKind.OVERDUE],
        "soon": [_line(due, initials) for due in items if due.kind == ReminderKind.DUE_SOON],
        "window_days": window.days,
    }


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
    """Record what is reminded of and put the email in the outbox together: the outbox sends it, and
    audits each item as sent once it is."""
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(user=user, item_type=due.item_type, item_id=due.item.pk, kind=due.kind, due_on=due.due_on)
            for due in items
        ]
    )
    mail.send(
        "meetings/email/reminder",
        message_context(user, items),
        [user.email],
        about=[(due.item, f"{due.kind} reminder to {user}") for due in items],
    )


@task()
def send_daily_reminders() -> int:
    return send_reminders()
