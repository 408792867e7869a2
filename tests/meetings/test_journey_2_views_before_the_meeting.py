"""Step 2: before the meeting the social worker or lead professional records the views of the
child and of the parent or carer (in person, by telephone, or sent by email and entered by CERAR),
each marked to be read out; a request for a telephone discussion with CERAR is logged and arranged."""

from datetime import timedelta

from django.urls import reverse

from cepathway.meetings.models import CallRequest, CallState, VoiceMethod, VoiceOf, VoiceRecord
from cepathway.people.models import Role

from .conftest import form_date


def test_views_and_a_call_through_the_pages(world, clock, client_for, pathway):
    meeting = pathway.level1()
    sw, cerar, lp = (world.users[r] for r in (Role.SOCIAL_WORKER, Role.CERAR_LEAD, Role.LEAD_PROFESSIONAL))
    views_url = reverse("meetings:record-views", args=[meeting.pk])

    worker = client_for(sw)
    assert worker.get(views_url).status_code == 200
    child_view = {
        "voice_of": VoiceOf.CHILD,
        "method": VoiceMethod.IN_PERSON,
        **form_date("gathered_on", clock.today),
        "views": "I want to go back to football. <script>alert(1)</script>",
        "read_out": "on",
    }
    assert worker.post(views_url, child_view).status_code == 302

    future = {**child_view, **form_date("gathered_on", clock.today + timedelta(days=2))}
    refused = worker.post(views_url, future)
    assert refused.status_code == 200 and "must be today or in the past" in refused.content.decode()

    no_relationship = {**child_view, "voice_of": VoiceOf.PARENT_CARER, "method": VoiceMethod.TELEPHONE}
    assert "relationship" in client_for(lp).post(views_url, no_relationship).content.decode()
    parent_view = {**no_relationship, "relationship": "Mother", "views": "Worried about the late nights."}
    assert client_for(lp).post(views_url, parent_view).status_code == 302
    emailed = {**parent_view, "method": VoiceMethod.EMAIL, "views": "Sent by email.", "read_out": ""}
    assert client_for(cerar).post(views_url, emailed).status_code == 302

    voices = list(VoiceRecord.objects.filter(meeting=meeting).order_by("created_at"))
    assert [(v.voice_of, v.method, v.read_out, v.created_by) for v in voices] == [
        (VoiceOf.CHILD, VoiceMethod.IN_PERSON, True, sw),
        (VoiceOf.PARENT_CARER, VoiceMethod.TELEPHONE, True, lp),
        (VoiceOf.PARENT_CARER, VoiceMethod.EMAIL, False, cerar),
    ]
    detail = client_for(cerar).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail and "<script>alert(1)" not in detail
    assert detail.count("To be read out") == 2

    assert client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(views_url).status_code == 403

    call_url = reverse("meetings:log-call", args=[meeting.pk])
    logged = client_for(lp).post(
        call_url,
        {"requested_by": VoiceOf.PARENT_CARER, "contact_name": "Fictional Parent", "contact_phone": "01632 960123"},
    )
    assert logged.status_code == 302
    call = CallRequest.objects.get(meeting=meeting)
    assert call.state == CallState.REQUESTED

    arrange_url = reverse("meetings:arrange-call", args=[call.pk])
    assert client_for(lp).get(arrange_url).status_code == 403
    past = client_for(cerar).post(
        arrange_url,
        {
            "version": call.version,
            "state": "arranged",
            **form_date("date", clock.today - timedelta(days=1)),
            "time": "10:00",
        },
    )
    assert past.status_code == 200
    call.refresh_from_db()
    assert call.state == CallState.REQUESTED
    tomorrow = clock.today + timedelta(days=1)
    arranged = client_for(cerar).post(
        arrange_url, {"version": call.version, "state": "arranged", **form_date("date", tomorrow), "time": "16:00"}
    )
    assert arranged.status_code == 302
    call.refresh_from_db()
    assert (call.state, call.arranged_with, call.arranged_for.date()) == (CallState.ARRANGED, cerar, tomorrow)


def test_views_and_a_call_through_the_api(world, clock, api_client_for, pathway):
    meeting = pathway.level1()
    sw = api_client_for(world.users[Role.SOCIAL_WORKER])
    body = {"voice_of": "child", "method": "telephone", "gathered_on": clock.today.isoformat(), "views": "Fine."}
    created = sw.post(f"/api/meetings/{meeting.pk}/views", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["read_out"] is True
    future = {**body, "gathered_on": (clock.today + timedelta(days=3)).isoformat()}
    assert sw.post(f"/api/meetings/{meeting.pk}/views", future, content_type="application/json").status_code == 422
    too_long = {**body, "views": "x" * 10_001}
    assert sw.post(f"/api/meetings/{meeting.pk}/views", too_long, content_type="application/json").status_code == 422
    assert VoiceRecord.objects.filter(meeting=meeting).count() == 1

    call = sw.post(
        f"/api/meetings/{meeting.pk}/calls",
        {"requested_by": "child", "contact_name": "Fictional Child", "contact_phone": "07700 900123"},
        content_type="application/json",
    )
    assert call.status_code == 201
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    arranged = cerar.post(
        f"/api/meetings/calls/{call.json()['id']}",
        {"version": 1, "state": "arranged", "date": (clock.today + timedelta(days=1)).isoformat(), "time": "11:00"},
        content_type="application/json",
    )
    assert arranged.status_code == 200 and arranged.json()["state"] == "arranged"
    stale = cerar.post(
        f"/api/meetings/calls/{call.json()['id']}",
        {"version": 1, "state": "declined"},
        content_type="application/json",
    )
    assert stale.status_code == 409
