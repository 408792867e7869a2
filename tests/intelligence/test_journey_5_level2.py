"""Journey 5: Level 2 looks at the persons and places of concern linked to the children on its
agenda. The panel sees each active one with the children it is linked to, the graded intelligence
new since the last Level 2 (sanitised unless they may read it in full), its disruption and the
panel's actions; a member never sees a name linked only to a child they may not see, and someone
outside Level 2 sees nothing."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepathway.core.models import AuditEvent
from cepathway.intelligence.around_child import level2
from cepathway.intelligence.models import ConcernStatus, HandlingCode
from cepathway.meetings.models import AgendaReason, Level2Item, Level2Meeting
from cepathway.people.models import Role

from .world_around_child import link, make_person, make_place, make_submission


def _agenda_url(world):
    return reverse("meetings:level2", args=list(world.level2_month))


def _agenda(world, client_for, user):
    response = client_for(user).get(_agenda_url(world))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_sees_the_persons_and_places_linked_to_its_children(world, client_for):
    person = world.concern_person[world.child.pk]
    place = world.concern_place[world.child.pk]
    page = _agenda(world, client_for, world.users[Role.CERAR_LEAD])
    assert "Persons of concern" in page and "Places of concern" in page
    assert person.name in page and place.name in page
    section = page.split('id="persons-and-places"')[1]
    assert world.child.full_name in section
    assert "2C P" in section  # the grading
    assert world.concern_submission[world.child.pk].information in section  # CERAR handles: P, read in full
    assert "Child Abduction Warning Notice" in section
    assert AuditEvent.objects.filter(record_id=str(person.pk), action="viewed").exists()
    disrupt = reverse("intelligence:disruption-new", args=["persons", person.pk])
    assert disrupt in section  # CERAR handles: it records disruption from here
    member = _agenda(world, client_for, world.users[Role.LEVEL2_MEMBER]).split('id="persons-and-places"')[1]
    assert disrupt not in member
    assert "A young person was seen getting into a car near the park." in member and "(sanitised)" in member


def test_a_member_never_sees_a_name_linked_only_to_a_child_they_may_not_see(world, client_for):
    member = world.users[Role.LEVEL2_MEMBER]
    page = _agenda(world, client_for, member)
    assert world.concern_person[world.child.pk].name in page
    assert world.concern_person[world.other_child.pk].name not in page
    assert world.concern_place[world.other_child.pk].name not in page
    assert world.other_child.full_name not in page
    cerar = _agenda(world, client_for, world.users[Role.CERAR_LEAD])
    assert world.concern_person[world.other_child.pk].name in cerar  # CERAR sees the partnership
    assert world.concern_person[world.foreign_child.pk].name not in cerar  # never another partnership's


def test_a_name_linked_to_a_seen_and_an_unseen_child_shows_only_the_seen_child(world, client_for):
    person = world.concern_person[world.child.pk]
    link(world, person, world.other_child, world.concern_submission[world.child.pk])
    page = _agenda(world, client_for, world.users[Role.LEVEL2_MEMBER])
    assert person.name in page and world.other_child.full_name not in page


def test_the_source_and_the_original_are_only_for_those_who_may_read_them(world, client_for):
    submission = world.concern_submission[world.child.pk]
    for user in (world.users[Role.LEVEL2_MEMBER], world.users[Role.TEAM_MANAGER]):
        page = _agenda(world, client_for, user)
        assert "Sourcename" not in page and submission.sanitised_text in page
    # CERAR handles submissions of the partnership: handling P lets them read the original.
    assert submission.information in _agenda(world, client_for, world.users[Role.CERAR_LEAD])
    restricted = make_submission(
        world, world.home, handling=HandlingCode.C, information="Fictional restricted Sourcename"
    )
    link(world, world.concern_person[world.child.pk], world.child, restricted)
    cerar = _agenda(world, client_for, world.users[Role.CERAR_LEAD])
    assert "Fictional restricted Sourcename" not in cerar  # C: only the handler and those named
    restricted.handling_readers.add(world.users[Role.CERAR_LEAD])
    assert "Fictional restricted Sourcename" in _agenda(world, client_for, world.users[Role.CERAR_LEAD])


def test_only_intelligence_new_since_the_last_level2_and_only_graded(world, client_for):
    cerar = world.users[Role.CERAR_LEAD]
    level2 = world.level2[world.home.pk]
    previous = Level2Meeting(
        partnership=world.home,
        month=(level2.month - timedelta(days=1)).replace(day=1),
        scheduled_for=timezone.now() - timedelta(hours=12),
        venue=level2.venue,
        chair=cerar,
    )
    previous.save_tracked(cerar)
    person = world.concern_person[world.child.pk]
    fresh = make_submission(
        world, world.home, sanitised_text="Fictional fresh sanitised account", graded_at=timezone.now()
    )
    waiting = make_submission(world, world.home, graded=False, information="Fictional waiting Sourcename")
    for submission in (fresh, waiting):
        link(world, person, world.child, submission)
    page = _agenda(world, client_for, world.users[Role.LEVEL2_MEMBER])
    assert "Fictional fresh sanitised account" in page
    assert "A young person was seen getting into a car" not in page  # graded before the last Level 2
    assert "Fictional waiting" not in page


def test_closed_records_are_not_listed_and_someone_outside_level2_sees_nothing(world, client_for):
    person = world.concern_person[world.child.pk]
    person.status = ConcernStatus.CLOSED
    person.save_tracked(world.users[Role.CERAR_LEAD])
    assert person.name not in _agenda(world, client_for, world.users[Role.CERAR_LEAD])
    for user in (world.unrelated, world.users[Role.SOCIAL_WORKER], world.users[Role.PARTNER_PROFESSIONAL]):
        response = client_for(user).get(_agenda_url(world))
        assert response.status_code in (403, 404)
        assert world.concern_place[world.child.pk].name not in response.content.decode()


def test_the_sections_page_through_twenty_at_a_time(world, client_for):
    for n in range(23):
        record = make_person(world, world.home, "Fictional", f"Aaaapaged{n:02d}")
        link(world, record, world.child)
    client = client_for(world.users[Role.CERAR_LEAD])
    first = client.get(_agenda_url(world)).content.decode()
    assert "Aaaapaged00" in first and "Aaaapaged19" in first and "Aaaapaged20" not in first
    next_link = re.search(r'href="(\?[^"]*persons_cursor=[^"]*)" rel="next"', first).group(1)
    second = client.get(_agenda_url(world) + next_link.replace("&amp;", "&")).content.decode()
    assert "Aaaapaged20" in second and "Aaaapaged00" not in second


def test_the_api_pages_the_persons_and_places(world, api_client_for):
    month = "{:04d}-{:02d}".format(*world.level2_month)
    member = api_client_for(world.users[Role.LEVEL2_MEMBER])
    answer = member.get(f"/api/intelligence/level2/{month}/concerns/person")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    person = world.concern_person[world.child.pk]
    by_id = {item["id"]: item for item in body["items"]}
    assert str(person.pk) in by_id and str(world.concern_person[world.other_child.pk].pk) not in by_id
    item = by_id[str(person.pk)]
    assert item["name"] == person.name
    assert [child["id"] for child in item["children"]] == [str(world.child.pk)]
    assert item["intelligence"][0]["grading"] == "2C P" and "Sourcename" not in str(body)
    assert item["disruptions"][0]["tactic"] == "Child Abduction Warning Notice"
    places = member.get(f"/api/intelligence/level2/{month}/concerns/place").json()
    place_ids = {item["id"] for item in places["items"]}
    assert str(world.concern_place[world.child.pk].pk) in place_ids
    assert str(world.concern_place[world.other_child.pk].pk) not in place_ids
    assert api_client_for(world.unrelated).get(f"/api/intelligence/level2/{month}/concerns/person").status_code in (
        403,
        404,
    )


def _seed_concerns(world, count, prefix):
    for n in range(count):
        child = world.child if n % 2 else world.other_child
        Level2Item.objects.get_or_create(
            level2_meeting=world.level2[world.home.pk], child=child, defaults={"reason": AgendaReason.STATUS}
        )
        person = make_person(world, world.home, "Fictional", f"{prefix}{n:03d}")
        place = make_place(world, world.home, f"Fictional {prefix} Cafe {n:03d}")
        submission = make_submission(world, world.home)
        link(world, person, child, submission)
        link(world, place, child, submission)


def _queries(world, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_agenda_url(world)).status_code == 200
    return len(captured.captured_queries)


def test_the_sections_cost_the_same_queries_at_any_size(world, client_for):
    client = client_for(world.users[Role.CERAR_LEAD])
    _seed_concerns(world, 3, "Fewsize")
    client.get(_agenda_url(world))  # warm the policy cache
    small = _queries(world, client)
    _seed_concerns(world, 60, "Manysize")
    large = _queries(world, client)
    assert large == small, (small, large)


def test_reading_a_page_in_full_agrees_with_the_model_for_everyone(world):
    restricted = make_submission(world, world.home, handling=HandlingCode.C)
    restricted.handling_readers.add(world.users[Role.CERAR_LEAD])
    hidden = make_submission(world, world.home, handling=HandlingCode.C)
    waiting = make_submission(world, world.home, graded=False)
    foreign = world.concern_submission[world.foreign_child.pk]
    submissions = [world.concern_submission[world.child.pk], restricted, hidden, waiting, foreign]
    for user in [*world.users.values(), world.unrelated, world.elsewhere_lead]:
        full = level2.readable_in_full(user, submissions)
        assert full == {s.pk for s in submissions if s.may_read_in_full(user)}, user.role


def _api_queries(world, client):
    month = "{:04d}-{:02d}".format(*world.level2_month)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/intelligence/level2/{month}/concerns/person").status_code == 200
    # The audit's inserts aside: SQLite splits an insert of more than 47 entries (999 parameters).
    return sum(not query["sql"].startswith('INSERT INTO "core_auditevent"') for query in captured.captured_queries)


def test_the_api_costs_the_same_queries_at_any_size(world, api_client_for):
    client = api_client_for(world.users[Role.CERAR_LEAD])
    _seed_concerns(world, 3, "Fewapi")
    _api_queries(world, client)
    small = _api_queries(world, client)
    _seed_concerns(world, 60, "Manyapi")
    assert _api_queries(world, client) == small
