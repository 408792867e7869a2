"""Step 9: each child has one chronology: referrals, decisions, meetings, status changes, views,
actions and closures. Meetings contributes its entries; the child's page and API show them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cepathway.children.chronology import timeline
from cepathway.children.models import CEStatus
from cepathway.meetings import before_meeting, safety_plan
from cepathway.meetings.level2 import flags
from cepathway.meetings.level2 import services as level2_services
from cepathway.people.models import Role

from .conftest import new_child


def lived_pathway(world, pathway):
    child = new_child(world)
    level1 = pathway.hold(pathway.level1(child))
    before_meeting.record_voice(
        level1, voice_of="child", method="in_person", gathered_on=pathway.clock.today, views="Fine.",
        by=world.users[Role.SOCIAL_WORKER],
    )  # fmt: skip
    action = safety_plan.add_action(
        level1, description="Check-in.", owner=world.users[Role.PARTNER_PROFESSIONAL], due_on=pathway.clock.today,
        by=pathway.cerar,
    )  # fmt: skip
    safety_plan.update_action(action, note="Done.", status="done", expected_version=action.version, by=pathway.cerar)
    review = pathway.decide(level1, CEStatus.MEDIUM).review
    pathway.decide(review, CEStatus.NONE)
    return child


def test_the_chronology_holds_the_pathway(world, clock, client_for, pathway):
    child = lived_pathway(world, pathway)
    entries = timeline(child, pathway.cerar)
    kinds = [entry.kind for entry in entries]
    for kind in ("meeting", "status", "views", "action", "closure"):
        assert kind in kinds, kind
    titles = [entry.title for entry in entries]
    assert "CE status: No status to Medium" in titles and "CE status: Medium to No status" in titles
    assert "CE pathway ended" in titles
    assert entries == sorted(entries, key=lambda entry: entry.at, reverse=True)

    page = client_for(pathway.cerar).get(reverse("children:chronology", args=[child.pk])).content.decode()
    assert "CE pathway ended" in page and "Safety plan action agreed" in page

    assert list(timeline(child, world.unrelated)) == []


def test_the_chronology_through_the_api(world, clock, api_client_for, pathway):
    child = lived_pathway(world, pathway)
    got = api_client_for(world.users[Role.SOCIAL_WORKER]).get(f"/api/children/{child.pk}/chronology")
    assert got.status_code == 200
    kinds = {entry["kind"] for entry in got.json()}
    assert {"meeting", "status", "views", "action", "closure"} <= kinds
    assert api_client_for(world.unrelated).get(f"/api/children/{child.pk}/chronology").status_code == 404


def test_level2_flags_listings_and_decisions_are_in_the_chronology(world, clock, client_for, pathway):
    child = new_child(world)
    pathway.decide(pathway.level1(child), CEStatus.LOW)
    child.refresh_from_db()
    flags.flag_for_level2(child, reason="Seen with older youths at the station.", by=pathway.cerar)
    month = clock.today.replace(day=1) + timedelta(days=32)
    level2 = level2_services.create_level2(world.home, month=month, chair=pathway.cerar, by=pathway.cerar)
    item = level2.items.get(child=child)
    clock.travel_to(timezone.localtime(level2.scheduled_for).date())
    level2_services.record_decisions(
        item, decisions="Disrupt the station contact.", expected_version=item.version, by=pathway.cerar
    )

    titles = [entry.title for entry in timeline(child, pathway.cerar)]
    assert "Flagged for Level 2" in titles
    assert f"On the agenda of the {level2}" in titles and f"Decisions at the {level2}" in titles

    police_sees = [entry for entry in timeline(child, world.users[Role.POLICE_OFFICER]) if entry.kind == "level2"]
    assert all(entry.url == "" for entry in police_sees), "no link to a Level 2 page they may not open"
