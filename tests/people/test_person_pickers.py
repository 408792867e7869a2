"""Person pickers (issue 8): a form that chooses a colleague draws the people already connected and
those a search found, never the partnership's whole staff; Find saves nothing and keeps what was
typed; anyone eligible may still be chosen, and nobody else. The type-ahead's source searches only
the signed-in person's own partnership, and only the roles asked."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.children.models import Child
from cepathway.meetings.models import StatusDecision
from cepathway.people.models import AgencyKind, Role, User
from cepathway.ui.pickers import MATCHES_SHOWN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OPTION = re.compile(r"<option ")


def crowd(agency, count: int, *roles: str) -> list[User]:
    """`count` fictional colleagues of each role in `agency`, inserted together."""
    people = [UserFactory.build(role=role, agency=agency) for role in roles for _ in range(count)]
    return User.objects.bulk_create(people)


def options(page: str) -> int:
    return len(OPTION.findall(page))


def outcome_url(world) -> str:
    return reverse("meetings:outcome", args=[world.meeting[world.child.pk].pk])


def allocation_url(world) -> str:
    return reverse("children:edit", args=[world.child.pk])


def get_counting(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("url", [outcome_url, allocation_url], ids=["outcome", "allocation"])
def test_the_forms_draw_a_bounded_list_whatever_the_staff(world, client_for, url):
    client = client_for(world.users[Role.CERAR_LEAD])
    agency = world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE]
    client.get(url(world))  # sessions, policy and content types cached
    crowd(agency, 5, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.TEAM_MANAGER)
    small, small_queries = get_counting(client, url(world))
    crowd(agency, 300, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.TEAM_MANAGER)
    large, large_queries = get_counting(client, url(world))
    assert options(large) == options(small) < 25, "the connected people and the empty choices only"
    assert large_queries == small_queries
    assert world.users[Role.SOCIAL_WORKER].display_name in large, "the child's allocated worker is offered"
    assert "Search for someone else" in large


def test_find_keeps_what_was_typed_saves_nothing_and_offers_the_matches(world, client_for):
    meeting = world.meeting[world.child.pk]
    wanted = UserFactory(role=Role.TEAM_MANAGER, agency=world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE])
    crowd(world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE], 30, Role.TEAM_MANAGER)
    typed = {
        "version": meeting.version,
        "status": "medium",
        "ce_types": ["cce"],
        "rationale": "Fictional rationale typed before searching.",
        "review_chair-search": wanted.last_name,
        "picker-find": "review_chair",
    }
    response = client_for(world.users[Role.CERAR_LEAD]).post(outcome_url(world), typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fictional rationale typed before searching." in page
    assert 'value="medium" checked' in page and 'value="cce" checked' in page
    assert f'value="{wanted.pk}"' in page and f'value="{wanted.last_name}"' in page
    assert "There is a problem" not in page, "nothing else is checked while searching"
    assert not StatusDecision.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.version == typed["version"]


def test_a_search_that_finds_nobody_says_so_beside_the_box(world, client_for):
    posted = {"version": 1, "review_chair-search": "Nobodyfound", "picker-find": "review_chair"}
    page = client_for(world.users[Role.CERAR_LEAD]).post(outcome_url(world), posted).content.decode()
    assert page.count("No one called ‘Nobodyfound’ can be chosen here") == 2, "in the summary and inline"
    assert 'href="#id_review_chair-search"' in page
    assert "<title>Error: " in page


def test_find_with_an_empty_box_asks_for_a_name(world, client_for):
    posted = {"version": 1, "picker-find": "review_chair"}
    page = client_for(world.users[Role.CERAR_LEAD]).post(outcome_url(world), posted).content.decode()
    assert "Enter part of a name to search for" in page


def test_many_matches_are_bounded_and_say_so(world, client_for):
    agency = world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE]
    people = [UserFactory.build(role=Role.SOCIAL_WORKER, agency=agency, last_name="Fictionalson") for _ in range(30)]
    User.objects.bulk_create(people)
    posted = {"version": 1, "allocated_social_worker-search": "fictionalson", "picker-find": "allocated_social_worker"}
    page = client_for(world.users[Role.CERAR_LEAD]).post(allocation_url(world), posted).content.decode()
    assert page.count("Fictionalson (") == MATCHES_SHOWN
    assert "type more of the name to narrow the search" in page


def test_someone_found_by_search_can_be_chosen_and_saved(world, client_for):
    child = world.child
    found = UserFactory(role=Role.SOCIAL_WORKER, agency=world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE])
    client = client_for(world.users[Role.CERAR_LEAD])
    form = {"version": child.version, "open_to_childrens_services": "on", "school": child.school}
    searched = client.post(
        allocation_url(world),
        form | {"allocated_social_worker-search": found.last_name, "picker-find": "allocated_social_worker"},
    )
    assert f'value="{found.pk}"' in searched.content.decode()
    child.refresh_from_db()
    assert child.allocated_social_worker != found, "the search saved nothing"
    saved = client.post(allocation_url(world), form | {"allocated_social_worker": found.pk})
    assert saved.status_code == 302
    child.refresh_from_db()
    assert child.allocated_social_worker == found


@pytest.mark.parametrize("who", ["elsewhere", "wrong_role"])
def test_someone_of_another_partnership_or_the_wrong_role_is_refused(world, client_for, who):
    child = world.child
    if who == "elsewhere":
        person = UserFactory(role=Role.SOCIAL_WORKER, agency=world.elsewhere_lead.agency)
    else:
        person = world.users[Role.POLICE_OFFICER]
    client = client_for(world.users[Role.CERAR_LEAD])
    form = {"version": child.version, "open_to_childrens_services": "on", "school": child.school}
    searched = client.post(
        allocation_url(world),
        form | {"allocated_social_worker-search": person.last_name, "picker-find": "allocated_social_worker"},
    )
    assert f'value="{person.pk}"' not in searched.content.decode(), "a search never finds them"
    refused = client.post(allocation_url(world), form | {"allocated_social_worker": person.pk})
    assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert "That choice cannot be made here: search for someone else" in refused.content.decode()
    assert Child.objects.get(pk=child.pk).allocated_social_worker == world.users[Role.SOCIAL_WORKER]


# The type-ahead's source ---------------------------------------------------------------------------------


def search(client, text: str, *roles: str, **more: str) -> list[dict[str, str]]:
    response = client.get(reverse("people-search"), {"q": text, "role": list(roles), **more})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_source_finds_colleagues_of_the_roles_asked_in_ones_own_partnership(world, client_for):
    home = UserFactory(role=Role.SOCIAL_WORKER, agency=world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE])
    away = UserFactory(role=Role.SOCIAL_WORKER, agency=world.elsewhere_lead.agency, last_name=home.last_name)
    police = UserFactory(role=Role.POLICE_OFFICER, agency=world.agencies[AgencyKind.POLICE], last_name=home.last_name)
    client = client_for(world.users[Role.CERAR_LEAD])
    found = search(client, home.last_name[:4], Role.SOCIAL_WORKER)
    ids = {person["id"] for person in found}
    assert str(home.pk) in ids and str(away.pk) not in ids and str(police.pk) not in ids
    assert set(found[0]) == {"id", "name", "role", "agency", "label"}, "no email, username or phone"
    assert str(police.pk) in {person["id"] for person in search(client, home.last_name)}


def test_the_source_is_bounded_and_needs_two_letters(world, client_for):
    agency = world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE]
    User.objects.bulk_create(
        [UserFactory.build(role=Role.SOCIAL_WORKER, agency=agency, last_name="Fictionalson") for _ in range(30)]
    )
    client = client_for(world.users[Role.CERAR_LEAD])
    assert len(search(client, "Fictionalson")) == MATCHES_SHOWN
    assert search(client, "F") == []


def test_an_unrelated_agencys_person_gets_nobody_of_another_partnership(world, client_for):
    away = UserFactory(role=Role.SOCIAL_WORKER, agency=world.elsewhere_lead.agency)
    found = search(client_for(world.unrelated), away.last_name)
    assert str(away.pk) not in {person["id"] for person in found}
    assert all(person["agency"] != str(world.elsewhere_lead.agency) for person in found)


def test_the_source_refuses_an_unknown_role_and_the_signed_out(world, client, client_for):
    refused = client_for(world.users[Role.CERAR_LEAD]).get(reverse("people-search"), {"q": "ab", "role": "king"})
    assert refused.status_code == 400
    assert client.get(reverse("people-search"), {"q": "ab"}).status_code == 302


def test_with_children_leaves_out_those_a_meeting_may_not_invite(world, client_for):
    auditor = world.users[Role.AUDITOR]
    client = client_for(world.users[Role.CERAR_LEAD])
    assert str(auditor.pk) in {p["id"] for p in search(client, auditor.last_name)}
    assert str(auditor.pk) not in {p["id"] for p in search(client, auditor.last_name, with_children="1")}


def test_a_picker_of_several_keeps_the_ticks_while_finding_more(world, client_for):
    meeting = world.meeting[world.child.pk]
    nurse = UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=world.agencies[AgencyKind.HEALTH])
    worker, lead = world.users[Role.SOCIAL_WORKER], world.users[Role.LEAD_PROFESSIONAL]
    url = reverse("meetings:invite", args=[meeting.pk])
    posted = {"people": [worker.pk], "people-search": nurse.last_name, "picker-find": "people"}
    page = client_for(meeting.chair).post(url, posted).content.decode()
    assert f'value="{worker.pk}" checked' in page, "still ticked"
    assert f'value="{lead.pk}"' in page and f'value="{lead.pk}" checked' not in page, "still offered, unticked"
    assert f'value="{nurse.pk}"' in page and f'value="{nurse.pk}" checked' not in page, "found, for ticking"
    assert not meeting.invitations.filter(user__in=[worker, nurse]).exists()
