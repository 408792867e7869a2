"""Booking meetings: a Level 1 meeting opens the child's pathway; any scheduled meeting (Level 1 or
review) can be moved or given another place or chair within policy; a Level 1 can be cancelled,
which closes the pathway. Reviews are booked by the outcome of the meeting before them (`outcomes`).

Each function checks the rules, writes everything or nothing (one transaction) and audits what it
created or changed, so pages, the API and commands leave the same trail. Who may call them is the
caller's job (`access`: scope and permission).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children.models import Child, InvolvementKind
from cepathway.children.services import involve
from cepathway.core import audit
from cepathway.core.policy import PartnershipPolicy, Venue
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from . import notices, scheduling
from . import pathway as pathways
from .errors import MeetingError
from .models import ClosureReason, Meeting, MeetingKind, MeetingState, Pathway


@dataclass(frozen=True)
class Details:
    """When and where a meeting is held, and who chairs it."""

    when: datetime
    venue: str
    location: str
    chair: Any

    @property
    def day(self) -> date:
        return timezone.localtime(self.when).date()

    def apply_to(self, meeting: Any) -> list[str]:
        """Set them on a meeting (or a Level 2 meeting); the names of the fields that changed."""
        before = _details_of(meeting)
        meeting.scheduled_for, meeting.venue, meeting.location = self.when, self.venue, self.location
        meeting.chair = self.chair
        return audit.changed_fields(before, _details_of(meeting))


def _details_of(meeting: Any) -> dict[str, Any]:
    return {
        "scheduled_for": meeting.scheduled_for,
        "venue": meeting.venue,
        "location": meeting.location,
        "chair": meeting.chair_id,
    }


def require_scheduled(meeting: Meeting) -> None:
    if meeting.state != MeetingState.SCHEDULED:
        raise MeetingError(f"This meeting is {meeting.get_state_display().lower()}: it can no longer be changed.")


def check_date_and_place(details: Details, policy: PartnershipPolicy, *, allow_past: bool = False) -> None:
    if details.venue not in Venue.LABELS:
        raise MeetingError("Choose where the meeting is held.", field="venue")
    if not allow_past:  # a meeting keeping its date keeps it, whatever the policy says now
        if details.day < timezone.localdate():
            raise MeetingError("The meeting date must be today or in the future.", field="date")
        scheduling.check_not_too_far_ahead(details.day, timezone.localdate(), policy)
    scheduling.check_working_day(details.day, policy)


def check_within_due_date(day: date, due_on: date, what: str, policy: PartnershipPolicy) -> None:
    latest = scheduling.latest_review_day(due_on, timezone.localdate(), policy)
    if day <= latest:
        return
    if latest == due_on:
        message = f"By policy {what} is due by {due_on:%-d %B %Y}. Choose that date or an earlier one."
    else:
        message = (
            f"By policy {what} was due by {due_on:%-d %B %Y}, which has passed. "
            f"Book it as soon as possible: by {latest:%-d %B %Y} at the latest."
        )
    raise MeetingError(message, field="date")


@transaction.atomic
def schedule_level1(child: Child, details: Details, *, by: Any) -> Meeting:
    """Open the child's CE pathway with a Level 1 meeting, chaired as policy says (CERAR)."""
    if pathways.open_pathway(child) is not None:
        raise MeetingError("This child is already on the CE pathway. Schedule a review from the latest meeting.")
    referral = pathways.waiting_referral(child)
    if referral is None:
        raise MeetingError("A Level 1 meeting needs a referral with the CERAR decision \u201cLevel 1 meeting\u201d.")
    policy = policy_for(child.partnership_id)
    scheduling.check_level1_chair(details.chair, policy)
    check_date_and_place(details, policy)
    pathway = Pathway(child=child, referral=referral, opened_at=timezone.now())
    pathway.save_tracked(by)
    audit.created(by, pathway)
    meeting = Meeting(pathway=pathway, child=child, kind=MeetingKind.LEVEL1, policy_version_id=policy.version_id)
    details.apply_to(meeting)
    meeting.save_tracked(by)
    audit.created(by, meeting, detail=f"Level 1 meeting from referral {referral.reference}")
    return meeting


def check_held_day(day: date, policy: PartnershipPolicy) -> None:
    """A meeting recorded after it was held: held today or earlier, within the policy's limit."""
    today = timezone.localdate()
    if day > today:
        raise MeetingError(
            "The date it was held must be today or in the past. To book a meeting, schedule it.", field="date"
        )
    earliest = today - policy.late_recording_within
    if day < earliest:
        raise MeetingError(wording.late_recording_problem(policy, earliest), field="date")


def _check_when(meeting: Meeting, details: Details, late_reason: str, policy: PartnershipPolicy) -> str:
    """The date and place of a change; the reason it is recorded late when it moves into the past
    (it was held on an earlier day than booked), else ""."""
    moved_into_past = details.day != meeting.scheduled_on and details.day < timezone.localdate()
    if not moved_into_past:
        # A meeting already overdue keeps its date when only its place or chair changes.
        same_day = details.day == meeting.scheduled_on
        check_date_and_place(details, policy, allow_past=same_day)
        return meeting.late_reason if same_day else ""
    if not late_reason.strip():
        raise MeetingError(
            "The date is in the past. If the meeting was held that day, say why it is recorded late; "
            "otherwise choose today or a later date.",
            field="late_reason",
        )
    if details.venue not in Venue.LABELS:
        raise MeetingError("Choose where the meeting was held.", field="venue")
    check_held_day(details.day, policy)
    return late_reason.strip()


@transaction.atomic
def change_details(
    meeting: Meeting, details: Details, *, expected_version: int, by: Any, late_reason: str = ""
) -> list[str]:
    """Move a scheduled meeting, or change its place or chair, within policy. A move into the past
    records that it was held that day, before it could be recorded here, with `late_reason`."""
    require_scheduled(meeting)
    policy = policy_for(meeting.child.partnership_id)
    recorded_late = _check_when(meeting, details, late_reason, policy)
    if meeting.kind == MeetingKind.LEVEL1:
        scheduling.check_level1_chair(details.chair, policy)
    else:
        scheduling.check_chair(meeting.status_under_review, details.chair, policy)
        scheduling.check_venue(meeting.status_under_review, details.venue, policy)
    if meeting.due_on:
        check_within_due_date(details.day, meeting.due_on, "this review", policy)
    chair_before = meeting.chair
    changed = details.apply_to(meeting)
    if recorded_late != meeting.late_reason:
        meeting.late_reason = recorded_late
        changed.append("late_reason")
    if not changed:
        return []
    meeting.save_versioned(by, expected_version)
    audit.changed(by, meeting, changed)
    involve_chair(meeting, by)
    if not meeting.recorded_late:  # a meeting already held is not news to come to
        notices.details_changed(meeting, changed, chair_before=chair_before, by=by)
    return changed


@transaction.atomic
def cancel(meeting: Meeting, *, reason: str, expected_version: int, by: Any) -> None:
    """Cancel a Level 1 meeting: the child's pathway closes with it."""
    require_scheduled(meeting)
    if not reason.strip():
        raise MeetingError("Say why the meeting is cancelled.", field="reason")
    if meeting.kind == MeetingKind.REVIEW:
        raise MeetingError("A review cannot be cancelled: move it, or record its outcome (which may end the pathway).")
    meeting.state = MeetingState.CANCELLED
    meeting.cancelled_reason = reason.strip()
    meeting.save_versioned(by, expected_version)
    audit.changed(by, meeting, ["state", "cancelled_reason"])
    detail = f"Level 1 meeting cancelled: {meeting.cancelled_reason}"
    pathways.close(meeting.pathway, reason=ClosureReason.OTHER, detail=detail, by=by)
    notices.cancelled(meeting, by=by)


def involve_chair(meeting: Meeting, by: Any) -> None:
    """A chair who does not see the whole partnership sees the child through the meeting they chair."""
    if not meeting.chair.sees_whole_partnership:
        involve(meeting.child, meeting.chair, InvolvementKind.MEETING_INVITEE, by=by, reason="chairs", source=meeting)
