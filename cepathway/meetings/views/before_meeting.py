"""Pages for before the meeting: the views of the child and family, and telephone discussions with
CERAR that the family asks for."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cepathway.core import pages

from .. import access, forms
from ..models import CallState
from .booking import GET_POST
from .common import meeting_url

RECORD_VOICE = pages.FormPage(
    title="Record the views of the child or a parent or carer",
    submit="Save the views",
    saved="Views recorded.",
    audit_detail="record views",
    hint="Views sent in by email are entered by CERAR. Mark whether they are to be read out at the meeting.",
)


@GET_POST
def record_voice(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.record_views")
    back = meeting_url(meeting)
    form = forms.VoiceForm(request.POST or None)
    return pages.form_page(request, meeting, form, RECORD_VOICE, done=back, back=back, caption=str(meeting))


LOG_CALL = pages.FormPage(
    title="Log a request for a telephone discussion with CERAR",
    submit="Log the request",
    saved="Request for a telephone discussion with CERAR logged.",
    audit_detail="log a telephone discussion request",
)


@GET_POST
def log_call(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.log_call_request")
    back = meeting_url(meeting)
    form = forms.CallRequestForm(request.POST or None)
    return pages.form_page(request, meeting, form, LOG_CALL, done=back, back=back, caption=str(meeting))


ARRANGE_CALL = pages.FormPage(
    title="Arrange the telephone discussion",
    saved="Telephone discussion updated.",
    intro_template="meetings/includes/call_intro.html",
)


@GET_POST
def arrange_call(request: HttpRequest, call_id: Any) -> HttpResponse:
    call = access.call_for(request.user, call_id, "meetings.arrange_call")
    initial: dict[str, Any] = {
        "version": call.version,
        "state": "" if call.state == CallState.REQUESTED else call.state,
    }
    if call.arranged_for:
        local = timezone.localtime(call.arranged_for)
        initial.update(date=local.date(), time=local.time())
    initial["notes"] = call.notes
    form = forms.ArrangeCallForm(request.POST or None, initial=initial)
    back = meeting_url(call.meeting)
    return pages.form_page(request, call, form, ARRANGE_CALL, done=back, back=back, caption=str(call), call=call)
