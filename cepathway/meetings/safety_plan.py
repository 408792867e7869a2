"""The safety plan: actions agreed at a meeting (or by the Level 2 panel), each with an owner and a
due date, and the progress recorded on them. An action's owner sees it on their work page and sees
the child while it is theirs."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children.models import InvolvementKind
from cepathway.children.services import involve
from cepathway.core import audit
from cepathway.policy.services import policy_for

from . import notices, scheduling
from .errors import MeetingError, clean
from .models import OPEN_ACTION_STATUSES, Action, ActionStatus, ActionUpdate, Meeting


@transaction.atomic
def add_action(
    meeting: Meeting | None,
    *,
    description: str,
    owner: Any,
    due_on: date,
    owner_agency: Any = None,
    level2_item: Any = None,
    by: Any,
) -> Action:
    """Agree an action; its owner sees it on their work page and gains sight of the child."""
    child = meeting.child if meeting is not None else level2_item.child
    if meeting is not None and meeting.is_cancelled:
        raise MeetingError("This meeting was cancelled.")
    if not description.strip():
        raise MeetingError("Enter what needs to be done.", field="description")
    if owner is None or not owner.is_active or owner.partnership_id != child.partnership_id:
        raise MeetingError("Choose who owns the action: someone working in this partnership.", field="owner")
    if due_on < timezone.localdate():
        raise MeetingError("The due date must be today or in the future.", field="due_on")
    scheduling.check_not_too_far_ahead(due_on, timezone.localdate(), policy_for(child.partnership_id), "due_on")
    action = Action(
        child=child,
        partnership_id=child.partnership_id,
        meeting=meeting,
        level2_item=level2_item,
        description=description,
        owner=owner,
        owner_agency=owner_agency or owner.agency,
        due_on=due_on,
    )
    clean(action, exclude=["child", "meeting", "level2_item", "owner", "owner_agency"])
    action.save_tracked(by)
    audit.created(by, action)
    involve(child, owner, InvolvementKind.ACTION_OWNER, by=by, reason="owns a safety plan action", source=action)
    notices.action_assigned(action, by=by)
    return action


@transaction.atomic
def update_action(
    action: Action,
    *,
    note: str,
    status: str,
    expected_version: int,
    due_on: date | None = None,
    by: Any,
) -> ActionUpdate:
    """Record progress on an action; the update row keeps the history of what changed."""
    if not note.strip():
        raise MeetingError("Describe the progress made.", field="note")
    if status not in ActionStatus.values:
        raise MeetingError("Choose the action's status.", field="status")
    if due_on is not None and due_on != action.due_on and due_on < timezone.localdate():
        raise MeetingError("A new due date must be today or in the future.", field="due_on")
    if due_on is not None and due_on != action.due_on:
        policy = policy_for(action.partnership_id)
        scheduling.check_not_too_far_ahead(due_on, timezone.localdate(), policy, "due_on")
    before_status = action.status
    names = ("status", "due_on", "completed_on")
    before = audit.snapshot(action, names)
    action.status = status
    action.due_on = due_on or action.due_on
    if status == ActionStatus.DONE and before_status != ActionStatus.DONE:
        action.completed_on = timezone.localdate()
    elif status in OPEN_ACTION_STATUSES:
        action.completed_on = None
    action.save_versioned(by, expected_version)
    changed = audit.changed_fields(before, audit.snapshot(action, names))
    audit.changed(by, action, changed or ["updates"])
    update = ActionUpdate(action=action, note=note, status_before=before_status, status_after=status)
    clean(update, exclude=["action"])
    update.save_tracked(by)
    audit.created(by, update)
    return update


# --- What the plan lists ----------------------------------------------------------------------------


def carried_forward(meeting: Meeting) -> list[Action]:
    """The safety plan as it stands when this meeting opens: actions still open from the pathway's
    earlier meetings, which a review goes through beside the ones it adds."""
    return list(
        Action.objects.open()
        .filter(meeting__pathway_id=meeting.pathway_id, meeting__scheduled_for__lt=meeting.scheduled_for)
        .select_related("owner", "owner_agency")
        .order_by("due_on")
    )


def my_open_actions(user: Any, today: date | None = None) -> Any:
    """Open actions `user` owns on children they may see, overdue first, then by due date."""
    return (
        Action.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("child", "owner", "owner_agency")
        .overdue_first(today)
    )


def overdue_actions(user: Any, today: date | None = None) -> Any:
    """Overdue actions on children `user` may see, the longest overdue first. Only their own
    partnership's (all they may see): its own index, not every partnership's overdue actions."""
    return (
        Action.objects.visible_to(user)
        .filter(partnership_id=user.partnership_id)
        .overdue(today)
        .select_related("child", "owner", "owner_agency")
        .order_by("due_on")
    )
