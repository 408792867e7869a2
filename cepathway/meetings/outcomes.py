"""A meeting's outcome: the one place a child's CE status changes.

The meeting sets a status (High, Medium, Low, or no status) with the types of exploitation and a
rationale, shown beside the checklist's suggestion (which never decides). The status needs the
person policy says it needs (a social worker for High and Medium, a lead professional for Low).
Then either the next review is scheduled by policy (cadence, chair, venue follow the status), or,
with "no status", the pathway ends with a reason. Everything is written together or not at all,
and the decision is a new history row: nothing earlier is changed.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children.models import CEStatus, Child
from cepathway.children.services import hand_over
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.policy import PartnershipPolicy
from cepathway.people.models import Role
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from . import pathway as pathways
from . import scheduling
from .booking import check_within_due_date, involve_chair
from .errors import MeetingError, clean
from .invitations import invite
from .models import CEType, ClosureReason, Meeting, MeetingKind, MeetingState, StatusDecision


@dataclass
class Suggestion:
    """What the checklist suggested, and what CERAR judged at triage, for showing beside the decision."""

    level: str = ""
    reasons: list[str] = field(default_factory=list)
    judged_level: str = ""
    referral_reference: str = ""

    @property
    def label(self) -> str:
        return CEStatus(self.level).label if self.level else ""

    @property
    def judged_label(self) -> str:
        return CEStatus(self.judged_level).label if self.judged_level else ""


def suggestion_for(meeting: Meeting) -> Suggestion:
    referral = meeting.pathway.referral
    if referral is None:
        return Suggestion()
    return Suggestion(
        level=referral.suggested_level,
        reasons=list(referral.suggestion_reasons or []),
        judged_level=referral.judged_level or "",
        referral_reference=referral.reference,
    )


@dataclass
class Outcome:
    """What the meeting decided, as entered on the outcome form or through the API."""

    status: str
    ce_types: list[str]
    rationale: str
    social_worker: Any = None
    lead_professional: Any = None
    review_when: datetime | None = None
    review_venue: str = ""
    review_location: str = ""
    review_chair: Any = None
    invite_same_people: bool = True
    closure_reason: str = ""
    closure_detail: str = ""


@dataclass
class OutcomeResult:
    decision: StatusDecision
    review: Meeting | None


def requirement_problem(
    status: str, child: Child, social_worker: Any, lead_professional: Any, policy: PartnershipPolicy
) -> MeetingError | None:
    """Why the status cannot be set yet (who policy says must be allocated), or None."""
    problem = wording.allocation_problem(policy, status)
    if problem is None:
        return None
    field, message = problem
    named = {"social_worker": social_worker or child.allocated_social_worker}
    named["lead_professional"] = lead_professional or child.lead_professional
    return MeetingError(message, field=field) if named.get(field) is None else None


def _validate(meeting: Meeting, outcome: Outcome, policy: PartnershipPolicy) -> None:
    if not meeting.is_scheduled:
        raise MeetingError("The outcome of this meeting has already been recorded.")
    if not meeting.may_record():
        raise MeetingError("The outcome can be recorded on the day of the meeting, not before.")
    if outcome.status not in CEStatus.values:
        raise MeetingError("Choose the CE status the meeting decided.", field="status")
    if not outcome.rationale.strip():
        raise MeetingError("Explain why the meeting decided this status.", field="rationale")
    unknown = set(outcome.ce_types) - set(CEType.values)
    if unknown:
        raise MeetingError("Choose the types of exploitation from the list.", field="ce_types")
    if outcome.status != CEStatus.NONE and not outcome.ce_types:
        raise MeetingError("Choose at least one type of exploitation.", field="ce_types")
    problem = requirement_problem(
        outcome.status, meeting.child, outcome.social_worker, outcome.lead_professional, policy
    )
    if problem:
        raise problem
    if outcome.status == CEStatus.NONE:
        if outcome.closure_reason not in ClosureReason.values:
            raise MeetingError("With no CE status the pathway ends: choose the reason.", field="closure_reason")
        if outcome.closure_reason == ClosureReason.OTHER and not outcome.closure_detail.strip():
            raise MeetingError("Explain the reason the pathway ends.", field="closure_detail")


def _check_person(user: Any, role: str, child: Child, field_name: str) -> None:
    if user is None:
        return
    if not user.is_active or user.partnership_id != child.partnership_id or user.role != role:
        person = wording.with_article(wording.role_name(role))
        raise MeetingError(f"Choose {person} working in this partnership.", field=field_name)


@transaction.atomic
def record_outcome(meeting: Meeting, outcome: Outcome, *, expected_version: int, by: Any) -> OutcomeResult:
    """Record the meeting's decision; schedule the next review or end the pathway."""
    policy = policy_for(meeting.child.partnership_id)
    _validate(meeting, outcome, policy)
    child = Child.objects.select_for_update().get(pk=meeting.child_id)
    _check_person(outcome.social_worker, Role.SOCIAL_WORKER, child, "social_worker")
    _check_person(outcome.lead_professional, Role.LEAD_PROFESSIONAL, child, "lead_professional")
    review_plan = None
    if outcome.status != CEStatus.NONE:
        review_plan = _check_review(meeting, outcome, policy)

    meeting.state = MeetingState.HELD
    # A meeting recorded after it was held was held on its own date; any other, when its outcome is recorded.
    meeting.held_at = meeting.scheduled_for if meeting.recorded_late else timezone.now()
    meeting.save_versioned(by, expected_version)
    audit.changed(by, meeting, ["state", "held_at"], detail="outcome recorded")

    suggestion = suggestion_for(meeting)
    decision = StatusDecision(
        meeting=meeting,
        child=child,
        previous_status=child.ce_status,
        status=outcome.status,
        ce_types=sorted(set(outcome.ce_types)),
        rationale=outcome.rationale.strip(),
        suggested_level=suggestion.level,
        suggestion_reasons=suggestion.reasons,
        decided_at=meeting.held_at,
        policy_version_id=policy.version_id,
    )
    clean(decision, exclude=["meeting", "child"])
    decision.save_tracked(by)
    audit.created(by, decision, detail=f"CE status {decision}")
    _apply_to_child(child, outcome, by)

    review = None
    if review_plan is not None:
        review = _schedule_review(meeting, outcome, review_plan, policy, by)
    else:
        detail = outcome.closure_detail.strip()
        pathways.close(meeting.pathway, reason=outcome.closure_reason, detail=detail, meeting=meeting, by=by)
    return OutcomeResult(decision=decision, review=review)


def _apply_to_child(child: Child, outcome: Outcome, by: Any) -> None:
    changed = []
    if child.ce_status != outcome.status:
        child.set_status_from_meeting(outcome.status)
        changed.append("ce_status")
    named = {"allocated_social_worker": outcome.social_worker, "lead_professional": outcome.lead_professional}
    for field_name, person in named.items():
        previous_id = getattr(child, f"{field_name}_id")
        if person and person.pk != previous_id:
            setattr(child, field_name, person)
            changed.append(field_name)
            hand_over(child, field_name, previous_id=previous_id, by=by, reason="named at meeting")
    if not changed:
        return
    child.save_tracked(by, update_fields=[*changed, "modified_at", "modified_by", "version"])
    audit.changed(by, child, changed, detail="set by a meeting outcome")


# The outcome form's names for the review's date, place and chair.
REVIEW_FIELDS = {"date": "review_date", "venue": "review_venue", "chair": "review_chair"}


def _check_review(meeting: Meeting, outcome: Outcome, policy: PartnershipPolicy) -> scheduling.ReviewPlan:
    plan = scheduling.review_plan(outcome.status, meeting.scheduled_on, policy)
    if plan is None:
        raise MeetingError(f"The partnership's policy sets no review for {CEStatus(outcome.status).label}.")
    try:
        scheduling.check_venue(outcome.status, outcome.review_venue, policy)
        scheduling.check_chair(outcome.status, outcome.review_chair, policy)
        day = timezone.localtime(_review_when(outcome, plan, policy)).date()
        check_within_due_date(day, plan.due_on, f"a {CEStatus(outcome.status).label} review", policy)
        if day < timezone.localdate():
            raise MeetingError("The review date must be today or in the future.", field="date")
        if day <= meeting.scheduled_on:
            raise MeetingError("The review must be after this meeting.", field="date")
        scheduling.check_not_too_far_ahead(day, timezone.localdate(), policy)
        scheduling.check_working_day(day, policy)
    except RuleError as error:
        raise error.on(REVIEW_FIELDS) from error
    if outcome.review_chair.partnership_id != meeting.child.partnership_id:
        raise MeetingError("Choose a chair working in this partnership.", field="review_chair")
    return plan


def _review_when(outcome: Outcome, plan: scheduling.ReviewPlan, policy: PartnershipPolicy) -> datetime:
    """The date entered, else the policy's: the due date, or the next working day when that has passed."""
    if outcome.review_when:
        return outcome.review_when
    return scheduling.at_time(scheduling.default_review_day(plan.due_on, timezone.localdate(), policy), policy)


def _schedule_review(
    meeting: Meeting, outcome: Outcome, plan: scheduling.ReviewPlan, policy: PartnershipPolicy, by: Any
) -> Meeting:
    review = Meeting(
        pathway=meeting.pathway,
        child=meeting.child,
        kind=MeetingKind.REVIEW,
        scheduled_for=_review_when(outcome, plan, policy),
        due_on=plan.due_on,
        venue=outcome.review_venue,
        location=outcome.review_location,
        chair=outcome.review_chair,
        previous=meeting,
        status_under_review=outcome.status,
        policy_version_id=policy.version_id,
    )
    review.save_tracked(by)
    audit.created(by, review, detail=f"review due by {plan.due_on:%Y-%m-%d} by policy")
    involve_chair(review, by)
    if outcome.invite_same_people:
        people = [
            invitation.user
            for invitation in meeting.current_invitations()
            if invitation.user.is_active and invitation.user_id != review.chair_id
        ]
        invite(review, people, by=by)
    return review
