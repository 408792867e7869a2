"""What the pages (and the API) show about a meeting: gathered here so views stay short and the
meeting page, the minutes, the family summary and the JSON say the same thing."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from cepathway.children.models import CEStatus, Child
from cepathway.core.policy import Contacts, PartnershipPolicy, SupportLink
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from . import family_sharing, invitee_notes, meeting_panels, scheduling
from .models import (
    Action,
    CallRequest,
    ClosureReason,
    Contribution,
    Invitation,
    Meeting,
    MeetingKind,
    StatusDecision,
    VoiceOf,
    VoiceRecord,
    ce_type_labels,
)
from .outcomes import Suggestion, suggestion_for
from .safety_plan import carried_forward

TRIAGE_DETAIL = "referrals.view_triage_detail"


@dataclass
class MeetingPage:
    """Everything recorded about a meeting that `user` is shown, and what they may do next.

    The API's meeting schema reads it too: the meeting's own fields (kind, state, chair...) are
    read through to the meeting.
    """

    meeting: Meeting
    invitations: list[Invitation]
    voices: list[VoiceRecord]
    calls: list[CallRequest]
    contributions: list[Contribution]
    actions: list[Action]
    carried_forward: list[Action]
    decision: StatusDecision | None
    next_meeting: Meeting | None
    # The checklist's detail and CERAR's triage judgement are for those working the case, as on
    # the referral page; other invitees see the meeting's own decision.
    suggestion: Suggestion | None
    may_change: bool
    may_record: bool
    may_outcome: bool
    may_views: bool
    may_call: bool
    may_arrange: bool
    may_summary: bool
    # For someone who will record the meeting, the day recording opens when it has not yet.
    recording_opens_on: date | None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "meeting" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.meeting, name)

    @property
    def next_meeting_id(self) -> Any:
        return self.next_meeting.pk if self.next_meeting else None


def meeting_page(meeting: Meeting, user: Any) -> MeetingPage:
    may_change = user.has_perm("meetings.change_meeting", meeting)
    return MeetingPage(
        meeting=meeting,
        invitations=list(meeting.current_invitations()),
        voices=list(meeting.voices.select_related("created_by")),
        calls=list(meeting.call_requests.select_related("arranged_with")),
        contributions=list(meeting.contributions.select_related("agency", "contributor")),
        actions=list(meeting.actions.select_related("owner", "owner_agency")),
        carried_forward=carried_forward(meeting),
        decision=meeting.decision_or_none,
        next_meeting=meeting.next_meeting,
        suggestion=suggestion_for(meeting) if user.has_perm(TRIAGE_DETAIL) else None,
        may_change=may_change and meeting.is_scheduled,
        may_record=may_change and meeting.may_record(),
        may_outcome=user.has_perm("meetings.record_outcome", meeting) and meeting.is_scheduled and meeting.may_record(),
        may_views=user.has_perm("meetings.record_views", meeting) and not meeting.is_cancelled,
        may_call=user.has_perm("meetings.log_call_request", meeting) and meeting.is_scheduled,
        may_arrange=user.has_perm("meetings.arrange_call", meeting),
        may_summary=user.has_perm("meetings.view_family_summary", meeting),
        recording_opens_on=recording_opens_on(meeting, may_change),
    )


def recording_opens_on(meeting: Meeting, may_change: bool) -> date | None:
    """The day someone who records this meeting may start, when that is still to come."""
    waiting = may_change and meeting.is_scheduled and not meeting.may_record()
    return meeting.scheduled_on if waiting else None


def meeting_context(meeting: Meeting, user: Any) -> dict[str, Any]:
    """The meeting page's template context: the page's parts by name, and the child."""
    page = meeting_page(meeting, user)
    parts = {name: getattr(page, name) for name in page.__dataclass_fields__}
    notes = invitee_notes.notes_for([invitation.user for invitation in page.invitations])
    for invitation in page.invitations:
        invitation.notes = notes.get(invitation.user_id, [])  # type: ignore[attr-defined]
    return parts | {
        "child": meeting.child,
        "is_level1": meeting.kind == MeetingKind.LEVEL1,
        "panels": meeting_panels.panels_for(meeting, user),
    }


def review_plans(meeting: Meeting) -> list[scheduling.ReviewPlan]:
    """What policy would set for each status, shown beside the outcome form."""
    policy = policy_for(meeting.child.partnership_id)
    statuses = (CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW)
    plans = [scheduling.review_plan(status, meeting.scheduled_on, policy) for status in statuses]
    return [plan for plan in plans if plan is not None]


def minutes_context(meeting: Meeting, user: Any) -> dict[str, Any]:
    context = meeting_context(meeting, user)
    context["policy"] = policy_for(meeting.child.partnership_id)
    context["printed_at"] = timezone.localtime()
    return context


@dataclass(frozen=True)
class NamedWorker:
    """The professional the family talks to, and how to reach them."""

    title: str  # "social worker" or "lead professional"
    name: str
    agency: str
    email: str
    phone: str


@dataclass
class FamilySummary:
    """A plain-English summary of the outcome for the social worker or lead professional to share.

    It is written to the parent or carer, so it draws only on what is meant for the family: the
    status in the policy's own words for families, what each agency's contribution says may be shared
    with the family, the safety plan's actions and dates, whether the family's views were read out,
    who their worker is, how to complain and where to find support. The meeting's discussion
    (worries, strengths, the family's responses, what needs to happen) is the professionals' record,
    written about the family rather than to them, so it is never copied here; the worker talks it
    through with the family instead.
    """

    meeting: Meeting
    child_first_name: str
    held_on: date
    status: str = ""
    status_label: str = ""
    status_meaning: str = ""
    shared_information: list[tuple[str, str]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    next_review_on: date | None = None
    pathway_ended: bool = False
    closure_reason: str = ""
    # Whose views were read out at the meeting: "your views", "{child}'s views"; empty when none were.
    read_out: list[str] = field(default_factory=list)
    worker: NamedWorker | None = None
    contacts: Contacts = field(default_factory=Contacts)

    @property
    def support_links(self) -> tuple[SupportLink, ...]:
        return self.contacts.support_links

    @property
    def may_complain(self) -> bool:
        contacts = self.contacts
        return bool(contacts.complaints_email or contacts.complaints_phone or contacts.complaints_url)


WORKER_TITLES = {"allocated_social_worker": "social worker", "lead_professional": "lead professional"}


def named_worker(child: Child, status: str, policy: PartnershipPolicy) -> NamedWorker | None:
    """The child's worker the family talks to: the one policy says a status needs allocated (a social
    worker for High and Medium, a lead professional for Low, by default), else whichever is allocated."""
    first = "lead_professional" if policy.status_requires.get(status) == "lead_professional" else ""
    order = sorted(WORKER_TITLES, key=lambda name: name != first)
    for name in order:
        person = getattr(child, name)
        if person is not None:
            return NamedWorker(
                title=WORKER_TITLES[name],
                name=person.display_name,
                agency=str(person.agency or ""),
                email=person.email,
                phone=person.phone,
            )
    return None


def family_summary(meeting: Meeting) -> FamilySummary:
    policy = policy_for(meeting.child.partnership_id)
    decision = meeting.decision_or_none
    child: Child = meeting.child
    summary = FamilySummary(
        meeting=meeting, child_first_name=child.first_name, held_on=meeting.scheduled_on, contacts=policy.contacts
    )
    if decision is not None:
        summary.status = decision.status
        summary.status_label = decision.get_status_display()
        summary.status_meaning = wording.family_status_meaning(policy, decision.status, child.first_name)
    summary.shared_information = [
        (contribution.agency.name, contribution.shareable_with_family)
        for contribution in meeting.contributions.select_related("agency")
        if contribution.shareable_with_family.strip()
    ]
    summary.shared_information += [(shared.source, shared.text) for shared in family_sharing.shareable_for(child)]
    summary.actions = [*carried_forward(meeting), *meeting.actions.select_related("owner_agency")]
    following = meeting.next_meeting
    summary.next_review_on = following.scheduled_on if following else None
    pathway = meeting.pathway
    if pathway.closed_by_meeting_id == meeting.pk:
        summary.pathway_ended = True
        summary.closure_reason = ClosureReason(pathway.closure_reason).label
    read_out = {
        "your views" if voice.voice_of == VoiceOf.PARENT_CARER else f"{child.first_name}'s views"
        for voice in meeting.voices.filter(read_out=True)
        if voice.views.strip()
    }
    summary.read_out = sorted(read_out, key=lambda whose: whose != "your views")
    summary.worker = named_worker(child, summary.status, policy)
    return summary


def ce_types_text(values: list[str]) -> str:
    return ", ".join(ce_type_labels(values))
