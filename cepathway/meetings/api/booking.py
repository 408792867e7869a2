"""Booking meetings through the API: the meetings you may see, a child's pathway, scheduling a
Level 1, moving or re-chairing a meeting, cancelling a Level 1, and invitations."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Router, Status

from cepathway.core import audit
from cepathway.core.api_support import FormInvalid, In, responds, validated
from cepathway.core.permissions import require
from cepathway.people.models import User
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for

from .. import access, forms, invitations, panels, pathway, presenters
from ..models import Meeting
from ..schemas import InvitationOut, MeetingDetailOut, MeetingOut, MyMeetingsOut, PathwayOut, WithdrawnOut
from ..views.booking import chair_role

router = Router()


@router.get("/my-meetings", response=responds(MyMeetingsOut), summary="Scheduled meetings you chair or are invited to")
def my_meetings(request: AuthedRequest) -> Any:
    require(request.user, "meetings.view_meeting")
    audit.listed(request.user, Meeting, detail="meetings and reviews I chair")
    audit.listed(request.user, Meeting, detail="meetings I am invited to")
    return {
        "chairing": panels.meetings_chaired_by(request.user)[:200],
        "invited_to": panels.meetings_invited_to(request.user)[:200],
    }


@router.get(
    "/children/{uuid:child_id}", response=responds(PathwayOut, 403, 404, 422), summary="A child's CE pathway and plan"
)
def child_pathway(request: AuthedRequest, child_id: UUID) -> Any:
    child = access.child_for(request.user, child_id)
    audit.viewed(request.user, child, detail="CE pathway")
    return pathway.child_plan(child, request.user)


class Level1In(In):
    child_id: UUID
    date: dt.date | str
    time: str = Field(description="24-hour clock, e.g. 14:30")
    venue: str
    location: str = ""


@router.post(
    "/level1",
    response=responds(MeetingOut, 403, 404, 413, 422, status=201),
    summary="Schedule a Level 1 meeting (CERAR chairs it)",
)
def schedule_level1(request: AuthedRequest, payload: Level1In) -> Any:
    child = access.child_for(request.user, payload.child_id, "meetings.schedule_level1")
    form = validated(forms.ScheduleLevel1Form, payload.dict(exclude={"child_id"}))
    return Status(201, form.submit(child, by=request.user))


class HeldIn(In):
    child_id: UUID
    kind: str = Field(description='"level1" or "review"')
    status_under_review: str = Field("", description='For a review: the CE status it reviewed ("high", ...)')
    date: dt.date | str = Field(description="The day it was held: today, or in the past within the policy's limit")
    time: str = Field(description="24-hour clock, e.g. 14:30")
    venue: str
    location: str = ""
    chair_id: UUID
    reason: str = Field(description="Why it is recorded after it was held")


@router.post(
    "/held",
    response=responds(MeetingOut, 403, 404, 413, 422, status=201),
    summary="Record a meeting held before it could be booked here (marked as recorded late)",
)
def record_held(request: AuthedRequest, payload: HeldIn) -> Any:
    child = access.child_for(request.user, payload.child_id, "meetings.schedule_level1")
    policy = policy_for(child.partnership_id)
    form = validated(
        forms.RecordHeldForm, payload.dict(exclude={"child_id"}), partnership_id=child.partnership_id, policy=policy
    )
    return Status(201, form.submit(child, by=request.user))


@router.get("/{uuid:meeting_id}", response=responds(MeetingDetailOut, 403, 404, 422), summary="A meeting, all recorded")
def meeting_detail(request: AuthedRequest, meeting_id: UUID) -> Any:
    meeting = access.meeting_for(request.user, meeting_id)
    audit.viewed(request.user, meeting)
    return presenters.meeting_page(meeting, request.user)


class DetailsIn(In):
    version: int
    date: dt.date | str
    time: str
    venue: str
    location: str = ""
    chair_id: UUID
    late_reason: str = Field("", description="Only for a date in the past (held that day): why it is recorded late")


@router.patch(
    "/{uuid:meeting_id}",
    response=responds(MeetingOut, 403, 404, 409, 413, 422),
    summary="Move a meeting, or change its place or chair",
)
def change_details(request: AuthedRequest, meeting_id: UUID, payload: DetailsIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    partnership_id = meeting.child.partnership_id
    form = validated(
        forms.MeetingDetailsForm, payload.dict(), partnership_id=partnership_id, chair_role=chair_role(meeting)
    )
    form.submit(meeting, by=request.user)
    return meeting


class CancelIn(In):
    version: int
    reason: str


@router.post(
    "/{uuid:meeting_id}/cancel",
    response=responds(MeetingOut, 403, 404, 409, 413, 422),
    summary="Cancel a Level 1 meeting: the child's CE pathway closes",
)
def cancel(request: AuthedRequest, meeting_id: UUID, payload: CancelIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    validated(forms.CancelForm, payload.dict()).submit(meeting, by=request.user)
    return meeting


class InviteIn(In):
    user_ids: list[UUID]


def _people(request: AuthedRequest, user_ids: list[UUID]) -> list[User]:
    """The people named, each active in the caller's partnership (else 422 naming `user_ids`)."""
    found = User.objects.filter(pk__in=user_ids, is_active=True, agency__partnership_id=request.user.partnership_id)
    people = {person.pk: person for person in found.select_related("agency")}
    if not user_ids:
        raise FormInvalid.with_errors({"user_ids": ["Choose at least one person to invite."]})
    missing = [str(pk) for pk in user_ids if pk not in people]
    if missing:
        raise FormInvalid.with_errors(
            {"user_ids": [f"Choose someone working in this partnership: not {', '.join(missing)}."]}
        )
    return [people[pk] for pk in user_ids]


@router.post(
    "/{uuid:meeting_id}/invitations",
    response=responds(list[InvitationOut], 403, 404, 409, 413, 422, status=201),
    summary="Invite professionals: each sees the child's record while invited",
)
def invite(request: AuthedRequest, meeting_id: UUID, payload: InviteIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    return Status(201, invitations.invite(meeting, _people(request, payload.user_ids), by=request.user))


@router.post(
    "/invitations/{uuid:invitation_id}/withdraw",
    response=responds(WithdrawnOut, 403, 404, 422),
    summary="Withdraw an invitation: the invitee no longer sees the child through it",
)
def withdraw_invitation(request: AuthedRequest, invitation_id: UUID) -> Any:
    invitation = access.invitation_for(request.user, invitation_id, "meetings.change_meeting")
    invitations.withdraw_invitation(invitation, by=request.user)
    return invitation
