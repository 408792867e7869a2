"""What the pages (and the API) show about a meeting: gathered here so views stay short and the
minutes, the family summary and the JSON say the same thing."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from cepathway.children.models import CEStatus, Child
from cepathway.core.policy import current_policy

from . import scheduling
from .models import (
    Action,
    ClosureReason,
    Meeting,
    MeetingKind,
    MeetingState,
    StatusDecision,
    VoiceOf,
    ce_type_labels,
)
from .outcomes import suggestion_for

TRIAGE_DETAIL = "referrals.view_triage_detail"


def decision_of(meeting: Meeting) -> StatusDecision | None:
    try:
        return meeting.decision
    except StatusDecision.DoesNotExist:
        return None


def next_meeting_of(meeting: Meeting) -> Meeting | None:
    return meeting.next_meetings.select_related("chair").first()


def carried_forward(meeting: Meeting) -> list[Action]:
    """The safety plan as it stands when this meeting opens: actions still open from the pathway's
    earlier meetings, which a review goes through beside the ones it adds."""
    return list(
        Action.objects.open()
        .filter(meeting__pathway_id=meeting.pathway_id, meeting__scheduled_for__lt=meeting.scheduled_for)
        .select_related("owner", "owner_agency")
        .order_by("due_on")
    )


def meeting_context(meeting: Meeting, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    invitations = list(meeting.invitations.filter(withdrawn_at__isnull=True).select_related("user", "agency"))
    return {
        "meeting": meeting,
        "child": meeting.child,
        "today": today,
        "invitations": invitations,
        "voices": list(meeting.voices.select_related("created_by")),
        "calls": list(meeting.call_requests.select_related("arranged_with")),
        "contributions": list(meeting.contributions.select_related("agency", "contributor")),
        "actions": list(meeting.actions.select_related("owner", "owner_agency")),
        "carried_forward": carried_forward(meeting),
        "decision": decision_of(meeting),
        "next_meeting": next_meeting_of(meeting),
        # The checklist's detail and CERAR's triage judgement are for those working the case, as on
        # the referral page; other invitees see the meeting's own decision.
        "suggestion": suggestion_for(meeting) if user.has_perm(TRIAGE_DETAIL) else None,
        "may_change": user.has_perm("meetings.change_meeting", meeting) and meeting.is_scheduled,
        "may_record": user.has_perm("meetings.change_meeting", meeting)
        and meeting.state != MeetingState.CANCELLED
        and meeting.scheduled_on <= today,
        "may_outcome": user.has_perm("meetings.record_outcome", meeting)
        and meeting.is_scheduled
        and meeting.scheduled_on <= today,
        "may_views": user.has_perm("meetings.record_views", meeting) and meeting.state != MeetingState.CANCELLED,
        "may_call": user.has_perm("meetings.log_call_request", meeting) and meeting.is_scheduled,
        "may_arrange": user.has_perm("meetings.arrange_call", meeting),
        "may_summary": user.has_perm("meetings.view_family_summary", meeting),
        "is_level1": meeting.kind == MeetingKind.LEVEL1,
    }


def review_plans(meeting: Meeting) -> list[scheduling.ReviewPlan]:
    """What policy would set for each status, shown beside the outcome form."""
    plans = []
    for status in (CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW):
        plan = scheduling.review_plan(status, meeting.scheduled_on)
        if plan is not None:
            plans.append(plan)
    return plans


def minutes_context(meeting: Meeting, user: Any) -> dict[str, Any]:
    context = meeting_context(meeting, user)
    context["policy"] = current_policy()
    context["printed_at"] = timezone.localtime()
    return context


@dataclass
class FamilySummary:
    """A plain-English summary of the outcome for the social worker or lead professional to share.

    It contains only what the meeting agreed may be shared: police and other agencies' information
    appears only where the contribution says it may be shared with the family.
    """

    meeting: Meeting
    child_first_name: str
    held_on: date
    status: str = ""
    status_label: str = ""
    status_meaning: str = ""
    worries: str = ""
    working_well: str = ""
    next_steps: str = ""
    shared_information: list[tuple[str, str]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    next_review_on: date | None = None
    pathway_ended: bool = False
    closure_reason: str = ""
    read_out: list[str] = field(default_factory=list)


STATUS_MEANING: dict[str, str] = {
    CEStatus.HIGH: (
        "The meeting is very worried that {name} is being exploited or is at high risk of it. "
        "A social worker will work with you and {name}, and the meeting will look again every {weeks} weeks."
    ),
    CEStatus.MEDIUM: (
        "The meeting is worried that {name} may be being exploited. A social worker will work with you "
        "and {name}, and the meeting will look again every {weeks} weeks."
    ),
    CEStatus.LOW: (
        "The meeting has some worries that {name} could be exploited. A lead professional will support "
        "you and {name}, and the meeting will look again every {weeks} weeks."
    ),
    CEStatus.NONE: (
        "The meeting decided that {name} does not need a child exploitation status. The child exploitation "
        "pathway has ended. You can still talk to your social worker or lead professional about any worries."
    ),
}


def _weeks(status: str) -> int:
    rule = current_policy().review_rule(status)
    return rule.every.days // 7 if rule else 0


def family_summary(meeting: Meeting) -> FamilySummary:
    decision = decision_of(meeting)
    child: Child = meeting.child
    summary = FamilySummary(meeting=meeting, child_first_name=child.first_name, held_on=meeting.scheduled_on)
    if decision is not None:
        summary.status = decision.status
        summary.status_label = decision.get_status_display()
        summary.status_meaning = STATUS_MEANING[decision.status].format(
            name=child.first_name, weeks=_weeks(decision.status)
        )
    summary.worries = "\n\n".join(part for part in (meeting.vulnerabilities, meeting.harm) if part)
    summary.working_well = "\n\n".join(part for part in (meeting.strengths, meeting.family_responses) if part)
    summary.next_steps = meeting.needs_to_happen
    summary.shared_information = [
        (contribution.agency.name, contribution.shareable_with_family)
        for contribution in meeting.contributions.select_related("agency")
        if contribution.shareable_with_family.strip()
    ]
    summary.actions = [*carried_forward(meeting), *meeting.actions.select_related("owner_agency")]
    following = next_meeting_of(meeting)
    summary.next_review_on = following.scheduled_on if following else None
    pathway = meeting.pathway
    if pathway.closed_by_meeting_id == meeting.pk:
        summary.pathway_ended = True
        summary.closure_reason = ClosureReason(pathway.closure_reason).label
    summary.read_out = [
        "your views" if voice.voice_of == VoiceOf.PARENT_CARER else f"{child.first_name}'s views"
        for voice in meeting.voices.all()
        if voice.read_out
    ]
    summary.read_out = sorted(set(summary.read_out))
    return summary


# --- Overdue, for work pages and managers ---------------------------------------------------------


def overdue_reviews(user: Any, today: date | None = None) -> Any:
    today = today or timezone.localdate()
    start_of_today = timezone.make_aware(datetime.combine(today, time.min))
    return (
        Meeting.objects.visible_to(user)
        .filter(state=MeetingState.SCHEDULED)
        .filter(Q(scheduled_for__lt=start_of_today) | Q(due_on__lt=today))
        .select_related("child", "chair", "chair__agency")
        .order_by("scheduled_for")
    )


def overdue_actions(user: Any, today: date | None = None) -> Any:
    return (
        Action.objects.visible_to(user)
        .overdue(today)
        .select_related("child", "owner", "owner_agency")
        .order_by("due_on")
    )


def overdue_context(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "today": today,
        "reviews": list(overdue_reviews(user, today)[:500]),
        "actions": list(overdue_actions(user, today)[:500]),
    }


# --- My work: what the panels (and the API) list for the person signed in -------------------------


def my_open_actions(user: Any, today: date | None = None) -> Any:
    """Open actions `user` owns on children they may see, overdue first, then by due date."""
    today = today or timezone.localdate()
    overdue_first = Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Action.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("child", "owner", "owner_agency")
        .order_by(overdue_first, "due_on")
    )


def meetings_chaired_by(user: Any) -> Any:
    """Scheduled meetings and reviews `user` chairs."""
    return (
        Meeting.objects.visible_to(user)
        .filter(state=MeetingState.SCHEDULED, chair=user)
        .select_related("child", "chair")
        .order_by("scheduled_for")
    )


def meetings_invited_to(user: Any) -> Any:
    """Scheduled meetings `user` is invited to (invitations not withdrawn)."""
    return (
        Meeting.objects.visible_to(user)
        .filter(state=MeetingState.SCHEDULED, invitations__user=user, invitations__withdrawn_at__isnull=True)
        .select_related("child", "chair")
        .distinct()
        .order_by("scheduled_for")
    )


def ce_types_text(values: list[str]) -> str:
    return ", ".join(ce_type_labels(values))
