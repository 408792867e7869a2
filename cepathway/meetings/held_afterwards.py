"""Recording a meeting that was held before it could be booked here: an urgent Level 1, or the
latest review of a child whose pathway began in another system when a partnership moves its cases in.

The meeting is dated the day it was held (in the past, within the partnership's policy limit),
marked as recorded late with the reason, and then recorded like any other: attendance, discussion
and outcome. Its next review is set from the day it was held, because `outcomes` plans the review
from the meeting's own date.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cepathway.children.models import CEStatus, Child
from cepathway.core import audit
from cepathway.core.policy import PartnershipPolicy, Venue
from cepathway.policy.services import policy_for

from . import pathway as pathways
from . import scheduling
from .booking import Details, check_held_day, involve_chair
from .errors import MeetingError
from .models import Meeting, MeetingKind, Pathway


@dataclass(frozen=True)
class HeldMeeting:
    """What was held: a Level 1 or a review (of `status_under_review`), when, where, chaired by whom."""

    kind: str
    details: Details
    reason: str
    status_under_review: str = ""


def _check_kind(child: Child, held: HeldMeeting, policy: PartnershipPolicy) -> Any:
    """The referral behind a Level 1 (None for a review), with the chair and place policy wants."""
    chair, venue = held.details.chair, held.details.venue
    if held.kind == MeetingKind.LEVEL1:
        referral = pathways.waiting_referral(child)
        if referral is None:
            raise MeetingError(
                "A Level 1 meeting needs a referral with the CERAR decision \u201cLevel 1 meeting\u201d. "
                "For a child whose pathway began elsewhere, record the latest review instead.",
                field="kind",
            )
        scheduling.check_level1_chair(chair, policy)
        return referral
    if held.kind != MeetingKind.REVIEW:
        raise MeetingError("Choose whether it was a Level 1 meeting or a review.", field="kind")
    if policy.review_rule(held.status_under_review) is None:
        raise MeetingError("Choose the CE status the review was about.", field="status_under_review")
    scheduling.check_chair(held.status_under_review, chair, policy)
    scheduling.check_venue(held.status_under_review, venue, policy)
    return None


@transaction.atomic
def record_held(child: Child, held: HeldMeeting, *, by: Any) -> Meeting:
    """Open the child's pathway with a meeting already held, ready for its attendance and outcome."""
    if pathways.open_pathway(child) is not None:
        raise MeetingError(
            "This child is already on the CE pathway: record the meeting booked for them, "
            "or change its date to the day it was held."
        )
    reason = held.reason.strip()
    if not reason:
        raise MeetingError("Say why the meeting is recorded after it was held.", field="reason")
    policy = policy_for(child.partnership_id)
    if held.details.venue not in Venue.LABELS:
        raise MeetingError("Choose where the meeting was held.", field="venue")
    check_held_day(held.details.day, policy)
    referral = _check_kind(child, held, policy)
    if held.details.chair.partnership_id != child.partnership_id:
        raise MeetingError("Choose a chair working in this partnership.", field="chair")

    pathway = Pathway(child=child, referral=referral, opened_at=held.details.when)
    pathway.save_tracked(by)
    audit.created(by, pathway, detail="opened by a meeting recorded after it was held")
    status = held.status_under_review if held.kind == MeetingKind.REVIEW else ""
    meeting = Meeting(
        pathway=pathway,
        child=child,
        kind=held.kind,
        status_under_review=status,
        late_reason=reason,
        policy_version_id=policy.version_id,
    )
    held.details.apply_to(meeting)
    meeting.save_tracked(by)
    what = "Level 1 meeting" if held.kind == MeetingKind.LEVEL1 else f"{CEStatus(status).label} review"
    audit.created(by, meeting, detail=f"{what} held on {held.details.day:%Y-%m-%d}, recorded late: {reason}")
    involve_chair(meeting, by)
    return meeting
