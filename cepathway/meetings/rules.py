"""What each role may do with meetings, plans and Level 2. Which records they see is scoping's job:
every view finds the record through `visible_to` first (out of scope is 404), then asks these."""

from typing import Any

import rules

from cepathway.people.rules import (
    is_cerar,
    is_lead_professional,
    is_level2_member,
    is_social_worker,
    is_team_manager,
    may_refer,
)
from cepathway.policy.services import policy_for

from .models import Meeting


def _child_of(record: Any) -> Any:
    if record is None:
        return None
    if getattr(record, "audit_is_child", False):
        return record
    return getattr(record, "child", None)


@rules.predicate
def chairs(user: Any, record: Any) -> bool:
    """The user chairs the meeting (or the meeting an action, view or call belongs to)."""
    meeting = getattr(record, "meeting", record)
    return bool(meeting is not None and getattr(meeting, "chair_id", None) == user.pk)


@rules.predicate
def works_with_child(user: Any, record: Any) -> bool:
    """The child's allocated social worker or lead professional."""
    child = _child_of(record)
    return bool(child is not None and user.pk in (child.allocated_social_worker_id, child.lead_professional_id))


@rules.predicate
def invited(user: Any, record: Any) -> bool:
    """The user is invited to the meeting (the invitation not withdrawn)."""
    meeting = getattr(record, "meeting", record)
    if not isinstance(meeting, Meeting):
        return False
    return meeting.invitations.filter(user_id=user.pk, withdrawn_at__isnull=True).exists()


@rules.predicate
def owns_action(user: Any, action: Any) -> bool:
    return bool(action is not None and getattr(action, "owner_id", None) == user.pk)


@rules.predicate
def organises_level2(user: Any) -> bool:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.agency_id):
        return False
    return user.role in policy_for(user.partnership_id).level2_organiser_roles


childs_worker = (is_social_worker | is_lead_professional) & works_with_child
# A social worker or lead professional invited to the meeting brings the views they gathered.
invited_worker = (is_social_worker | is_lead_professional) & invited

rules.add_perm("meetings.view_meeting", rules.is_authenticated)
rules.add_perm("meetings.schedule_level1", is_cerar)
rules.add_perm("meetings.change_meeting", is_cerar | chairs)
rules.add_perm("meetings.record_outcome", is_cerar | chairs)
rules.add_perm("meetings.record_views", is_cerar | is_team_manager | chairs | childs_worker | invited_worker)
rules.add_perm("meetings.log_call_request", is_cerar | is_team_manager | chairs | childs_worker | invited_worker)
rules.add_perm("meetings.arrange_call", is_cerar)
rules.add_perm("meetings.update_action", is_cerar | is_team_manager | chairs | owns_action | childs_worker)
rules.add_perm("meetings.view_family_summary", is_cerar | is_team_manager | chairs | childs_worker)
rules.add_perm("meetings.flag_for_level2", may_refer)
rules.add_perm("meetings.view_level2", is_level2_member | organises_level2)
rules.add_perm("meetings.manage_level2", organises_level2)
rules.add_perm("meetings.view_overdue_overview", is_team_manager | is_cerar)
