"""A child's CE pathway: the episode that opens with a Level 1 meeting and ends with a reason.

The open pathway and the referral behind it, closing it (a cancelled Level 1, or an outcome of "no
status"), winding up what hung on it, and the child's pathway at a glance for its page and the API.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cepathway.children.models import Child, InvolvementKind
from cepathway.children.services import end_involvements_of_kind
from cepathway.core import audit
from cepathway.referrals.models import Referral, ReferralStatus

from . import safety_plan
from .models import Action, ActionStatus, Level2Flag, Meeting, Pathway, StatusDecision


def open_pathway(child: Child) -> Pathway | None:
    return Pathway.objects.filter(child=child, closed_at__isnull=True).first()


def level1_referral(child: Child) -> Referral | None:
    """The child's latest referral decided "Level 1 meeting" (None when there is none)."""
    return Referral.objects.filter(child=child, status=ReferralStatus.LEVEL1_REQUIRED).order_by("-decided_at").first()


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


@dataclass
class ChildPlan:
    """A child's pathway at a glance: for the child's pathway page and the API."""

    child: Child
    pathway: Pathway | None
    history: list[StatusDecision]
    meetings: list[Meeting]
    actions: list[Action]
    flags: list[Level2Flag]

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
    )
