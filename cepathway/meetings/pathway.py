"""A child's CE pathway: the episode that opens with a Level 1 meeting and ends with a reason.

The open pathway and the referral behind it, closing it (a cancelled Level 1, or an outcome of "no
status"), winding up what hung on it, and the child's pathway at a glance for its page and the API.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from cepathway.children.access import sees_who_is_involved
from cepathway.children.models import Child, InvolvementKind
from cepathway.children.services import end_involvements_of_kind
from cepathway.core import audit
from cepathway.core.scoping import visible_to
from cepathway.referrals.models import Referral, ReferralStatus

from . import safety_plan
from .models import (
    Action,
    ActionStatus,
    Level2Flag,
    Meeting,
    MeetingKind,
    MeetingState,
    Pathway,
    StatusDecision,
)


def open_pathway(child: Child) -> Pathway | None:
    return Pathway.objects.filter(child=child, closed_at__isnull=True).first()


def _waiting(referrals: Any) -> Any:
    """The one statement of "waiting for a Level 1 meeting": decided "Level 1 meeting", no pathway
    opened from the referral yet, and the child not on the pathway now. `pathway_opened_at` finds
    the few still waiting by their own index; the pathways themselves are asked too, so a referral
    is never shown as waiting when a pathway was opened from it."""
    opened_from_it = Pathway.objects.filter(referral=OuterRef("pk"))
    on_pathway_now = Pathway.objects.filter(child=OuterRef("child_id"), closed_at__isnull=True)
    rows = referrals.filter(status=ReferralStatus.LEVEL1_REQUIRED, pathway_opened_at__isnull=True)
    return rows.filter(~Exists(opened_from_it), ~Exists(on_pathway_now))


def waiting_for_level1(user: Any) -> Any:
    """The referrals `user` may see that wait for a Level 1 meeting, oldest decision first."""
    rows = _waiting(visible_to(user, Referral))
    return rows.select_related("child").order_by("decided_at", "created_at")


def waiting_referral(child: Child) -> Referral | None:
    """The referral a Level 1 meeting for `child` is booked from (the latest waiting), or None."""
    return _waiting(Referral.objects.filter(child=child)).order_by("-decided_at").first()


def is_waiting_for_level1(child: Child) -> bool:
    """Whether `child` waits for a Level 1 meeting: asked with EXISTS, no referral row read."""
    return _waiting(Referral.objects.filter(child=child)).exists()


def close(pathway: Pathway, *, reason: str, detail: str, by: Any, meeting: Meeting | None = None) -> None:
    """End the pathway with its reason (and the meeting whose outcome ended it), then wind it up."""
    pathway.closed_at = timezone.now()
    pathway.closure_reason = reason
    pathway.closure_detail = detail
    pathway.closed_by_meeting = meeting
    pathway.save_tracked(by)
    fields = ["closed_at", "closure_reason", "closure_detail", *(["closed_by_meeting"] if meeting else [])]
    audit.changed(by, pathway, fields)
    wind_up(pathway, by=by)


def wind_up(pathway: Pathway, *, by: Any) -> None:
    """The pathway has closed. Its open safety plan actions close with it (so nobody is reminded of
    them), and nobody sees the child any longer through its meetings or actions: invitees, review
    chairs, Level 2 panel members and action owners."""
    child = pathway.child
    note = f"The CE pathway ended ({pathway.get_closure_reason_display()}), so this action closed with it."
    for action in Action.objects.open().filter(child=child):
        safety_plan.update_action(
            action, note=note, status=ActionStatus.NO_LONGER_NEEDED, expected_version=action.version, by=by
        )
    end_involvements_of_kind(child, (InvolvementKind.MEETING_INVITEE, InvolvementKind.ACTION_OWNER), by=by)


def referral_progress(referrals: Sequence[Referral]) -> dict[Any, str]:
    """What followed each "Level 1 meeting" decision among `referrals`, by referral id, for their
    status (`referrals.progress`): two queries however many referrals, and whichever of them were
    decided so (the database picks those out, so a page asks the same statements as its list
    changes; issue 8)."""
    if not referrals:
        return {}
    shown = [referral.pk for referral in referrals]
    opened = Pathway.objects.filter(referral_id__in=shown, referral__status=ReferralStatus.LEVEL1_REQUIRED)
    latest: dict[Any, Pathway] = {}
    for pathway in opened.select_related("child").order_by("-opened_at"):
        latest.setdefault(pathway.referral_id, pathway)
    meetings: dict[Any, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(pathway__in=opened).order_by("-scheduled_for"):
        meetings[meeting.pathway_id].append(meeting)
    said = {referral_id: _since_decision(pathway, meetings[pathway.pk]) for referral_id, pathway in latest.items()}
    return {referral_id: text for referral_id, text in said.items() if text}


def _since_decision(pathway: Pathway, meetings: list[Meeting]) -> str | None:
    """Where the pathway a referral opened has got to (`meetings`: its meetings, latest first)."""
    if pathway.closed_at is not None:
        level1 = next((meeting for meeting in meetings if meeting.kind == MeetingKind.LEVEL1), None)
        if level1 is not None and level1.is_cancelled:
            return f"Level 1 meeting cancelled on {pathway.closed_at:%-d %B %Y}: the CE pathway ended"
        return f"CE pathway ended on {pathway.closed_at:%-d %B %Y}"
    if any(meeting.state == MeetingState.HELD for meeting in meetings):
        return f"On the CE pathway: {pathway.child.get_ce_status_display()} status, reviews continue"
    booked = [meeting for meeting in meetings if meeting.state == MeetingState.SCHEDULED]
    if booked:
        soonest = min(booked, key=lambda meeting: meeting.scheduled_for)
        return f"{soonest.get_kind_display()} booked for {timezone.localtime(soonest.scheduled_for):%-d %B %Y}"
    return None


@dataclass
class ChildPlan:
    """A child's pathway at a glance: for the child's pathway page and the API."""

    child: Child
    pathway: Pathway | None
    history: list[StatusDecision]
    meetings: list[Meeting]
    actions: list[Action]
    flags: list[Level2Flag]
    # Whether the person may know who is involved (`children.access.sees_who_is_involved`): who is
    # allocated and leads. The rows above are already scoped by the same rule (`NeedToKnowQuerySet`).
    people_shown: bool = False

    @property
    def on_pathway(self) -> bool:
        return self.pathway is not None

    @property
    def ce_status(self) -> str:
        return self.child.ce_status

    @property
    def child_id(self) -> Any:
        return self.child.pk


def child_plan(child: Child, user: Any) -> ChildPlan:
    return ChildPlan(
        child=child,
        pathway=open_pathway(child),
        history=list(
            StatusDecision.objects.visible_to(user).filter(child=child).select_related("meeting", "created_by")
        ),
        meetings=list(Meeting.objects.visible_to(user).filter(child=child).select_related("chair")),
        actions=list(
            Action.objects.visible_to(user).filter(child=child).select_related("owner", "owner_agency", "meeting")
        ),
        flags=list(Level2Flag.objects.visible_to(user).filter(child=child).select_related("created_by")),
        people_shown=sees_who_is_involved(child, user),
    )
