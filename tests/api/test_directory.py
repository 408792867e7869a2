"""The partnership's directory through the API: the people an integrator names as a chair, an invitee,
an action owner or an allocated worker, and the agencies they work in. Colleagues of the caller's own
partnership only, and only what colleagues may know of each other."""

from collections.abc import Callable

import pytest

from cepathway.people.models import AgencyKind, Role, User
from tests.factories import UserFactory, World

COLLEAGUE_FIELDS = {"id", "name", "role", "role_label", "job_title", "agency_id", "agency"}


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


def test_a_colleague_finds_the_people_of_their_partnership_by_name(world: World, api_client_for: Callable) -> None:
    response = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/people")
    assert response.status_code == 200
    people = response.json()
    home_staff = [*world.users.values(), world.unrelated]
    assert {person["id"] for person in people} == {str(user.pk) for user in home_staff}
    assert [person["name"] for person in people] == [
        user.display_name for user in sorted(home_staff, key=lambda u: (u.last_name, u.first_name, u.username))
    ]
    worker = world.users[Role.SOCIAL_WORKER]
    assert next(person for person in people if person["id"] == str(worker.pk)) == {
        "id": str(worker.pk),
        "name": worker.display_name,
        "role": "social_worker",
        "role_label": "Social worker",
        "job_title": worker.job_title,
        "agency_id": str(worker.agency_id),
        "agency": worker.agency.name,
    }


def test_the_directory_gives_no_email_phone_or_username(world: World, api_client_for: Callable) -> None:
    worker = world.users[Role.SOCIAL_WORKER]
    worker.phone = "01632 960123"
    worker.save()
    response = api_client_for(world.users[Role.PARTNER_PROFESSIONAL]).get("/api/people")
    assert all(set(person) == COLLEAGUE_FIELDS for person in response.json())
    for private in (worker.email, worker.phone, worker.username):
        assert private not in response.text


def test_nobody_of_another_partnership_appears_and_they_see_only_their_own(
    world: World, api_client_for: Callable
) -> None:
    home = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/people").json()
    assert str(world.elsewhere_lead.pk) not in {person["id"] for person in home}
    elsewhere = api_client_for(world.elsewhere_lead).get("/api/people").json()
    theirs = {str(pk) for pk in User.objects.filter(agency__partnership=world.elsewhere).values_list("pk", flat=True)}
    assert str(world.elsewhere_lead.pk) in {person["id"] for person in elsewhere}
    assert {person["id"] for person in elsewhere} <= theirs, "only their own partnership's people"
    agencies = api_client_for(world.elsewhere_lead).get("/api/people/agencies").json()
    assert [agency["id"] for agency in agencies] == [str(world.elsewhere_agency.pk)]


def test_filtered_by_role_and_agency(world: World, api_client_for: Callable) -> None:
    client = api_client_for(world.users[Role.CERAR_LEAD])
    workers = client.get("/api/people?role=social_worker").json()
    assert [person["id"] for person in workers] == [str(world.users[Role.SOCIAL_WORKER].pk)]
    school = world.agencies[AgencyKind.SCHOOL]
    in_school = client.get(f"/api/people?agency_id={school.pk}").json()
    assert [person["id"] for person in in_school] == [str(world.users[Role.PARTNER_PROFESSIONAL].pk)]
    none = client.get(f"/api/people?agency_id={school.pk}&role=cerar_lead").json()
    assert none == []


def test_an_agency_of_another_partnership_is_refused_as_an_unknown_one(world: World, api_client_for: Callable) -> None:
    client = api_client_for(world.users[Role.CERAR_LEAD])
    foreign = client.get(f"/api/people?agency_id={world.elsewhere_agency.pk}")
    unknown = client.get("/api/people?agency_id=00000000-0000-4000-8000-000000000000")
    assert foreign.status_code == unknown.status_code == 422
    assert (
        foreign.json()
        == unknown.json()
        == {
            "detail": "The request has errors: see errors.",
            "errors": {"agency_id": ["No agency with this id in your partnership."]},
        }
    )


def test_people_who_have_left_are_not_offered(world: World, api_client_for: Callable) -> None:
    gone = UserFactory(role=Role.SOCIAL_WORKER, agency=world.users[Role.SOCIAL_WORKER].agency, is_active=False)
    people = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/people").json()
    assert str(gone.pk) not in {person["id"] for person in people}


def test_the_agencies_of_the_partnership(world: World, api_client_for: Callable) -> None:
    response = api_client_for(world.unrelated).get("/api/people/agencies")
    assert response.status_code == 200
    expected = sorted([*world.agencies.values(), world.unrelated_agency], key=lambda agency: agency.name)
    assert response.json() == [
        {"id": str(a.pk), "name": a.name, "kind": a.kind, "kind_label": a.get_kind_display()} for a in expected
    ]


def test_the_unrelated_partner_sees_colleagues_but_no_child_through_the_directory(
    world: World, api_client_for: Callable
) -> None:
    """The directory is of people, not children: the unrelated partner is a colleague of the
    partnership's staff, and learns of no child from it."""
    response = api_client_for(world.unrelated).get("/api/people")
    assert response.status_code == 200
    for child in world.children().values():
        assert child.full_name not in response.text and str(child.pk) not in response.text


def test_an_account_with_no_agency_is_refused(world: World, api_client_for: Callable) -> None:
    loose = UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=None)
    response = api_client_for(loose).get("/api/people")
    assert response.status_code == 403
    assert response.json()["detail"] == "Your role may not do this."
