"""Before the meeting, through the API: the views of the child and family, and the telephone
discussions with CERAR the family asks for."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Router, Status

from cepathway.core.api_support import In, responds, validated
from cepathway.people.types import AuthedRequest

from .. import access, forms
from ..schemas import CallOut, VoiceOut

router = Router()


class VoiceIn(In):
    voice_of: str = Field(description="child or parent_carer")
    relationship: str = ""
    method: str = Field(description="in_person, telephone or email")
    gathered_on: dt.date | str
    views: str
    read_out: bool = True


@router.post(
    "/{uuid:meeting_id}/views",
    response=responds(VoiceOut, 403, 404, 413, 422, status=201),
    summary="Record the views of the child or family",
)
def record_voice(request: AuthedRequest, meeting_id: UUID, payload: VoiceIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.record_views")
    return Status(201, validated(forms.VoiceForm, payload.dict()).submit(meeting, by=request.user))


class CallIn(In):
    requested_by: str
    contact_name: str
    contact_phone: str
    best_times: str = ""


@router.post(
    "/{uuid:meeting_id}/calls",
    response=responds(CallOut, 403, 404, 413, 422, status=201),
    summary="Log a request for a call with CERAR",
)
def log_call(request: AuthedRequest, meeting_id: UUID, payload: CallIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.log_call_request")
    return Status(201, validated(forms.CallRequestForm, payload.dict()).submit(meeting, by=request.user))


class ArrangeIn(In):
    version: int
    state: str = Field(description="arranged, held or declined")
    date: dt.date | str | None = None
    time: str = ""
    notes: str = ""


@router.post(
    "/calls/{uuid:call_id}",
    response=responds(CallOut, 403, 404, 409, 413, 422),
    summary="Arrange a call, or record it held or declined (CERAR)",
)
def arrange_call(request: AuthedRequest, call_id: UUID, payload: ArrangeIn) -> Any:
    call = access.call_for(request.user, call_id, "meetings.arrange_call")
    validated(forms.ArrangeCallForm, payload.dict()).submit(call, by=request.user)
    return call
