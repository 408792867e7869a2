"""Representative records of a generated partnership, for the benchmark to request.

`sample_ids("world-001")` returns a dict of ids (as strings; Level 2 as its year and month too):

- `high_child`: a High child on the pathway with the longest chronology (most meetings);
- `latest_held_meeting`: that child's latest held meeting;
- `next_level2`, `next_level2_year`, `next_level2_month`: the next Level 2 meeting not yet held;
- `referral_awaiting_triage`: the oldest referral waiting for the safeguarding hub;
- `outcome_meeting`: a scheduled meeting whose day has come, so its outcome form is open;
- `allocation_child`: a child on the pathway with an allocated social worker, for the allocation form;
- `socialworker_child`, `school_child`: a child each of those logins works with (first partnership).
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from cepathway.children.models import CEStatus, Child, InvolvementKind
from cepathway.meetings.models import Level2Meeting, Meeting, MeetingState
from cepathway.referrals.models import Referral, ReferralStatus


def sample_ids(partnership_code: str) -> dict[str, Any]:
    children = Child.objects.filter(partnership__code=partnership_code)
    on_pathway = children.filter(ce_pathways__closed_at__isnull=True)
    high = on_pathway.filter(ce_status=CEStatus.HIGH).annotate(meetings=Count("ce_meetings", distinct=True))
    high_child = high.order_by("-meetings", "pk").first()
    latest = Meeting.objects.filter(child=high_child, state=MeetingState.HELD).order_by("-held_at").first()
    level2 = (
        Level2Meeting.objects.filter(partnership__code=partnership_code, held_at__isnull=True).order_by("month").first()
    )
    tomorrow = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time.min))
    outcome = (
        Meeting.objects.filter(child__partnership__code=partnership_code, state=MeetingState.SCHEDULED)
        .filter(scheduled_for__lt=tomorrow)
        .order_by("-scheduled_for", "pk")
        .first()
    )
    waiting = Referral.objects.filter(partnership__code=partnership_code, status=ReferralStatus.SUBMITTED)
    allocation = on_pathway.filter(allocated_social_worker__isnull=False).order_by("last_name", "pk").first()
    found = {
        "high_child": high_child,
        "latest_held_meeting": latest,
        "next_level2": level2,
        "referral_awaiting_triage": waiting.order_by("created_at", "pk").first(),
        "outcome_meeting": outcome,
        "allocation_child": allocation,
        "socialworker_child": _child_of(on_pathway, "socialworker"),
        "school_child": _child_of(on_pathway, "school"),
    }
    ids: dict[str, Any] = {name: str(row.pk) if row is not None else None for name, row in found.items()}
    ids["next_level2_year"] = level2.month.year if level2 else None
    ids["next_level2_month"] = level2.month.month if level2 else None
    return ids


def _child_of(children: Any, username: str) -> Any:
    working = Q(involvements__user__username=username, involvements__ended_at__isnull=True)
    working &= Q(involvements__kind__in=InvolvementKind.from_role_with_child())
    return children.filter(working).order_by("last_name", "pk").first()
