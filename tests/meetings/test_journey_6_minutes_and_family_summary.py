"""Step 6: the outcome is recorded as printable minutes, and a plain-English outcome summary for
the family is produced for the social worker to share, holding only what may be shared."""

from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.meetings import at_meeting, safety_plan
from cepathway.people.models import AgencyKind, Role

SECRET = "Adult X, known to police as the supplier"
SHAREABLE = "Police are worried about an adult the child meets near the station."


def held_meeting(world, pathway):
    meeting = pathway.hold(pathway.level1())
    at_meeting.add_contribution(
        meeting,
        agency=world.agencies[AgencyKind.POLICE],
        information=f"{SECRET}.",
        shareable_with_family=SHAREABLE,
        not_shareable_reason="It would prejudice an investigation.",
        by=pathway.cerar,
    )
    meeting.refresh_from_db()
    at_meeting.record_discussion(
        meeting,
        {"strengths": "Loves football.", "harm": "Unexplained cash.", "needs_to_happen": "Trusted adult at school."},
        expected_version=meeting.version,
        by=pathway.cerar,
    )
    meeting.refresh_from_db()
    safety_plan.add_action(
        meeting,
        description="Weekly check-in.",
        owner=world.users[Role.PARTNER_PROFESSIONAL],
        due_on=pathway.clock.today,
        by=pathway.cerar,
    )
    pathway.decide(meeting, CEStatus.MEDIUM)
    meeting.refresh_from_db()
    return meeting


def test_minutes_and_family_summary_pages(world, clock, client_for, pathway):
    meeting = held_meeting(world, pathway)
    minutes = client_for(world.users[Role.POLICE_OFFICER]).get(reverse("meetings:minutes", args=[meeting.pk]))
    page = minutes.content.decode()
    assert minutes.status_code == 200
    for text in ("Attendance", SECRET, "Loves football.", "Medium", "Weekly check-in.", "OFFICIAL-SENSITIVE"):
        assert text in page
    assert 'media="print" href="/static/ui/print_record.css"' in page
    assert "data-app-print" in page and "onclick" not in page

    worker = client_for(world.users[Role.SOCIAL_WORKER])
    summary = worker.get(reverse("meetings:family-summary", args=[meeting.pk])).content.decode()
    assert SHAREABLE in summary and SECRET not in summary
    assert meeting.child.first_name in summary and meeting.child.last_name not in summary
    assert "look again every 8 weeks" in summary
    assert "Loves football." not in summary, "the discussion is the professionals' record, not the family's"
    review = meeting.next_meetings.get()
    assert review.scheduled_for.strftime("%-d %B %Y") in summary

    police = client_for(world.users[Role.POLICE_OFFICER])
    assert police.get(reverse("meetings:family-summary", args=[meeting.pk])).status_code == 403


def test_family_summary_through_the_api(world, clock, api_client_for, pathway):
    meeting = held_meeting(world, pathway)
    summary = api_client_for(world.users[Role.LEAD_PROFESSIONAL]).get(f"/api/meetings/{meeting.pk}/family-summary")
    assert summary.status_code == 200
    body = summary.json()
    assert body["status"] == "medium" and body["shared_information"] == [
        {"agency": world.agencies[AgencyKind.POLICE].name, "text": SHAREABLE}
    ]
    assert SECRET not in str(body)
    assert body["actions"][0]["agency"] == str(world.users[Role.PARTNER_PROFESSIONAL].agency)


def test_a_reviews_minutes_and_summary_carry_the_plan_forward(world, clock, client_for, api_client_for, pathway):
    level1 = held_meeting(world, pathway)  # "Weekly check-in." agreed, still open
    review = level1.next_meetings.get()
    pathway.hold(review)
    safety_plan.add_action(
        review, description="New youth worker.", owner=world.users[Role.LEAD_PROFESSIONAL], due_on=clock.today,
        by=pathway.cerar,
    )  # fmt: skip
    pathway.decide(review, CEStatus.MEDIUM)

    minutes = client_for(pathway.cerar).get(reverse("meetings:minutes", args=[review.pk])).content.decode()
    carried = minutes.index("Safety plan carried forward")
    assert carried < minutes.index("Weekly check-in.") < minutes.index("Safety plan agreed at this meeting")
    assert "New youth worker." in minutes
    summary = client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("meetings:family-summary", args=[review.pk]))
    assert "Weekly check-in." in summary.content.decode() and "New youth worker." in summary.content.decode()
    body = api_client_for(pathway.cerar).get(f"/api/meetings/{review.pk}").json()
    assert [action["description"] for action in body["carried_forward"]] == ["Weekly check-in."]
