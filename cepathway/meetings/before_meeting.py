"""Before the meeting: the views of the child and of their parent or carer, gathered by the people
working with them (to be read out), and requests from the family for a telephone discussion with
CERAR, which CERAR arranges."""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.core import audit

from .booking import require_scheduled
from .errors import MeetingError, clean
from .models import CallRequest, CallState, Meeting, VoiceRecord


def _check_not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise MeetingError(f"{what} cannot be in the future.", field=field)


@transaction.atomic
def record_voice(
    meeting: Meeting,
    *,
    voice_of: str,
    method: str,
    gathered_on: date,
    views: str,
    relationship: str = "",
    read_out: bool = True,
    by: Any,
) -> VoiceRecord:
    if meeting.is_cancelled:
        raise MeetingError("This meeting was cancelled.")
    _check_not_future(gathered_on, "gathered_on", "The date the views were given")
    if not views.strip():
        raise MeetingError("Enter their views.", field="views")
    record = VoiceRecord(
        meeting=meeting,
        child=meeting.child,
        voice_of=voice_of,
        relationship=relationship,
        method=method,
        gathered_on=gathered_on,
        views=views,
        read_out=read_out,
    )
    clean(record, exclude=["meeting", "child"])
    record.save_tracked(by)
    audit.created(by, record)
    return record


@transaction.atomic
def log_call_request(
    meeting: Meeting,
    *,
    requested_by: str,
    contact_name: str,
    contact_phone: str,
    best_times: str = "",
    by: Any,
) -> CallRequest:
    require_scheduled(meeting)
    call = CallRequest(
        meeting=meeting,
        child=meeting.child,
        requested_by=requested_by,
        contact_name=contact_name,
        contact_phone=contact_phone,
        best_times=best_times,
    )
    clean(call, exclude=["meeting", "child", "arranged_with"])
    call.save_tracked(by)
    audit.created(by, call)
    return call


@transaction.atomic
def arrange_call(
    call: CallRequest,
    *,
    state: str,
    arranged_for: datetime | None,
    notes: str,
    by: Any,
    expected_version: int,
) -> list[str]:
    """Arrange the call (a date and time with CERAR), record it as held, or as no longer wanted."""
    if state == CallState.ARRANGED:
        if arranged_for is None:
            raise MeetingError("Enter the date and time of the call.", field="arranged_for")
        if arranged_for < timezone.now():
            raise MeetingError("The call must be arranged for a time in the future.", field="arranged_for")
    if state == CallState.HELD and (call.arranged_for is None and arranged_for is None):
        raise MeetingError("Enter when the call took place.", field="arranged_for")
    if state == CallState.HELD and arranged_for and arranged_for > timezone.now():
        raise MeetingError("A call that was held cannot be in the future.", field="arranged_for")
    names = ("state", "arranged_for", "arranged_with", "notes")
    before = audit.snapshot(call, names)
    call.state = state
    call.arranged_for = arranged_for or call.arranged_for
    call.arranged_with = by
    call.notes = notes
    changed = audit.changed_fields(before, audit.snapshot(call, names))
    call.save_versioned(by, expected_version)
    audit.changed(by, call, changed)
    return changed
