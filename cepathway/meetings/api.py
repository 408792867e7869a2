"""Meetings, CE status, safety plans and Level 2 through the JSON API.

The same forms validate the payloads, the same services do the work, the same permissions, scope
(out of scope is 404) and audit apply as on the pages. A clash with someone else's save is 409;
a broken rule is 422 with the field it concerns.
"""

import datetime as dt
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.api_support import FormInvalid, validated
from cepathway.core.permissions import require
from cepathway.core.policy import current_policy
from cepathway.core.scoping import get_visible_or_404, visible_to
from cepathway.people.models import User
from cepathway.people.types import AuthedRequest

from . import agenda, forms, outcomes, presenters, services
from .models import Action, CallRequest, Invitation, Level2Item, Level2Meeting, Meeting, MeetingState

router = Router(tags=["meetings"])


def _local(value: datetime) -> tuple[dt.date, str]:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.date(), local.strftime("%H:%M")


def _meeting(request: HttpRequest, meeting_id: UUID) -> Meeting:
    rows = Meeting.objects.visible_to(request.user).select_related("child", "chair", "pathway")
    return get_visible_or_404(request.user, Meeting, rows, pk=meeting_id)


def _person(request: AuthedRequest, user_id: UUID | None, field: str) -> User | None:
    if user_id is None:
        return None
    person = User.objects.filter(pk=user_id, is_active=True, agency__partnership_id=request.user.partnership_id).first()
    if person is None:
        raise FormInvalid.with_errors({field: ["Choose someone working in this partnership."]})
    return person


# --- Schemas -------------------------------------------------------------------------------------


class InvitationOut(Schema):
    id: UUID
    user_id: UUID
    name: str
    agency: str | None
    attendance: str
    apology_note: str


class VoiceOut(Schema):
    id: UUID
    voice_of: str
    relationship: str
    method: str
    gathered_on: dt.date
    views: str
    read_out: bool


class CallOut(Schema):
    id: UUID
    requested_by: str
    contact_name: str
    state: str
    arranged_for: datetime | None
    version: int


class ContributionOut(Schema):
    id: UUID
    agency: str
    information: str
    shareable_with_family: str
    not_shareable_reason: str


class DecisionOut(Schema):
    previous_status: str
    status: str
    ce_types: list[str]
    rationale: str
    suggested_level: str
    suggestion_reasons: list[str]
    decided_at: datetime


class ActionOut(Schema):
    id: UUID
    child_id: UUID
    meeting_id: UUID | None
    level2_item_id: UUID | None
    description: str
    owner_id: UUID
    owner: str
    owner_agency: str
    due_on: dt.date
    status: str
    overdue: bool
    version: int


class MeetingOut(Schema):
    id: UUID
    child_id: UUID
    kind: str
    state: str
    scheduled_for: datetime
    due_on: dt.date | None
    venue: str
    location: str
    chair_id: UUID
    chair: str
    status_under_review: str
    overdue: bool
    version: int


class SuggestionOut(Schema):
    level: str
    reasons: list[str]
    judged_level: str
    referral_reference: str


class DiscussionOut(Schema):
    vulnerabilities: str
    harm: str
    strengths: str
    family_responses: str
    needs_to_happen: str
    scale: int | None


class MeetingDetailOut(MeetingOut):
    invitations: list[InvitationOut]
    views: list[VoiceOut]
    calls: list[CallOut]
    contributions: list[ContributionOut]
    discussion: DiscussionOut
    suggestion: SuggestionOut | None = Field(description="Only for those who see triage detail")
    decision: DecisionOut | None
    next_meeting_id: UUID | None
    actions: list[ActionOut]
    carried_forward: list[ActionOut] = Field(description="Actions still open from earlier meetings on the pathway")


def meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "child_id": meeting.child_id,
        "kind": meeting.kind,
        "state": meeting.state,
        "scheduled_for": meeting.scheduled_for,
        "due_on": meeting.due_on,
        "venue": meeting.venue,
        "location": meeting.location,
        "chair_id": meeting.chair_id,
        "chair": str(meeting.chair),
        "status_under_review": meeting.status_under_review,
        "overdue": meeting.is_overdue(),
        "version": meeting.version,
    }


def action_out(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "child_id": action.child_id,
        "meeting_id": action.meeting_id,
        "level2_item_id": action.level2_item_id,
        "description": action.description,
        "owner_id": action.owner_id,
        "owner": str(action.owner),
        "owner_agency": str(action.owner_agency),
        "due_on": action.due_on,
        "status": action.status,
        "overdue": action.is_overdue(),
        "version": action.version,
    }


def meeting_detail_out(meeting: Meeting, user: Any) -> dict[str, Any]:
    context = presenters.meeting_context(meeting, user)
    decision = context["decision"]
    suggestion = context["suggestion"]
    return meeting_out(meeting) | {
        "invitations": [
            {
                "id": inv.pk,
                "user_id": inv.user_id,
                "name": str(inv.user),
                "agency": str(inv.agency or "") or None,
                "attendance": inv.attendance,
                "apology_note": inv.apology_note,
            }
            for inv in context["invitations"]
        ],
        "views": [
            {
                "id": v.pk,
                "voice_of": v.voice_of,
                "relationship": v.relationship,
                "method": v.method,
                "gathered_on": v.gathered_on,
                "views": v.views,
                "read_out": v.read_out,
            }
            for v in context["voices"]
        ],
        "calls": [
            {
                "id": c.pk,
                "requested_by": c.requested_by,
                "contact_name": c.contact_name,
                "state": c.state,
                "arranged_for": c.arranged_for,
                "version": c.version,
            }
            for c in context["calls"]
        ],
        "contributions": [
            {
                "id": c.pk,
                "agency": str(c.agency),
                "information": c.information,
                "shareable_with_family": c.shareable_with_family,
                "not_shareable_reason": c.not_shareable_reason,
            }
            for c in context["contributions"]
        ],
        "discussion": {name: getattr(meeting, name) for name in Meeting.DISCUSSION_FIELDS},
        "suggestion": (
            {
                "level": suggestion.level,
                "reasons": suggestion.reasons,
                "judged_level": suggestion.judged_level,
                "referral_reference": suggestion.referral_reference,
            }
            if suggestion
            else None
        ),
        "decision": (
            {
                "previous_status": decision.previous_status,
                "status": decision.status,
                "ce_types": decision.ce_types,
                "rationale": decision.rationale,
                "suggested_level": decision.suggested_level,
                "suggestion_reasons": decision.suggestion_reasons,
                "decided_at": decision.decided_at,
            }
            if decision
            else None
        ),
        "next_meeting_id": context["next_meeting"].pk if context["next_meeting"] else None,
        "actions": [action_out(action) for action in context["actions"]],
        "carried_forward": [action_out(action) for action in context["carried_forward"]],
    }


# --- Meetings ------------------------------------------------------------------------------------


@router.get("", response=list[MeetingOut], summary="Scheduled meetings you may see")
def list_meetings(request: HttpRequest) -> Any:
    require(request.user, "meetings.view_meeting")
    rows = (
        Meeting.objects.visible_to(request.user)
        .filter(state=MeetingState.SCHEDULED)
        .select_related("chair")
        .order_by("scheduled_for")
    )
    audit.listed(request.user, Meeting, detail="scheduled meetings")
    return [meeting_out(meeting) for meeting in rows[:200]]


class Level1In(Schema):
    child_id: UUID
    date: dt.date | str
    time: str = Field(description="24-hour clock, e.g. 14:30")
    venue: str
    location: str = ""


@router.post("/level1", response={201: MeetingOut}, summary="Schedule a Level 1 meeting (CERAR)")
def schedule_level1(request: HttpRequest, payload: Level1In) -> Any:
    child = get_visible_or_404(request.user, Child, pk=payload.child_id)
    require(request.user, "meetings.schedule_level1", child)
    form = validated(forms.ScheduleLevel1Form, payload.dict(exclude={"child_id"}))
    data = form.cleaned_data
    meeting = services.schedule_level1(
        child, when=data["when"], venue=data["venue"], location=data["location"], by=request.user
    )
    return Status(201, meeting_out(meeting))


class InviteIn(Schema):
    user_ids: list[UUID]


@router.post("/{meeting_id}/invitations", response={201: list[InvitationOut]}, summary="Invite professionals")
def invite(request: AuthedRequest, meeting_id: UUID, payload: InviteIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    people = [_person(request, pk, "user_ids") for pk in payload.user_ids]
    if not people:
        raise FormInvalid.with_errors({"user_ids": ["Choose at least one person to invite."]})
    sent = services.invite(meeting, people, by=request.user)
    return Status(
        201,
        [
            {
                "id": inv.pk,
                "user_id": inv.user_id,
                "name": str(inv.user),
                "agency": str(inv.agency or "") or None,
                "attendance": inv.attendance,
                "apology_note": inv.apology_note,
            }
            for inv in sent
        ],
    )


def invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "user_id": invitation.user_id,
        "name": str(invitation.user),
        "agency": str(invitation.agency or "") or None,
        "attendance": invitation.attendance,
        "apology_note": invitation.apology_note,
    }


class WithdrawnOut(InvitationOut):
    withdrawn_at: datetime | None


@router.post(
    "/invitations/{invitation_id}/withdraw",
    response=WithdrawnOut,
    summary="Withdraw an invitation: the invitee no longer sees the child through it",
)
def withdraw_invitation(request: HttpRequest, invitation_id: UUID) -> Any:
    rows = Invitation.objects.visible_to(request.user).select_related(
        "meeting", "meeting__child", "meeting__chair", "user", "agency"
    )
    invitation = get_visible_or_404(request.user, Invitation, rows, pk=invitation_id)
    require(request.user, "meetings.change_meeting", invitation.meeting)
    services.withdraw_invitation(invitation, by=request.user)
    return invitation_out(invitation) | {"withdrawn_at": invitation.withdrawn_at}


class CancelIn(Schema):
    version: int
    reason: str


@router.post(
    "/{meeting_id}/cancel", response=MeetingOut, summary="Cancel a Level 1 meeting: the child's CE pathway closes"
)
def cancel(request: HttpRequest, meeting_id: UUID, payload: CancelIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    form = validated(forms.CancelForm, payload.dict())
    services.cancel(
        meeting,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
        by=request.user,
    )
    return meeting_out(meeting)


# --- My work and the overdue overview: what the work pages list -----------------------------------


class MyMeetingsOut(Schema):
    chairing: list[MeetingOut]
    invited_to: list[MeetingOut]


@router.get("/my-meetings", response=MyMeetingsOut, summary="Scheduled meetings you chair or are invited to")
def my_meetings(request: HttpRequest) -> Any:
    require(request.user, "meetings.view_meeting")
    chairing = list(presenters.meetings_chaired_by(request.user)[:200])
    invited_to = list(presenters.meetings_invited_to(request.user)[:200])
    audit.listed(request.user, Meeting, detail="meetings and reviews I chair")
    audit.listed(request.user, Meeting, detail="meetings I am invited to")
    return {"chairing": [meeting_out(m) for m in chairing], "invited_to": [meeting_out(m) for m in invited_to]}


@router.get("/my-actions", response=list[ActionOut], summary="Open safety plan actions you own, overdue first")
def my_actions(request: HttpRequest) -> Any:
    require(request.user, "meetings.view_meeting")
    rows = list(presenters.my_open_actions(request.user)[:200])
    audit.listed(request.user, Action, detail="my safety plan actions")
    return [action_out(action) for action in rows]


class OverdueOut(Schema):
    reviews: list[MeetingOut]
    actions: list[ActionOut]


@router.get("/overdue", response=OverdueOut, summary="Overdue reviews and actions you may see (managers, CERAR)")
def overdue(request: HttpRequest) -> Any:
    require(request.user, "meetings.view_overdue_overview")
    found = presenters.overdue_context(request.user)
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    return {
        "reviews": [meeting_out(meeting) for meeting in found["reviews"]],
        "actions": [action_out(action) for action in found["actions"]],
    }


class VoiceIn(Schema):
    voice_of: str = Field(description="child or parent_carer")
    relationship: str = ""
    method: str = Field(description="in_person, telephone or email")
    gathered_on: dt.date | str
    views: str
    read_out: bool = True


@router.post("/{meeting_id}/views", response={201: VoiceOut}, summary="Record the views of the child or family")
def record_voice(request: HttpRequest, meeting_id: UUID, payload: VoiceIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.record_views", meeting)
    form = validated(forms.VoiceForm, payload.dict())
    voice = services.record_voice(meeting, **form.cleaned_data, by=request.user)
    return Status(
        201,
        {
            "id": voice.pk,
            "voice_of": voice.voice_of,
            "relationship": voice.relationship,
            "method": voice.method,
            "gathered_on": voice.gathered_on,
            "views": voice.views,
            "read_out": voice.read_out,
        },
    )


class CallIn(Schema):
    requested_by: str
    contact_name: str
    contact_phone: str
    best_times: str = ""


def call_out(call: CallRequest) -> dict[str, Any]:
    return {
        "id": call.pk,
        "requested_by": call.requested_by,
        "contact_name": call.contact_name,
        "state": call.state,
        "arranged_for": call.arranged_for,
        "version": call.version,
    }


@router.post("/{meeting_id}/calls", response={201: CallOut}, summary="Log a request for a call with CERAR")
def log_call(request: HttpRequest, meeting_id: UUID, payload: CallIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.log_call_request", meeting)
    form = validated(forms.CallRequestForm, payload.dict())
    call = services.log_call_request(meeting, **form.cleaned_data, by=request.user)
    return Status(201, call_out(call))


class ArrangeIn(Schema):
    version: int
    state: str = Field(description="arranged, held or declined")
    date: dt.date | str | None = None
    time: str = ""
    notes: str = ""


@router.post("/calls/{call_id}", response=CallOut, summary="Arrange a call, or record it held or declined")
def arrange_call(request: HttpRequest, call_id: UUID, payload: ArrangeIn) -> Any:
    rows = CallRequest.objects.visible_to(request.user).select_related("meeting")
    call = get_visible_or_404(request.user, CallRequest, rows, pk=call_id)
    require(request.user, "meetings.arrange_call", call)
    form = validated(forms.ArrangeCallForm, payload.dict())
    data = form.cleaned_data
    services.arrange_call(
        call,
        state=data["state"],
        arranged_for=data["arranged_for"],
        notes=data["notes"],
        expected_version=data["version"],
        by=request.user,
    )
    return call_out(call)


class AttendanceEntry(Schema):
    invitation_id: UUID
    attendance: str = Field(description="attended, apologies, absent or not_recorded")
    note: str = ""


class AttendanceIn(Schema):
    version: int
    entries: list[AttendanceEntry]


@router.put("/{meeting_id}/attendance", response=list[InvitationOut], summary="Record attendance and apologies")
def attendance(request: HttpRequest, meeting_id: UUID, payload: AttendanceIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    invitations = list(meeting.invitations.filter(withdrawn_at__isnull=True).select_related("user", "agency"))
    data: dict[str, Any] = {"version": payload.version}
    for inv in invitations:
        data[f"attendance_{inv.pk}"] = inv.attendance
        data[f"note_{inv.pk}"] = inv.apology_note
    known = {inv.pk for inv in invitations}
    for entry in payload.entries:
        if entry.invitation_id not in known:
            raise FormInvalid.with_errors({"entries": [f"{entry.invitation_id} is not an invitation to this meeting."]})
        data[f"attendance_{entry.invitation_id}"] = entry.attendance
        data[f"note_{entry.invitation_id}"] = entry.note
    form = validated(forms.AttendanceForm, data, invitations=invitations)
    services.record_attendance(meeting, form.register(), expected_version=payload.version, by=request.user)
    return [
        {
            "id": inv.pk,
            "user_id": inv.user_id,
            "name": str(inv.user),
            "agency": str(inv.agency or "") or None,
            "attendance": inv.attendance,
            "apology_note": inv.apology_note,
        }
        for inv in meeting.invitations.filter(withdrawn_at__isnull=True).select_related("user", "agency")
    ]


class ContributionIn(Schema):
    agency_id: UUID
    information: str
    shareable_with_family: str = ""
    not_shareable_reason: str = ""


@router.post("/{meeting_id}/contributions", response={201: ContributionOut}, summary="Record an agency's contribution")
def add_contribution(request: HttpRequest, meeting_id: UUID, payload: ContributionIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    data = payload.dict(exclude={"agency_id"}) | {"agency": str(payload.agency_id)}
    form = validated(forms.ContributionForm, data, partnership_id=meeting.child.partnership_id)
    c = services.add_contribution(meeting, **form.cleaned_data, by=request.user)
    return Status(
        201,
        {
            "id": c.pk,
            "agency": str(c.agency),
            "information": c.information,
            "shareable_with_family": c.shareable_with_family,
            "not_shareable_reason": c.not_shareable_reason,
        },
    )


class DiscussionIn(Schema):
    version: int
    vulnerabilities: str = ""
    harm: str = ""
    strengths: str = ""
    family_responses: str = ""
    needs_to_happen: str = ""
    scale: int | None = Field(None, description="0 (harm certain) to 10 (safe enough to close)")


@router.put("/{meeting_id}/discussion", response=MeetingOut, summary="Save the strengths-based discussion")
def discussion(request: HttpRequest, meeting_id: UUID, payload: DiscussionIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    data = payload.dict()
    data["scale"] = "" if payload.scale is None else str(payload.scale)
    form = validated(forms.DiscussionForm, data)
    values = {name: form.cleaned_data[name] for name in Meeting.DISCUSSION_FIELDS}
    services.record_discussion(meeting, values, expected_version=form.cleaned_data["version"], by=request.user)
    return meeting_out(meeting)


class OutcomeIn(Schema):
    version: int
    status: str = Field(description="high, medium, low or none")
    ce_types: list[str] = []
    rationale: str
    social_worker_id: UUID | None = None
    lead_professional_id: UUID | None = None
    review_date: dt.date | str | None = Field(None, description="Leave out to use the date policy sets")
    review_time: str = ""
    review_venue: str = ""
    review_location: str = ""
    review_chair_id: UUID | None = None
    invite_same_people: bool = True
    closure_reason: str = ""
    closure_detail: str = ""


class OutcomeOut(Schema):
    decision: DecisionOut
    review: MeetingOut | None


@router.post("/{meeting_id}/outcome", response={201: OutcomeOut}, summary="Record the outcome: status, next step")
def outcome(request: HttpRequest, meeting_id: UUID, payload: OutcomeIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.record_outcome", meeting)
    people_ids = {"social_worker_id": "social_worker", "lead_professional_id": "lead_professional",
                  "review_chair_id": "review_chair"}  # fmt: skip
    data = payload.dict(exclude=set(people_ids))
    for key, name in people_ids.items():
        value = getattr(payload, key)
        data[name] = str(value) if value else ""
    form = validated(forms.OutcomeForm, data, partnership_id=meeting.child.partnership_id)
    d = form.cleaned_data
    decided = outcomes.Outcome(
        status=d["status"],
        ce_types=d["ce_types"],
        rationale=d["rationale"],
        social_worker=d["social_worker"],
        lead_professional=d["lead_professional"],
        review_when=d["review_when"],
        review_venue=d["review_venue"],
        review_location=d["review_location"],
        review_chair=d["review_chair"],
        invite_same_people=d["invite_same_people"],
        closure_reason=d["closure_reason"],
        closure_detail=d["closure_detail"],
    )
    result = outcomes.record_outcome(meeting, decided, expected_version=d["version"], by=request.user)  # fmt: skip
    decision = result.decision
    return Status(
        201,
        {
            "decision": {
                "previous_status": decision.previous_status,
                "status": decision.status,
                "ce_types": decision.ce_types,
                "rationale": decision.rationale,
                "suggested_level": decision.suggested_level,
                "suggestion_reasons": decision.suggestion_reasons,
                "decided_at": decision.decided_at,
            },
            "review": meeting_out(result.review) if result.review else None,
        },
    )


class FamilySummaryOut(Schema):
    child_first_name: str
    held_on: dt.date
    status: str
    status_meaning: str
    worries: str
    working_well: str
    next_steps: str
    shared_information: list[dict[str, str]]
    actions: list[dict[str, Any]]
    next_review_on: dt.date | None
    pathway_ended: bool
    closure_reason: str


@router.get("/{meeting_id}/family-summary", response=FamilySummaryOut, summary="Plain-English outcome summary")
def family_summary(request: HttpRequest, meeting_id: UUID) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.view_family_summary", meeting)
    audit.viewed(request.user, meeting, detail="family summary")
    s = presenters.family_summary(meeting)
    return {
        "child_first_name": s.child_first_name,
        "held_on": s.held_on,
        "status": s.status,
        "status_meaning": s.status_meaning,
        "worries": s.worries,
        "working_well": s.working_well,
        "next_steps": s.next_steps,
        "shared_information": [{"agency": agency, "text": text} for agency, text in s.shared_information],
        "actions": [
            {"agency": str(a.owner_agency), "what": a.description, "due_on": a.due_on.isoformat()} for a in s.actions
        ],
        "next_review_on": s.next_review_on,
        "pathway_ended": s.pathway_ended,
        "closure_reason": s.closure_reason,
    }


# --- Safety plan ---------------------------------------------------------------------------------


class ActionIn(Schema):
    description: str
    owner_id: UUID
    due_on: dt.date | str


@router.post("/{meeting_id}/actions", response={201: ActionOut}, summary="Add a safety plan action")
def add_action(request: HttpRequest, meeting_id: UUID, payload: ActionIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    data = payload.dict(exclude={"owner_id"}) | {"owner": str(payload.owner_id)}
    form = validated(forms.ActionForm, data, partnership_id=meeting.child.partnership_id)
    action = services.add_action(meeting, **form.cleaned_data, by=request.user)
    return Status(201, action_out(action))


def _action(request: HttpRequest, action_id: UUID) -> Action:
    rows = Action.objects.visible_to(request.user).select_related("owner", "owner_agency", "meeting", "child")
    return get_visible_or_404(request.user, Action, rows, pk=action_id)


@router.get("/actions/{action_id}", response=ActionOut, summary="A safety plan action")
def action_detail(request: HttpRequest, action_id: UUID) -> Any:
    action = _action(request, action_id)
    audit.viewed(request.user, action)
    return action_out(action)


class ActionUpdateIn(Schema):
    version: int
    note: str
    status: str = Field(description="not_started, in_progress, done or no_longer_needed")
    due_on: dt.date | str | None = None


@router.post("/actions/{action_id}/updates", response={201: ActionOut}, summary="Record progress on an action")
def update_action(request: HttpRequest, action_id: UUID, payload: ActionUpdateIn) -> Any:
    action = _action(request, action_id)
    require(request.user, "meetings.update_action", action)
    form = validated(forms.ActionUpdateForm, payload.dict())
    d = form.cleaned_data
    services.update_action(
        action,
        note=d["note"],
        status=d["status"],
        due_on=d["due_on"],
        expected_version=d["version"],
        by=request.user,
    )
    return Status(201, action_out(action))


# --- A child's pathway, and Level 2 flags ------------------------------------------------------


class StatusChangeOut(Schema):
    meeting_id: UUID
    previous_status: str
    status: str
    ce_types: list[str]
    rationale: str
    decided_at: datetime


class PathwayOut(Schema):
    child_id: UUID
    ce_status: str
    on_pathway: bool
    history: list[StatusChangeOut]
    meetings: list[MeetingOut]
    actions: list[ActionOut]


@router.get("/children/{child_id}", response=PathwayOut, summary="A child's CE pathway: status history, plan")
def child_pathway(request: HttpRequest, child_id: UUID) -> Any:
    child = get_visible_or_404(request.user, Child, pk=child_id)
    require(request.user, "meetings.view_meeting", child)
    plan = services.child_plan(child, request.user)
    audit.viewed(request.user, child, detail="CE pathway")
    return {
        "child_id": child.pk,
        "ce_status": child.ce_status,
        "on_pathway": plan.pathway is not None,
        "history": [
            {
                "meeting_id": d.meeting_id,
                "previous_status": d.previous_status,
                "status": d.status,
                "ce_types": d.ce_types,
                "rationale": d.rationale,
                "decided_at": d.decided_at,
            }
            for d in plan.history
        ],
        "meetings": [meeting_out(m) for m in plan.meetings],
        "actions": [action_out(a) for a in plan.actions],
    }


class FlagIn(Schema):
    reason: str


class FlagOut(Schema):
    id: UUID
    child_id: UUID
    reason: str


@router.post("/children/{child_id}/level2-flags", response={201: FlagOut}, summary="Flag a Low child for Level 2")
def flag_for_level2(request: HttpRequest, child_id: UUID, payload: FlagIn) -> Any:
    child = get_visible_or_404(request.user, Child, pk=child_id)
    require(request.user, "meetings.flag_for_level2", child)
    form = validated(forms.FlagForm, payload.dict())
    flag = services.flag_for_level2(child, reason=form.cleaned_data["reason"], by=request.user)
    return Status(201, {"id": flag.pk, "child_id": flag.child_id, "reason": flag.reason})


# --- Level 2 -------------------------------------------------------------------------------------


class Level2Out(Schema):
    id: UUID
    month: dt.date
    scheduled_for: datetime
    venue: str
    location: str
    chair: str
    chair_id: UUID
    member_ids: list[UUID]
    held: bool
    notes: str
    version: int


def level2_out(level2: Level2Meeting) -> dict[str, Any]:
    return {
        "id": level2.pk,
        "month": level2.month,
        "scheduled_for": level2.scheduled_for,
        "venue": level2.venue,
        "location": level2.location,
        "chair": str(level2.chair),
        "chair_id": level2.chair_id,
        "member_ids": [member.pk for member in level2.members.all()],
        "held": level2.is_held,
        "notes": level2.notes,
        "version": level2.version,
    }


def _level2(request: HttpRequest, month: str) -> Level2Meeting:
    """Your partnership's Level 2 meeting for `month` (YYYY-MM): each partnership has one a month."""
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError as impossible:
        audit.denied(request.user, Level2Meeting, month, detail="no such month")
        raise Http404("No such month.") from impossible
    rows = visible_to(request.user, Level2Meeting).select_related("chair")
    return get_visible_or_404(request.user, Level2Meeting, rows, month=first)


@router.get("/level2", response=list[Level2Out], summary="Level 2 meetings of your partnership")
def level2_list(request: HttpRequest) -> Any:
    require(request.user, "meetings.view_level2")
    rows = visible_to(request.user, Level2Meeting).select_related("chair").prefetch_related("members")
    audit.listed(request.user, Level2Meeting)
    return [level2_out(level2) for level2 in rows[:100]]


class Level2In(Schema):
    month: dt.date
    date: dt.date | str | None = Field(None, description="Leave out for the policy's day")
    time: str = ""
    venue: str = "online"
    location: str = ""
    chair_id: UUID | None = Field(None, description="Leave out to chair it yourself")


@router.post("/level2", response={201: Level2Out}, summary="Create a month's Level 2 meeting and its agenda")
def level2_create(request: AuthedRequest, payload: Level2In) -> Any:
    require(request.user, "meetings.manage_level2")
    policy = current_policy()
    month = payload.month.replace(day=1)
    day = payload.date or agenda.proposed_day(month, timezone.localdate())
    data = {
        "month": month.isoformat(),
        "date": day,
        "time": payload.time or policy.default_meeting_time.strftime("%H:%M"),
        "venue": payload.venue,
        "location": payload.location,
        "chair": str(payload.chair_id or request.user.pk),
    }
    form = validated(
        forms.Level2Form,
        data,
        partnership_id=request.user.partnership_id,
        months=[month],
        roles=policy.level2_organiser_roles,
    )
    d = form.cleaned_data
    level2 = agenda.create_level2(
        agenda.partnership_of(request.user),
        month=d["month"],
        when=d["when"],
        venue=d["venue"],
        location=d["location"],
        chair=d["chair"],
        by=request.user,
    )
    return Status(201, level2_out(level2))


class AgendaItemOut(Schema):
    id: UUID
    child_id: UUID
    child_name: str
    reason: str
    status: str
    status_when_listed: str
    flagged_by: str | None
    flag_reason: str | None
    status_history: list[dict[str, Any]]
    days_since_last_review: int | None
    next_review_on: dt.date | None
    next_review_overdue: bool
    overdue_actions: list[ActionOut]
    new_since_last_level2: list[str]
    decisions: str
    actions: list[ActionOut]
    version: int


class AgendaOut(Level2Out):
    items: list[AgendaItemOut]
    not_shown: int
    persons_and_places_of_concern: list[str]


@router.get("/level2/{month}", response=AgendaOut, summary="Your partnership's Level 2 meeting for a month")
def level2_detail(request: HttpRequest, month: str) -> Any:
    """`month` is YYYY-MM: each partnership has one Level 2 meeting a month."""
    level2 = _level2(request, month)
    require(request.user, "meetings.view_level2", level2)
    built = agenda.build(level2, request.user)
    audit.viewed(request.user, level2, detail=f"agenda of {len(built.items)} children")
    for row in built.items:
        audit.viewed(request.user, row.item, detail="on the Level 2 agenda")
    from .level2_sections import sections_for

    return level2_out(level2) | {
        "not_shown": built.hidden,
        "persons_and_places_of_concern": [section.title for section in sections_for(level2, request)],
        "items": [
            {
                "id": row.item.pk,
                "child_id": row.child.pk,
                "child_name": row.child.full_name,
                "reason": row.item.reason,
                "status": row.child.ce_status,
                "status_when_listed": row.item.status_when_listed,
                "flagged_by": str(row.item.flag.created_by) if row.item.flag else None,
                "flag_reason": row.item.flag.reason if row.item.flag else None,
                "status_history": [
                    {"status": d.status, "previous_status": d.previous_status, "decided_at": d.decided_at.isoformat()}
                    for d in row.history
                ],
                "days_since_last_review": row.days_since_review,
                "next_review_on": row.next_review.scheduled_on if row.next_review else None,
                "next_review_overdue": row.next_review_overdue,
                "overdue_actions": [action_out(a) for a in row.overdue_actions],
                "new_since_last_level2": row.new_since_last,
                "decisions": row.item.decisions,
                "actions": [action_out(a) for a in row.level2_actions],
                "version": row.item.version,
            }
            for row in built.items
        ],
    }


class Level2DetailsIn(Schema):
    version: int
    date: dt.date | str | None = Field(None, description="Leave out to keep it; it must stay in the meeting's month")
    time: str | None = Field(None, description="24-hour clock, e.g. 14:30; leave out to keep it")
    venue: str | None = None
    location: str | None = None
    chair_id: UUID | None = None
    member_ids: list[UUID] | None = Field(None, description="The whole panel; leave out to keep it as it is")


@router.patch(
    "/level2/{month}", response=Level2Out, summary="Change the date, place, chair or panel (before it is held)"
)
def level2_change(request: HttpRequest, month: str, payload: Level2DetailsIn) -> Any:
    level2 = _level2(request, month)
    require(request.user, "meetings.manage_level2", level2)
    day, time = _local(level2.scheduled_for)
    members = payload.member_ids if payload.member_ids is not None else level2.members.values_list("pk", flat=True)
    data = {
        "version": payload.version,
        "date": payload.date if payload.date is not None else day,
        "time": payload.time if payload.time is not None else time,
        "venue": payload.venue if payload.venue is not None else level2.venue,
        "location": payload.location if payload.location is not None else level2.location,
        "chair": str(payload.chair_id or level2.chair_id),
        "members": [str(pk) for pk in members],
    }
    form = validated(
        forms.Level2DetailsForm,
        data,
        partnership_id=level2.partnership_id,
        roles=current_policy().level2_organiser_roles,
        panel_roles=agenda.panel_roles(),
    )
    d = form.cleaned_data
    agenda.change_level2_details(
        level2,
        expected_version=d["version"],
        when=d["when"],
        venue=d["venue"],
        location=d["location"],
        chair=d["chair"],
        members=list(d["members"]),
        by=request.user,
    )
    return level2_out(level2)


class RefreshOut(Level2Out):
    added: int
    removed: int


@router.post(
    "/level2/{month}/refresh", response=RefreshOut, summary="Bring the agenda up to date (until the meeting is held)"
)
def level2_refresh(request: HttpRequest, month: str) -> Any:
    level2 = _level2(request, month)
    require(request.user, "meetings.manage_level2", level2)
    update = agenda.refresh(level2, by=request.user)
    return level2_out(level2) | {"added": len(update.added), "removed": len(update.removed)}


class HeldIn(Schema):
    notes: str = ""


@router.post("/level2/{month}/held", response=Level2Out, summary="Record the Level 2 meeting as held")
def level2_held(request: HttpRequest, month: str, payload: HeldIn) -> Any:
    level2 = _level2(request, month)
    require(request.user, "meetings.manage_level2", level2)
    form = validated(forms.Level2HeldForm, payload.dict())
    held = agenda.mark_held(level2, notes=form.cleaned_data["notes"], by=request.user)
    return level2_out(held)


def _item(request: HttpRequest, item_id: UUID) -> Level2Item:
    rows = Level2Item.objects.visible_to(request.user).select_related("child", "level2_meeting")
    return get_visible_or_404(request.user, Level2Item, rows, pk=item_id)


class DecisionsIn(Schema):
    version: int
    decisions: str


@router.post("/level2/items/{item_id}/decisions", response=dict, summary="Record the panel's decisions on a child")
def level2_decisions(request: HttpRequest, item_id: UUID, payload: DecisionsIn) -> Any:
    item = _item(request, item_id)
    require(request.user, "meetings.manage_level2", item)
    form = validated(forms.Level2DecisionForm, payload.dict())
    agenda.record_decisions(
        item,
        decisions=form.cleaned_data["decisions"],
        expected_version=form.cleaned_data["version"],
        by=request.user,
    )
    return {"id": str(item.pk), "decisions": item.decisions, "version": item.version}


@router.post("/level2/items/{item_id}/actions", response={201: ActionOut}, summary="Add a Level 2 action")
def level2_action(request: HttpRequest, item_id: UUID, payload: ActionIn) -> Any:
    item = _item(request, item_id)
    require(request.user, "meetings.manage_level2", item)
    data = payload.dict(exclude={"owner_id"}) | {"owner": str(payload.owner_id)}
    form = validated(forms.ActionForm, data, partnership_id=item.child.partnership_id)
    action = services.add_action(None, level2_item=item, **form.cleaned_data, by=request.user)
    return Status(201, action_out(action))


# --- One meeting: last, so that /level2, /children, /actions and /calls are matched first ---------


@router.get("/{meeting_id}", response=MeetingDetailOut, summary="A meeting with everything recorded about it")
def meeting_detail(request: HttpRequest, meeting_id: UUID) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.view_meeting", meeting)
    audit.viewed(request.user, meeting)
    return meeting_detail_out(meeting, request.user)


class DetailsIn(Schema):
    version: int
    date: dt.date | str
    time: str
    venue: str
    location: str = ""
    chair_id: UUID


@router.patch("/{meeting_id}", response=MeetingOut, summary="Move a meeting, or change its place or chair")
def change_details(request: HttpRequest, meeting_id: UUID, payload: DetailsIn) -> Any:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    chair_role = _chair_role(meeting)
    data_in = payload.dict(exclude={"chair_id"}) | {"chair": str(payload.chair_id)}
    form = validated(
        forms.MeetingDetailsForm, data_in, partnership_id=meeting.child.partnership_id, chair_role=chair_role
    )
    data = form.cleaned_data
    services.change_details(
        meeting,
        expected_version=data["version"],
        when=data["when"],
        venue=data["venue"],
        location=data["location"],
        chair=data["chair"],
        by=request.user,
    )
    return meeting_out(meeting)


def _chair_role(meeting: Meeting) -> str:
    policy = current_policy()
    rule = policy.review_rule(meeting.status_under_review) if meeting.status_under_review else None
    return rule.chair_role if rule else policy.level1_chair_role
