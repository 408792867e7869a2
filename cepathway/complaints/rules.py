"""Who may record, read and handle concerns and complaints. Which children they see is scoping's job
(`Complaint.objects.visible_to`: out of scope is a 404); these rules then narrow it.

A complaint is sensitive. It is read and handled by those who must act on it: CERAR and the
Complex Safeguarding team managers (every complaint about a child they see), the child's allocated
social worker and lead professional, the chair of the meeting it is about, its handler and the
person who recorded it. Nobody else who sees the child does: a partner agency or police officer
invited to the meeting, a Level 2 panel member, the hub, the administrator or the auditor (who
reads the audit log, not the record) gets a refusal (403). Sharing it with anyone else is a
decision the handler makes and records outside this service, in the complaint's notes.

Recording a concern about a child is for the same people: CERAR, team managers, the child's social
worker or lead professional, and whoever chairs one of the child's meetings.
"""

from typing import Any

import rules

from cepathway.people.models import Role
from cepathway.people.rules import is_cerar, is_team_manager

# Roles that read every complaint about the children they see (always their own partnership's).
KNOW_ALL_ROLES = frozenset({Role.CERAR_LEAD, Role.TEAM_MANAGER})


def _child_of(record: Any) -> Any:
    if record is None:
        return None
    if getattr(record, "audit_is_child", False):
        return record
    return getattr(record, "child", None)


@rules.predicate
def works_with_child(user: Any, record: Any) -> bool:
    """The child's allocated social worker or lead professional (in either role)."""
    child = _child_of(record)
    return bool(
        child is not None
        and user.role in (Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
        and user.pk in (child.allocated_social_worker_id, child.lead_professional_id)
    )


@rules.predicate
def chairs_a_meeting(user: Any, record: Any) -> bool:
    """The user chairs a meeting about the child that is not cancelled (a meeting page, a child)."""
    from cepathway.meetings.models import Meeting, MeetingState

    child = _child_of(record)
    if child is None:
        return False
    rows = Meeting.objects.filter(child_id=child.pk, chair_id=user.pk).exclude(state=MeetingState.CANCELLED)
    return rows.exists()


@rules.predicate
def involved_in_complaint(user: Any, complaint: Any) -> bool:
    """The complaint's handler, the person who recorded it, or the chair of the meeting it is about."""
    if complaint is None:
        return False
    meeting = complaint.meeting if complaint.meeting_id else None
    return user.pk in (complaint.handler_id, complaint.created_by_id) or (
        meeting is not None and meeting.chair_id == user.pk
    )


may_record = is_cerar | is_team_manager | works_with_child | chairs_a_meeting
# The same rule as ComplaintQuerySet.known_to, for one complaint.
knows_of = is_cerar | is_team_manager | works_with_child | involved_in_complaint

rules.add_perm("complaints.view_complaints", may_record)  # a child's complaints page
rules.add_perm("complaints.record_complaint", may_record)
rules.add_perm("complaints.view_complaint", knows_of)
rules.add_perm("complaints.handle_complaint", knows_of)
rules.add_perm("complaints.view_partnership_list", is_cerar | is_team_manager)
