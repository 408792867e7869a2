"""The meeting itself, through the API: attendance, agencies' contributions, the discussion, the
outcome, and the family summary."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Router, Status

from cepathway.core import audit
from cepathway.core.api_support import FormInvalid, In, responds, validated
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for

from .. import access, forms, presenters
from ..schemas import ContributionOut, FamilySummaryOut, InvitationOut, MeetingOut, OutcomeOut

router = Router()


class AttendanceEntry(In):
    invitation_id: UUID
    attendance: str = Field(description="attended, apologies, absent or not_recorded")
    note: str = ""


class AttendanceIn(In):
    version: int
    entries: list[AttendanceEntry]


@router.put(
    "/{uuid:meeting_id}/attendance",
    response=responds(list[InvitationOut], 403, 404, 409, 413, 422),
    summary="Record attendance and apologies (invitees left out keep what was recorded)",
)
def attendance(request: AuthedRequest, meeting_id: UUID, payload: AttendanceIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    invitations = list(meeting.current_invitations())
    register = {inv.pk: (inv.attendance, inv.apology_note) for inv in invitations}
    for entry in payload.entries:
        if entry.invitation_id not in register:
            raise FormInvalid.with_errors({"entries": [f"{entry.invitation_id} is not an invitation to this meeting."]})
        register[entry.invitation_id] = (entry.attendance, entry.note)
    data: dict[str, Any] = {"version": payload.version}
    for pk, (attended, note) in register.items():
        data |= {f"attendance_{pk}": attended, f"note_{pk}": note}
    try:
        form = validated(forms.AttendanceForm, data, invitations=invitations)
    except FormInvalid as invalid:
        raise _about_entries(invalid) from invalid
    form.submit(meeting, by=request.user)
    return meeting.current_invitations()


def _about_entries(invalid: FormInvalid) -> FormInvalid:
    """The register's errors as the caller wrote it: under `entries`, naming the invitation (the form
    has a field for each invitee's attendance and note)."""
    errors: dict[str, list[str]] = {}
    for name, messages in invalid.errors.items():
        field, _, invitation_id = name.partition("_")
        key = "entries" if field in ("attendance", "note") and invitation_id else name
        errors.setdefault(key, []).extend(
            f"Invitation {invitation_id}: {message}" if key == "entries" else message for message in messages
        )
    return FormInvalid.with_errors(errors)


class ContributionIn(In):
    agency_id: UUID
    information: str
    shareable_with_family: str = ""
    not_shareable_reason: str = ""


@router.post(
    "/{uuid:meeting_id}/contributions",
    response=responds(ContributionOut, 403, 404, 413, 422, status=201),
    summary="Record an agency's contribution",
)
def add_contribution(request: AuthedRequest, meeting_id: UUID, payload: ContributionIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = validated(forms.ContributionForm, payload.dict(), partnership_id=meeting.child.partnership_id)
    return Status(201, form.submit(meeting, by=request.user))


class DiscussionIn(In):
    version: int
    vulnerabilities: str = ""
    harm: str = ""
    strengths: str = ""
    family_responses: str = ""
    needs_to_happen: str = ""
    scale: int | None = Field(None, description="0 (harm certain) to 10 (safe enough to close)")


@router.put(
    "/{uuid:meeting_id}/discussion",
    response=responds(MeetingOut, 403, 404, 409, 413, 422),
    summary="Save the strengths-based discussion",
)
def discussion(request: AuthedRequest, meeting_id: UUID, payload: DiscussionIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    data = payload.dict() | {"scale": "" if payload.scale is None else str(payload.scale)}
    validated(forms.DiscussionForm, data).submit(meeting, by=request.user)
    return meeting


class OutcomeIn(In):
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


@router.post(
    "/{uuid:meeting_id}/outcome",
    response=responds(OutcomeOut, 403, 404, 409, 413, 422, status=201),
    summary="Record the outcome: the CE status, and the next review or the end of the pathway",
)
def outcome(request: AuthedRequest, meeting_id: UUID, payload: OutcomeIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.record_outcome")
    partnership_id = meeting.child.partnership_id
    policy = policy_for(partnership_id)
    form = validated(forms.OutcomeForm, payload.dict(), partnership_id=partnership_id, policy=policy)
    return Status(201, form.submit(meeting, by=request.user))


@router.get(
    "/{uuid:meeting_id}/family-summary",
    response=responds(FamilySummaryOut, 403, 404, 422),
    summary="The outcome in plain English, for the family",
)
def family_summary(request: AuthedRequest, meeting_id: UUID) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.view_family_summary")
    audit.viewed(request.user, meeting, detail="family summary")
    return presenters.family_summary(meeting)
