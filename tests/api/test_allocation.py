"""Allocation through the API, as on the allocation page: the hub finds a social worker in the directory,
allocates them, and the worker they replace no longer sees the child. Same form, service, permission,
scope, audit and version check as the page."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cepathway.children.models import Child, InvolvementKind
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role
from tests.factories import ChildFactory, InvolvementFactory, UserFactory, World


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


@pytest.fixture
def child(world: World) -> Child:
    """A child open to children's services whose allocated worker and lead professional work with
    them only through those roles (so losing the role is losing sight)."""
    child = ChildFactory(
        partnership=world.home,
        open_to_childrens_services=True,
        allocated_social_worker=world.users[Role.SOCIAL_WORKER],
        lead_professional=world.users[Role.LEAD_PROFESSIONAL],
        school="Fictional Academy",
    )
    InvolvementFactory(child=child, user=world.users[Role.SOCIAL_WORKER], kind=InvolvementKind.ALLOCATED_WORKER)
    InvolvementFactory(child=child, user=world.users[Role.LEAD_PROFESSIONAL], kind=InvolvementKind.LEAD_PROFESSIONAL)
    return child


def patch(client: Client, child: Child, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/children/{child.pk}/allocation", json.dumps(body), content_type="application/json")


def test_the_hub_allocates_a_new_worker_and_the_one_replaced_loses_sight(
    world: World, child: Child, api_client_for: Callable
) -> None:
    old_worker = world.users[Role.SOCIAL_WORKER]
    new_worker = UserFactory(role=Role.SOCIAL_WORKER, agency=old_worker.agency)
    hub = api_client_for(world.users[Role.HUB_PRACTITIONER])

    found = hub.get("/api/people?role=social_worker").json()
    assert str(new_worker.pk) in {person["id"] for person in found}
    before = hub.get(f"/api/children/{child.pk}").json()
    assert before["allocated_social_worker_id"] == str(old_worker.pk)
    assert api_client_for(new_worker).get(f"/api/children/{child.pk}").status_code == 404

    response = patch(hub, child, {"version": before["version"], "allocated_social_worker_id": str(new_worker.pk)})

    assert response.status_code == 200, response.content
    after = response.json()
    assert after["allocated_social_worker_id"] == str(new_worker.pk)
    assert after["version"] == before["version"] + 1
    left_alone = ("lead_professional_id", "school", "open_to_childrens_services")
    assert {name: after[name] for name in left_alone} == {name: before[name] for name in left_alone}
    assert api_client_for(new_worker).get(f"/api/children/{child.pk}").status_code == 200
    assert api_client_for(old_worker).get(f"/api/children/{child.pk}").status_code == 404
    changed = AuditEvent.objects.get(
        user=world.users[Role.HUB_PRACTITIONER], action=AuditAction.CHANGED, record_id=str(child.pk)
    )
    assert (changed.fields, changed.channel, changed.child_id) == (["allocated_social_worker"], "api", child.pk)


def test_a_stale_save_is_refused_and_changes_nothing(world: World, child: Child, api_client_for: Callable) -> None:
    """Two people allocate at once from the same version: the second is told, nothing of theirs is saved."""
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    manager = api_client_for(world.users[Role.TEAM_MANAGER])
    read = cerar.get(f"/api/children/{child.pk}").json()["version"]
    assert patch(cerar, child, {"version": read, "school": "Fictional College"}).status_code == 200

    stale = patch(manager, child, {"version": read, "school": "Fictional Other", "lead_professional_id": None})

    assert stale.status_code == 409
    assert "Nothing was saved" in stale.json()["detail"]
    child.refresh_from_db()
    assert (child.school, child.lead_professional_id) == ("Fictional College", world.users[Role.LEAD_PROFESSIONAL].pk)


def test_null_clears_a_worker_and_they_lose_sight(world: World, child: Child, api_client_for: Callable) -> None:
    lead = world.users[Role.LEAD_PROFESSIONAL]
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    response = patch(cerar, child, {"version": child.version, "lead_professional_id": None})
    assert response.status_code == 200 and response.json()["lead_professional_id"] is None
    assert api_client_for(lead).get(f"/api/children/{child.pk}").status_code == 404
    child.refresh_from_db()
    assert child.allocated_social_worker_id == world.users[Role.SOCIAL_WORKER].pk, "left out, so kept"


def test_null_is_not_a_value_for_a_yes_or_no(world: World, child: Child, api_client_for: Callable) -> None:
    """Left out means unchanged; null for open_to_childrens_services would otherwise read as 'no'."""
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    response = patch(cerar, child, {"version": child.version, "open_to_childrens_services": None})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["open_to_childrens_services"]
    child.refresh_from_db()
    assert child.open_to_childrens_services is True


def test_only_someone_of_the_partnership_in_the_right_role_may_be_allocated(
    world: World, child: Child, api_client_for: Callable
) -> None:
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    for wrong in (world.users[Role.POLICE_OFFICER], world.elsewhere_lead):
        response = patch(cerar, child, {"version": child.version, "allocated_social_worker_id": str(wrong.pk)})
        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["allocated_social_worker_id"]
    child.refresh_from_db()
    assert child.allocated_social_worker_id == world.users[Role.SOCIAL_WORKER].pk


@pytest.mark.parametrize(
    ("who", "status"),
    [("unrelated", 404), ("elsewhere_lead", 404), (Role.SOCIAL_WORKER, 403), (Role.PARTNER_PROFESSIONAL, 403)],
)
def test_who_may_not_allocate_changes_nothing(who: str, status: int, world: World, api_client_for: Callable) -> None:
    """world.child: the social worker and the school see the child but may not allocate; the unrelated
    partner and the other partnership's lead do not see the child at all (audited)."""
    child = world.child
    person = world.principals[who]
    body = {"version": child.version, "school": "Fictional Elsewhere", "allocated_social_worker_id": None}
    response = patch(api_client_for(person), child, body)
    assert response.status_code == status
    child.refresh_from_db()
    assert (child.school, child.allocated_social_worker_id, child.version) == (
        world.child.school,
        world.users[Role.SOCIAL_WORKER].pk,
        world.child.version,
    )
    if status == 404:
        assert AuditEvent.objects.filter(user=person, action=AuditAction.DENIED, record_id=str(child.pk)).exists()
