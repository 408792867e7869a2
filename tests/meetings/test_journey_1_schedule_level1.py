"""Step 1: CERAR schedules a Level 1 meeting (date, time, place or online) and invites the
professionals who work with the child; they receive an invitation and gain sight of the record."""

from django.core import mail
from django.urls import reverse

from cepathway.children.models import Child
from cepathway.core.models import AuditEvent
from cepathway.meetings.models import Invitation, Meeting, MeetingKind, MeetingState, Pathway
from cepathway.people.models import Role

from .conftest import form_date, new_child, working_day_after


def test_cerar_schedules_and_invites_through_the_pages(world, clock, client_for, django_capture_on_commit_callbacks):
    cerar, police, school = (world.users[r] for r in (Role.CERAR_LEAD, Role.POLICE_OFFICER, Role.PARTNER_PROFESSIONAL))
    child = new_child(world)
    page = client_for(cerar)
    url = reverse("meetings:schedule-level1", args=[child.pk])

    shown = page.get(url)
    assert shown.status_code == 200
    assert "Level 1 meeting" in shown.content.decode() and "TEST-" in shown.content.decode()

    day = working_day_after(clock.today, 5)
    refused = page.post(url, {"time": "10:00", "venue": "online"})
    assert refused.status_code == 200 and "Enter" in refused.content.decode()
    assert not Meeting.objects.filter(child=child).exists()

    saturday = clock.today + __import__("datetime").timedelta(days=(5 - clock.today.weekday()) % 7 or 7)
    weekend = page.post(url, {**form_date("date", saturday), "time": "10:00", "venue": "online"})
    assert "Saturday" in weekend.content.decode() and "Choose a working day" in weekend.content.decode()
    assert not Pathway.objects.filter(child=child).exists()

    done = page.post(url, {**form_date("date", day), "time": "14:30", "venue": "online", "location": "Video link"})
    meeting = Meeting.objects.get(child=child)
    assert done.status_code == 302 and done["Location"] == reverse("meetings:invite", args=[meeting.pk])
    assert (meeting.kind, meeting.chair, meeting.scheduled_on) == (MeetingKind.LEVEL1, cerar, day)
    assert AuditEvent.objects.filter(action="created", record_id=str(meeting.pk), child_id=child.pk).exists()

    assert client_for(police).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404

    invite_page = page.get(reverse("meetings:invite", args=[meeting.pk]))
    assert invite_page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sent = page.post(reverse("meetings:invite", args=[meeting.pk]), {"people": [str(police.pk), str(school.pk)]})
    assert sent.status_code == 302
    assert set(Invitation.objects.filter(meeting=meeting).values_list("user", flat=True)) == {police.pk, school.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([police.email, school.email])
    body = mail.outbox[0].body
    assert child.initials in body and child.last_name not in body and child.first_name not in body

    assert client_for(police).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client_for(world.unrelated).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404


def test_a_second_level1_for_a_child_on_the_pathway_is_refused(world, clock, client_for, pathway):
    meeting = pathway.level1()
    day = working_day_after(clock.today, 10)
    url = reverse("meetings:schedule-level1", args=[meeting.child_id])
    response = client_for(pathway.cerar).post(url, {**form_date("date", day), "time": "10:00", "venue": "school"})
    assert "already on the CE pathway" in response.content.decode()
    assert Meeting.objects.filter(child=meeting.child).count() == 1


def test_only_cerar_may_schedule(world, clock, client_for):
    child = new_child(world)
    url = reverse("meetings:schedule-level1", args=[child.pk])
    assert client_for(world.users[Role.SOCIAL_WORKER]).get(url).status_code == 403
    assert client_for(world.unrelated).get(url).status_code == 404


def test_schedule_and_invite_through_the_api(world, clock, api_client_for, django_capture_on_commit_callbacks):
    cerar, police = world.users[Role.CERAR_LEAD], world.users[Role.POLICE_OFFICER]
    child = new_child(world)
    api = api_client_for(cerar)
    day = working_day_after(clock.today, 6)
    body = {
        "child_id": str(child.pk),
        "date": day.isoformat(),
        "time": "09:30",
        "venue": "school",
        "location": "Room 4",
    }

    bad = api.post("/api/meetings/level1", {**body, "venue": "moon"}, content_type="application/json")
    assert bad.status_code == 422 and "venue" in bad.json()["errors"]

    created = api.post("/api/meetings/level1", body, content_type="application/json")
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    assert created.json()["scheduled_for"].startswith(day.isoformat())

    again = api.post("/api/meetings/level1", body, content_type="application/json")
    assert again.status_code == 422

    assert api_client_for(police).get(f"/api/meetings/{meeting_id}").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        invited = api.post(
            f"/api/meetings/{meeting_id}/invitations", {"user_ids": [str(police.pk)]}, content_type="application/json"
        )
    assert invited.status_code == 201 and invited.json()[0]["user_id"] == str(police.pk)
    assert [m.to for m in mail.outbox] == [[police.email]]
    seen = api_client_for(police).get(f"/api/meetings/{meeting_id}")
    assert seen.status_code == 200 and seen.json()["invitations"][0]["user_id"] == str(police.pk)

    social_worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    refused = social_worker.post("/api/meetings/level1", body, content_type="application/json")
    assert refused.status_code == 403


def test_cancelling_a_level1_ends_the_invitees_sight_of_the_child(world, clock, client_for, pathway):
    meeting = pathway.level1()
    invitee = world.users[Role.PARTNER_PROFESSIONAL]
    assert Child.objects.visible_to(invitee).filter(pk=meeting.child_id).exists()

    response = client_for(pathway.cerar).post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Family moved away.", "version": meeting.version}
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED and meeting.pathway.closed_at is not None
    assert not Child.objects.visible_to(invitee).filter(pk=meeting.child_id).exists()
    assert client_for(invitee).get(reverse("children:detail", args=[meeting.child_id])).status_code == 404


def test_withdraw_and_cancel_through_the_api(world, clock, api_client_for, pathway):
    meeting = pathway.level1()
    school_user = world.users[Role.PARTNER_PROFESSIONAL]
    invitation = Invitation.objects.get(meeting=meeting, user=school_user)
    cerar = api_client_for(pathway.cerar)
    school = api_client_for(school_user)
    withdraw = f"/api/meetings/invitations/{invitation.pk}/withdraw"

    assert api_client_for(world.unrelated).post(withdraw).status_code == 404
    assert api_client_for(world.users[Role.SOCIAL_WORKER]).post(withdraw).status_code == 403
    assert school.get(f"/api/meetings/{meeting.pk}").status_code == 200
    withdrawn = cerar.post(withdraw)
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert school.get(f"/api/meetings/{meeting.pk}").status_code == 404, "sight ends with the invitation"
    when = Invitation.objects.get(pk=invitation.pk).withdrawn_at
    again = cerar.post(withdraw)
    assert again.status_code == 422 and "withdrawn already" in str(again.json())
    assert Invitation.objects.get(pk=invitation.pk).withdrawn_at == when, "the withdrawal is not rewritten"

    cancel = f"/api/meetings/{meeting.pk}/cancel"
    police = api_client_for(world.users[Role.POLICE_OFFICER])
    body = {"version": meeting.version, "reason": "The family moved out of the area."}
    assert api_client_for(world.unrelated).post(cancel, body, content_type="application/json").status_code == 404
    assert police.post(cancel, body, content_type="application/json").status_code == 403
    assert cerar.post(cancel, {**body, "reason": ""}, content_type="application/json").status_code == 422
    stale = cerar.post(cancel, {**body, "version": meeting.version + 1}, content_type="application/json")
    assert stale.status_code == 409
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.SCHEDULED

    cancelled = cerar.post(cancel, body, content_type="application/json")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == MeetingState.CANCELLED
    meeting.refresh_from_db()
    assert meeting.pathway.closed_at is not None and "moved out" in meeting.pathway.closure_detail
    assert police.get(f"/api/meetings/{meeting.pk}").status_code == 404, "invitees lose sight with the pathway"
    again = cerar.post(cancel, {**body, "version": meeting.version}, content_type="application/json")
    assert again.status_code == 422 and "cancelled" in again.json()["errors"]["__all__"][0]
