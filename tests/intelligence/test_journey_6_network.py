"""Step 6: the network. From a child's page (or a register record's), a register role opens what
is linked to it in up to two steps, with the grading of each link, as a table that works without
JavaScript. Only what the viewer may see is named: a child they may not see is not shown, nor is
anything reached only through that child. The database answers in the same number of queries
however large the network."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.intelligence.models import IntelligenceAssessment, NodeKind, PersonOfConcern, PlaceOfConcern
from cepathway.intelligence.registers import network
from cepathway.people.models import Role
from tests.intelligence.world_registers import follow, href_of, link, make_submission


@pytest.fixture
def world(shared_world):
    return shared_world


def _home(world):
    return world.registers[world.home.pk]


@pytest.fixture
def hidden_path(world):
    """A person linked only to other_child (whom the police officer may not see)."""
    handler = world.users[Role.CERAR_LEAD]
    submission = make_submission(world.home, world.users[Role.TEAM_MANAGER], handler)
    behind = PersonOfConcern(partnership=world.home, first_name="Behind", last_name="Hidden")
    behind.save_tracked(handler)
    link(world.home, (NodeKind.CHILD, world.other_child), (NodeKind.PERSON, behind), submission, handler)
    return behind


def test_a_register_role_clicks_from_the_childs_page_to_the_network(world, client_for):
    client = client_for(world.users[Role.POLICE_OFFICER])
    page = client.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    page = follow(client, page, "Network")
    home = _home(world)
    assert "OFFICIAL-SENSITIVE" in page
    for record in (home["person"], home["place"], home["vehicle"]):
        assert str(record) in page
    assert "1B P" in page and "two steps away" in page
    # other_child is linked to the same person, two steps away, but the officer may not see them.
    assert world.other_child.full_name not in page and str(world.other_child.pk) not in page
    assert world.foreign_child.full_name not in page


def test_the_childs_page_has_no_network_link_for_other_roles(world, client_for):
    page = client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[world.child.pk]))
    assert reverse("intelligence:network", args=["child", world.child.pk]) not in page.content.decode()


def test_nothing_reached_only_through_a_hidden_child_is_shown(world, client_for, hidden_path):
    url = reverse("intelligence:network", args=["person", _home(world)["person"].pk])
    officer = client_for(world.users[Role.POLICE_OFFICER]).get(url).content.decode()
    assert "Behind Hidden" not in officer and world.other_child.full_name not in officer
    manager = client_for(world.users[Role.TEAM_MANAGER]).get(url).content.decode()
    assert "Behind Hidden" in manager and world.other_child.full_name in manager


def test_the_network_through_the_api_names_only_what_the_viewer_may_see(world, api_client_for, hidden_path):
    person = _home(world)["person"]
    got = api_client_for(world.users[Role.POLICE_OFFICER]).get(f"/api/intelligence/network/person/{person.pk}")
    assert got.status_code == 200
    body = got.content.decode()
    assert str(world.other_child.pk) not in body and str(hidden_path.pk) not in body
    kinds = {node["kind"] for node in got.json()["nodes"]}
    assert {"child", "place", "vehicle", "phone"} <= kinds
    manager = api_client_for(world.users[Role.TEAM_MANAGER]).get(f"/api/intelligence/network/person/{person.pk}")
    assert str(hidden_path.pk) in manager.content.decode()


def test_the_table_filters_by_grading_without_javascript(world, client_for):
    handler = world.users[Role.CERAR_LEAD]
    doubtful = make_submission(
        world.home,
        world.users[Role.POLICE_OFFICER],
        handler,
        intelligence_assessment=IntelligenceAssessment.SUSPECTED_FALSE,
    )
    rumour = PlaceOfConcern(partnership=world.home, name="Fictional Rumoured Flat")
    rumour.save_tracked(handler)
    link(world.home, (NodeKind.CHILD, world.child), (NodeKind.PLACE, rumour), doubtful, handler)
    client = client_for(handler)
    url = reverse("intelligence:network", args=["child", world.child.pk])
    everything = client.get(url).content.decode()
    assert "1E P" in everything and "1B P" in everything
    corroborated = client.get(url + "?assessment=B").content.decode()
    table = corroborated[corroborated.index('id="links"') :]
    assert "1E P" not in table and "1B P" in table
    assert href_of(corroborated, "Fictional Rumoured Flat")  # still listed above the filtered table


def test_who_may_not_see_the_registers_or_the_child_gets_not_found(world, client_for):
    child_url = reverse("intelligence:network", args=["child", world.child.pk])
    for who in ("unrelated", "social_worker", "lead_professional", "partner_professional"):
        assert client_for(world.principals[who]).get(child_url).status_code == 404, who
    other = reverse("intelligence:network", args=["child", world.other_child.pk])
    assert client_for(world.users[Role.POLICE_OFFICER]).get(other).status_code == 404
    theirs = reverse("intelligence:network", args=["person", world.registers[world.elsewhere.pk]["person"].pk])
    assert client_for(world.users[Role.CERAR_LEAD]).get(theirs).status_code == 404


def test_which_children_are_linked_in_up_to_two_steps(world, hidden_path):
    place = _home(world)["place"]
    # place - person - child, other_child; and place - (merged away) person: not current.
    manager = world.users[Role.TEAM_MANAGER]
    children = {node.label for node in network.children_within_two_steps(place, manager)}
    assert children == {world.child.full_name, world.other_child.full_name}
    officer = world.users[Role.POLICE_OFFICER]
    assert {node.label for node in network.children_within_two_steps(place, officer)} == {world.child.full_name}


def _grow(world, size):
    """`size` persons linked to world.child, each with a place of its own."""
    handler = world.users[Role.CERAR_LEAD]
    submission = make_submission(world.home, handler, handler)
    for number in range(size):
        person = PersonOfConcern(partnership=world.home, first_name="Grown", last_name=f"Person{number}")
        person.save_tracked(handler)
        place = PlaceOfConcern(partnership=world.home, name=f"Grown place {number}")
        place.save_tracked(handler)
        link(world.home, (NodeKind.CHILD, world.child), (NodeKind.PERSON, person), submission, handler)
        link(world.home, (NodeKind.PERSON, person), (NodeKind.PLACE, place), submission, handler)


def _queries(world, client):
    url = reverse("intelligence:network", args=["child", world.child.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_two_step_query_count_does_not_grow_with_the_network(world, client_for):
    client = client_for(world.users[Role.TEAM_MANAGER])
    _grow(world, 3)
    small, page = _queries(world, client)
    assert "Grown place 2" in page
    _grow(world, 30)
    large, page = _queries(world, client)
    assert page.count("Grown place") >= 33
    assert small == large, (small, large)
    with CaptureQueriesContext(connection) as queries:
        found = network.network_of(world.child, world.users[Role.TEAM_MANAGER])
    assert len(found.of_kind(NodeKind.PLACE)) >= 33
    # One query for the links within two steps, one per kind of record named.
    assert len(queries) <= 1 + 5, [query["sql"][:80] for query in queries]
