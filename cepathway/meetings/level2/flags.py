"""Bringing a child to Level 2 by exception: a child whose status Level 2 does not always discuss
(Low, by default) is flagged with a reason, and the flag takes them onto the next agenda."""

from typing import Any

from django.db import transaction

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from ..errors import MeetingError, clean
from ..models import Level2Flag
from ..pathway import open_pathway


def may_be_flagged(child: Child) -> bool:
    """The child is on the pathway with a status Level 2 discusses only by exception."""
    policy = policy_for(child.partnership_id)
    return child.ce_status in policy.level2_by_exception_statuses and open_pathway(child) is not None


@transaction.atomic
def flag_for_level2(child: Child, *, reason: str, by: Any) -> Level2Flag:
    """Ask for a child to be discussed at the next Level 2 by exception (High and Medium always are,
    by default)."""
    policy = policy_for(child.partnership_id)
    if child.ce_status in policy.level2_statuses:
        raise MeetingError(
            f"Every {child.get_ce_status_display()} child is on the Level 2 agenda already: no flag is needed."
        )
    if not may_be_flagged(child):
        statuses = wording.status_labels(policy.level2_by_exception_statuses, word="or")
        raise MeetingError(
            f"Only a child on the pathway with a {statuses} CE status is brought to Level 2 by exception."
        )
    if not reason.strip():
        raise MeetingError("Say why the child should be discussed at Level 2.", field="reason")
    if Level2Flag.objects.waiting().filter(child=child).exists():
        raise MeetingError("This child is already flagged for the next Level 2 meeting.")
    flag = Level2Flag(child=child, reason=reason)
    clean(flag, exclude=["child", "level2_meeting"])
    flag.save_tracked(by)
    audit.created(by, flag)
    return flag


def waiting_flags(user: Any) -> Any:
    """Flags not yet taken onto an agenda, on children `user` may see, oldest first."""
    return Level2Flag.objects.visible_to(user).waiting().select_related("child", "created_by").order_by("created_at")
