"""Every child-related page and API operation in the catalogue writes the audit log.

A permitted GET in scope writes `viewed` (or `listed`) naming the person, and for a child's record
the child; a GET out of scope writes `denied` naming the person. Generated from tests/catalogue.py:
an entry is child-related when it has `audit` (child records have it by default).
"""

from collections.abc import Callable
from typing import Any

import pytest

from cepathway.core.models import AuditAction, AuditEvent
from tests.catalogue import CATALOGUE, CHILD, NO_SCOPE, Route
from tests.factories import PRINCIPALS, World, in_scope
from tests.test_authorisation_matrix import client_for_entry, probe_entry, probe_urls, send


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Every test here stands on one world per module, rolled back after each test. These tests
    only read the world's objects, so they skip `shared_world`'s copy (thousands of tests)."""
    return module_world


AUDITED = [entry for entry in CATALOGUE if entry.audit and "GET" in entry.methods]


def _new_events(before: set[Any], user: Any) -> Any:
    return AuditEvent.objects.exclude(pk__in=before).filter(user=user)


def check_permitted_view(
    entry: Route, world: World, principal: str, client_for: Callable, api_client_for: Callable
) -> None:
    user = world.principals[principal]
    scope = entry.home_scope
    what = f"GET {entry.build_url(world, scope)} as {principal}"
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = send(client_for_entry(entry, user, client_for, api_client_for), entry, world, "GET", scope)
    assert response.status_code == entry.ok, f"{what}: expected {entry.ok}, got {response.status_code}"
    written = _new_events(before, user).filter(action=entry.audit)
    needs = [f"'{entry.audit}'", "naming them"]
    if entry.about == CHILD and entry.audit in (AuditAction.VIEWED, AuditAction.DOWNLOADED):
        written = written.filter(child_id=world.child.pk)
        needs.append("and the child")
    if entry.api:
        written = written.filter(channel="api")
        needs.append("through the api channel")
    assert written.exists(), (
        f"{what} wrote no audit entry {' '.join(needs)}; it wrote: "
        f"{list(AuditEvent.objects.exclude(pk__in=before).values_list('action', 'username', 'channel'))}"
    )


def check_refusal(
    entry: Route, world: World, principal: str, scope: str, client_for: Callable, api_client_for: Callable
) -> None:
    user = world.principals[principal]
    what = f"GET {entry.build_url(world, scope)} as {principal} about {scope}"
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = send(client_for_entry(entry, user, client_for, api_client_for), entry, world, "GET", scope)
    assert response.status_code == 404, f"{what}: expected 404, got {response.status_code}"
    assert _new_events(before, user).filter(action=AuditAction.DENIED).exists(), (
        f"{what} was refused but wrote no 'denied' audit entry naming them"
    )


@pytest.mark.parametrize(
    ("entry", "principal"),
    [
        pytest.param(entry, principal, id=f"{entry.id}-{principal}")
        for entry in AUDITED
        for principal in PRINCIPALS
        if entry.expected(principal, entry.home_scope) == entry.ok
    ],
)
def test_a_permitted_view_is_audited(
    entry: Route, principal: str, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    check_permitted_view(entry, world, principal, client_for, api_client_for)


@pytest.mark.parametrize(
    ("entry", "principal", "scope"),
    [
        pytest.param(entry, principal, scope, id=f"{entry.id}-{principal}-{scope}")
        for entry in AUDITED
        for principal in PRINCIPALS
        for scope in entry.scopes
        if scope != NO_SCOPE and not in_scope(principal, scope)
    ],
)
def test_an_out_of_scope_view_is_audited_as_denied(
    entry: Route, principal: str, scope: str, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    check_refusal(entry, world, principal, scope, client_for, api_client_for)


# --- The audit check can fail ---------------------------------------------------------------------


def test_the_audit_check_passes_a_view_that_audits_and_catches_one_that_does_not(
    world: World, client_for: Callable, api_client_for: Callable, settings: Any
) -> None:
    settings.ROOT_URLCONF = probe_urls
    check_permitted_view(probe_entry("probe-good"), world, "social_worker", client_for, api_client_for)
    check_refusal(probe_entry("probe-good"), world, "social_worker", "other_child", client_for, api_client_for)
    leaky = probe_entry("probe-leaky")
    with pytest.raises(AssertionError, match="wrote no audit entry 'viewed' naming them and the child"):
        check_permitted_view(leaky, world, "social_worker", client_for, api_client_for)
    with pytest.raises(AssertionError, match="expected 404, got 200"):
        check_refusal(leaky, world, "social_worker", "other_child", client_for, api_client_for)
