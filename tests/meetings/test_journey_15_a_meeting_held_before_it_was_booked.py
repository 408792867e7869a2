"""A Level 1 or review held before it could be booked here (an urgent meeting, a partnership moving
its cases in) is recorded afterwards: dated the day it was held, within the partnership's policy
limit, marked as recorded late with the reason, and its next review set from the day it was held."""

from dataclasses import replace
from datetime import timedelta

from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.core.policy import DEFAULT_POLICY
from cepathway.meetings.models import Meeting, MeetingKind, Pathway
from cepathway.people.models import Role
from tests.factories import adopt_policy

from .conftest import form_date, new_child


def held(day, *, kind="level1", chair, reason="Urgent meeting held the same day as the concern.", **more):
    return {
        "kind": kind,
        **form_date("date", day),
        "time": "15:00",
        "venue": "online",
        "location": "",
        "chair": str(chair.pk),
        "reason": reason,
        **more,
    }


def test_cerar_records_an_urgent_level1_held_last_week_and_the_review_follows_from_that_day(
    world, client_for, clock, pathway, cerar
):
    child = new_child(world)
    day = clock.today - timedelta(days=5)
    page = client_for(cerar)
    start = reverse("meetings:child", args=[child.pk])
    assert reverse("meetings:record-held", args=[child.pk]) in page.get(start).text
    form = page.get(reverse("meetings:record-held", args=[child.pk])).text
    assert "up to 30 days after it was held" in form

    saved = page.post(reverse("meetings:record-held", args=[child.pk]), held(day, chair=cerar))
    assert saved.status_code == 302, saved.text
    meeting = Meeting.objects.get(child=child)
    assert saved.url == reverse("meetings:detail", args=[meeting.pk])
    assert (meeting.kind, meeting.scheduled_on, meeting.recorded_late) == (MeetingKind.LEVEL1, day, True)
    shown = page.get(saved.url).text
    assert "Recorded late" in shown and "Urgent meeting held the same day" in shown
    assert reverse("meetings:attendance", args=[meeting.pk]) in shown

    result = pathway.decide(meeting, CEStatus.MEDIUM, hold=False)
    assert result.decision.decided_at.date() == day
    assert result.review.due_on == day + timedelta(weeks=8)


def test_a_date_beyond_the_policy_limit_in_the_future_or_without_a_reason_is_refused_and_nothing_saved(
    world, client_for, clock, cerar
):
    child = new_child(world)
    url = reverse("meetings:record-held", args=[child.pk])
    page = client_for(cerar)
    too_old = page.post(url, held(clock.today - timedelta(days=31), chair=cerar))
    assert "the earliest date is" in too_old.text and "30 days" in too_old.text
    future = page.post(url, held(clock.today + timedelta(days=2), chair=cerar))
    assert "today or in the past" in future.text
    no_reason = page.post(url, held(clock.today - timedelta(days=2), chair=cerar, reason=""))
    assert "Say why the meeting is recorded after it was held" in no_reason.text
    assert no_reason.status_code == 200
    assert not Pathway.objects.filter(child=child).exists()


def test_the_limit_is_the_partnerships_own(world, client_for, clock, cerar):
    adopt_policy(world.home, replace(DEFAULT_POLICY, late_recording_within=timedelta(days=10)))
    child = new_child(world)
    refused = client_for(cerar).post(
        reverse("meetings:record-held", args=[child.pk]), held(clock.today - timedelta(days=12), chair=cerar)
    )
    assert "up to 10 days after it was held" in refused.text
    assert not Meeting.objects.filter(child=child).exists()


def test_a_case_moved_in_is_entered_as_its_latest_review_with_the_chair_policy_wants(world, client_for, clock, cerar):
    child = new_child(world, referral=False)
    manager = world.users[Role.TEAM_MANAGER]
    url = reverse("meetings:record-held", args=[child.pk])
    day = clock.today - timedelta(days=3)
    page = client_for(cerar)

    as_level1 = page.post(url, held(day, chair=cerar, reason="Moved in from our previous system."))
    assert "record the latest review instead" in as_level1.text
    no_status = page.post(url, held(day, kind="review", chair=manager, reason="Moved in."))
    assert "Choose the CE status the review was about" in no_status.text
    wrong_chair = page.post(url, held(day, kind="review", chair=cerar, reason="Moved in.", status_under_review="high"))
    assert "review is chaired by" in wrong_chair.text
    assert not Meeting.objects.filter(child=child).exists()

    saved = page.post(url, held(day, kind="review", chair=manager, reason="Moved in.", status_under_review="high"))
    assert saved.status_code == 302, saved.text
    meeting = Meeting.objects.get(child=child)
    assert (meeting.kind, meeting.status_under_review, meeting.pathway.referral) == ("review", "high", None)


def test_a_child_already_on_the_pathway_records_the_meeting_booked_for_them(world, pathway, client_for, clock):
    meeting = pathway.level1()
    refused = client_for(pathway.cerar).post(
        reverse("meetings:record-held", args=[meeting.child_id]),
        held(clock.today - timedelta(days=1), chair=pathway.cerar),
    )
    assert "already on the CE pathway" in refused.text
    assert Meeting.objects.filter(child=meeting.child).count() == 1


def test_only_cerar_records_a_meeting_held_and_others_see_nothing(world, client_for, clock):
    child = new_child(world)
    url = reverse("meetings:record-held", args=[child.pk])
    assert client_for(world.users[Role.SOCIAL_WORKER]).get(url).status_code == 403
    assert client_for(world.unrelated).get(url).status_code == 404


def test_through_the_api_with_the_same_rules(world, api_client_for, clock, cerar):
    child = new_child(world, referral=False)
    api = api_client_for(cerar)
    body = {
        "child_id": str(child.pk),
        "kind": "review",
        "status_under_review": "medium",
        "date": (clock.today - timedelta(days=45)).isoformat(),
        "time": "10:00",
        "venue": "online",
        "chair_id": str(world.users[Role.TEAM_MANAGER].pk),
        "reason": "Moved in from our previous system.",
    }
    too_old = api.post("/api/meetings/held", body, content_type="application/json")
    assert too_old.status_code == 422 and "30 days" in too_old.json()["errors"]["date"][0]
    made = api.post(
        "/api/meetings/held",
        {**body, "date": (clock.today - timedelta(days=5)).isoformat()},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    meeting = Meeting.objects.get(pk=made.json()["id"])
    assert meeting.recorded_late and meeting.status_under_review == "medium"


def details_post(meeting, day, **more):
    return {
        "version": str(meeting.version),
        **form_date("date", day),
        "time": "11:00",
        "venue": meeting.venue,
        "location": "",
        "chair": str(meeting.chair_id),
        **more,
    }


def test_a_booked_review_held_on_an_earlier_day_is_moved_there_with_the_reason_and_nobody_is_told_to_come(
    world, pathway, client_for, clock, mailoutbox
):
    review = pathway.decide(pathway.level1(), CEStatus.MEDIUM).review
    clock.travel_to(review.scheduled_on - timedelta(days=3))
    held_on = clock.today - timedelta(days=1)
    chair = client_for(review.chair)
    url = reverse("meetings:details", args=[review.pk])

    refused = chair.post(url, details_post(review, held_on))
    assert "say why it is recorded late" in refused.text
    review.refresh_from_db()
    assert review.scheduled_on != held_on

    mailoutbox.clear()
    moved = chair.post(url, details_post(review, held_on, late_reason="An urgent review after a missing episode."))
    assert moved.status_code == 302, moved.text
    review.refresh_from_db()
    assert (review.scheduled_on, review.recorded_late) == (held_on, True)
    assert mailoutbox == []
    assert reverse("meetings:outcome", args=[review.pk]) in chair.get(reverse("meetings:detail", args=[review.pk])).text


def test_a_date_in_the_past_beyond_the_limit_is_refused_even_with_a_reason(world, pathway, client_for, clock):
    meeting = pathway.level1(days_ahead=3)
    refused = client_for(pathway.cerar).post(
        reverse("meetings:details", args=[meeting.pk]),
        details_post(meeting, clock.today - timedelta(days=40), late_reason="Held long ago."),
    )
    assert "the earliest date is" in refused.text
    meeting.refresh_from_db()
    assert not meeting.recorded_late
