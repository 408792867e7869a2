"""Who may use which route, about which record: one test per (route, method, person, scope).

Generated from tests/catalogue.py (docs/testing.md). The people are the world's principals (one
user per role in the home partnership, "unrelated" and "elsewhere_lead"); the scopes are the
world's three children, or its two partnerships. What each person should see is
`tests.factories.SEES`, written down from the pathway's rules, not asked of the code under test.
"""

import json
import types
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.models import AuditChain, AuditEvent
from cepathway.core.scoping import get_visible_or_404
from cepathway.people.models import PARTNERSHIP_WIDE_ROLES, Role, User
from tests.catalogue import CATALOGUE, CHILD, NO_SCOPE, Route, by_key, roles, walk
from tests.factories import (
    CHILDREN,
    PRINCIPAL_ROLE,
    PRINCIPALS,
    SEES,
    SEES_ONLY_OWN_REFERRALS,
    WIDE_ROLES,
    World,
    in_scope,
)

REFUSALS = {401, 403, 404, 405}


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Every test here stands on one world per module, rolled back after each test. These tests
    only read the world's objects, so they skip `shared_world`'s copy (thousands of tests)."""
    return module_world


# --- Making requests ------------------------------------------------------------------------------


def client_for_entry(entry: Route, user: User, client_for: Callable, api_client_for: Callable) -> Client:
    return api_client_for(user) if entry.api else client_for(user)


def send(client: Client, entry: Route, world: World, method: str, scope: str) -> HttpResponse:
    url = entry.build_url(world, scope)
    if method == "GET":
        return client.get(url)
    data = entry.build_data(world, scope)
    if entry.api:
        return client.generic(method, url, data=json.dumps(data, default=str), content_type="application/json")
    return client.generic(
        method, url, data=urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
    )


# Columns that change on every request and say nothing about the records.
VOLATILE = {"people_apitoken": {"last_used_at"}, "people_user": {"last_login"}}
# The audit log and its chains' heads: a refusal is audited, and moves its partnership's head.
NOT_RECORDS = {AuditEvent, AuditChain, Session, Permission, ContentType}


def database_state() -> dict[str, list[str]]:
    """Every row of every table but the audit log, sessions and Django's own, to show a refusal
    changed nothing (raw SQL: this runs twice for every refused change)."""
    state = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model in NOT_RECORDS or model._meta.proxy or not model._meta.managed:
                continue
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
            skip = VOLATILE.get(table, set())
            keep = [i for i, column in enumerate(cursor.description) if column[0] not in skip]
            # repr: PostgreSQL hands JSON back as lists and dicts, which a set could not hold
            state[table] = sorted(repr(tuple(row[i] for i in keep)) for row in cursor.fetchall())
    return state


def check(
    entry: Route,
    world: World,
    principal: str,
    scope: str,
    method: str,
    client_for: Callable,
    api_client_for: Callable,
) -> None:
    """Make one request as `principal` and assert the catalogue's answer. Raises AssertionError."""
    user = world.principals[principal]
    client = client_for_entry(entry, user, client_for, api_client_for)
    expected = entry.expected(principal, scope, method)
    about = "" if scope == NO_SCOPE else f" about {scope}"
    what = f"{method} {entry.build_url(world, scope)} as {principal}{about}"
    if method == "GET":
        response = send(client, entry, world, method, scope)
        assert response.status_code == expected, f"{what}: expected {expected}, got {response.status_code}"
        return
    before = database_state() if expected in REFUSALS else {}
    response = send(client, entry, world, method, scope)
    if expected in REFUSALS:
        assert response.status_code == expected, f"{what}: expected {expected}, got {response.status_code}"
        changed = [label for label, rows in database_state().items() if rows != before.get(label)]
        assert not changed, f"{what} was refused but changed {', '.join(changed)}"
    else:
        assert response.status_code not in REFUSALS and response.status_code < 500, (
            f"{what} is allowed but got {response.status_code}"
        )


# --- The catalogue is complete ---------------------------------------------------------------------


def test_every_route_is_in_the_catalogue() -> None:
    catalogued = by_key()
    missing = [found for found in walk() if found.key not in catalogued]
    assert not missing, "Routes not described in tests/catalogue.py (see docs/testing.md):\n" + "\n".join(
        f"  {found.key}  (pattern {found.route!r})" for found in missing
    )


def test_every_catalogue_entry_is_a_route() -> None:
    found = {route.key for route in walk()}
    stale = [entry.key for entry in CATALOGUE if entry.key not in found]
    assert not stale, f"Catalogue entries with no route behind them: {stale}"


def test_routes_with_parameters_say_how_to_build_their_url() -> None:
    catalogued = by_key()
    vague = [
        found.key
        for found in walk()
        if found.key in catalogued and found.has_parameters and catalogued[found.key].url is None
    ]
    assert not vague, f"Give these catalogue entries a url=: {vague}"


def test_child_related_entries_say_what_they_audit() -> None:
    wrong = [entry.key for entry in CATALOGUE if entry.audit not in (None, "viewed", "listed", "downloaded")]
    assert not wrong, f"audit must be 'viewed', 'listed' or 'downloaded': {wrong}"


def test_the_worlds_rule_of_who_sees_the_whole_partnership_is_the_codes() -> None:
    assert WIDE_ROLES == PARTNERSHIP_WIDE_ROLES, (
        "PARTNERSHIP_WIDE_ROLES changed: if that is intended, change tests.factories.WIDE_ROLES to match"
    )


def test_the_world_sees_what_it_should(world: World) -> None:
    """If this fails, a world builder has changed who may see which child, and the matrix is wrong."""
    assert world.sees == SEES
    for principal, user in world.principals.items():
        assert user.role == PRINCIPAL_ROLE[principal]
        visible = set(Child.objects.visible_to(user).values_list("pk", flat=True))
        expected = {child.pk for name, child in world.children().items() if name in world.sees[principal]}
        assert visible == expected, f"{principal} sees the wrong children"


# --- The matrix -----------------------------------------------------------------------------------


def _cases(methods: Callable[[Route], tuple[str, ...]]) -> list[Any]:
    return [
        pytest.param(entry, principal, scope, method, id=f"{entry.id}-{method}-{principal}-{scope}")
        for entry in CATALOGUE
        if not entry.public
        for method in methods(entry)
        for principal in PRINCIPALS
        for scope in entry.scopes
    ]


def _reads(entry: Route) -> tuple[str, ...]:
    return ("GET",) if "GET" in entry.methods else ()


def _changes(entry: Route) -> tuple[str, ...]:
    return tuple(method for method in entry.methods if method != "GET")


@pytest.mark.parametrize(("entry", "principal", "scope", "method"), _cases(_reads))
def test_get(
    entry: Route, principal: str, scope: str, method: str, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    check(entry, world, principal, scope, method, client_for, api_client_for)


@pytest.mark.parametrize(("entry", "principal", "scope", "method"), _cases(_changes))
def test_change(
    entry: Route, principal: str, scope: str, method: str, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    check(entry, world, principal, scope, method, client_for, api_client_for)


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=e.id) for e in CATALOGUE if not e.api and not e.public and "GET" not in e.methods]
)
def test_get_is_not_allowed_where_only_changes_are(entry: Route, world: World, client_for: Callable) -> None:
    principal = next(p for p in PRINCIPALS if entry.expected(p, entry.home_scope, "POST") not in REFUSALS)
    response = client_for(world.principals[principal]).get(entry.build_url(world, entry.home_scope))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=e.id) for e in CATALOGUE if not e.api and not e.public and e.methods == ("GET",)]
)
def test_a_post_to_a_page_that_only_reads_changes_nothing(
    entry: Route, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    """A page catalogued as GET only either refuses POST or ignores it; if it changes something on
    POST, its entry must say methods=("GET", "POST") so the matrix checks who may."""
    principal = next(p for p in PRINCIPALS if entry.expected(p, entry.home_scope) == entry.ok)
    before = database_state()
    response = send(client_for(world.principals[principal]), entry, world, "POST", entry.home_scope)
    assert response.status_code < 500, f"POST {entry.build_url(world, entry.home_scope)}: {response.status_code}"
    changed = [table for table, rows in database_state().items() if rows != before.get(table)]
    assert not changed, f"POST to {entry.key} (catalogued as GET only) as {principal} changed {', '.join(changed)}"


@pytest.mark.parametrize(
    ("entry", "method"), [pytest.param(e, m, id=f"{e.id}-{m}") for e in CATALOGUE for m in e.methods]
)
def test_anonymous(entry: Route, method: str, world: World) -> None:
    url = entry.build_url(world, entry.home_scope)
    before = database_state()
    response = send(Client(), entry, world, method, entry.home_scope)
    if entry.public:
        if method == "GET":
            assert response.status_code == entry.ok
        else:
            assert response.status_code not in REFUSALS and response.status_code < 500
        return
    if entry.api:
        assert response.status_code == 401, f"{method} {url} anonymously: expected 401, got {response.status_code}"
    else:
        login = reverse("login")
        assert response.status_code == 302, f"{method} {url} anonymously: expected 302, got {response.status_code}"
        assert response["Location"].startswith(login + "?next="), response["Location"]
    assert database_state() == before, f"{method} {url} anonymously changed something"


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.id) for e in CATALOGUE if e.api])
def test_api_operations_need_a_token_not_a_session(entry: Route, world: World, client_for: Callable) -> None:
    user = world.users[Role.CERAR_LEAD]
    response = send(client_for(user), entry, world, entry.methods[0], entry.home_scope)
    assert response.status_code == 401


def test_a_revoked_token_is_refused(world: World, api_client_for: Callable) -> None:
    user = world.users[Role.CERAR_LEAD]
    client = api_client_for(user)
    assert client.get("/api/me").status_code == 200
    user.api_tokens.update(revoked_at=timezone.now())
    assert client.get("/api/me").status_code == 401


# --- The matrix can fail ---------------------------------------------------------------------------
# Two throwaway views about a child, served from a URLconf that only these tests use: one that
# follows the rules and one that forgets scope and role. The same `check` must pass the first and
# catch the second, so a green matrix means something even while few record pages exist.

PROBE_ROLES = roles(Role.SOCIAL_WORKER, Role.CERAR_LEAD, Role.TEAM_MANAGER)


def _probe_good(request: HttpRequest, pk: str) -> HttpResponse:
    child = get_visible_or_404(request.user, Child, pk=pk)
    if request.user.role not in PROBE_ROLES:
        raise PermissionDenied
    audit.viewed(request.user, child)
    return HttpResponse(f"<p>{child.initials}</p>")


def _probe_leaky(request: HttpRequest, pk: str) -> HttpResponse:
    child = Child.objects.get(pk=pk)
    return HttpResponse(f"<p>{child.initials}</p>")


probe_urls = types.ModuleType("probe_urls")
probe_urls.urlpatterns = [  # type: ignore[attr-defined]
    path("probe/good/<uuid:pk>", _probe_good, name="probe-good"),
    path("probe/leaky/<uuid:pk>", _probe_leaky, name="probe-leaky"),
    path("", include(django_settings.ROOT_URLCONF)),  # the real routes, for the pages' navigation
]


def probe_entry(name: str) -> Route:
    return Route(name, roles=PROBE_ROLES, about=CHILD, url=lambda w, child: reverse(name, args=[child.pk]))


def run_probe(name: str, world: World, client_for: Callable, api_client_for: Callable) -> list[str]:
    failures = []
    entry = probe_entry(name)
    for principal in PRINCIPALS:
        for scope in CHILDREN:
            try:
                check(entry, world, principal, scope, "GET", client_for, api_client_for)
            except AssertionError as failure:
                failures.append(str(failure))
    return failures


def test_the_matrix_passes_a_view_that_follows_the_rules(
    world: World, client_for: Callable, api_client_for: Callable, settings: Any
) -> None:
    settings.ROOT_URLCONF = probe_urls
    assert run_probe("probe-good", world, client_for, api_client_for) == []


def test_the_matrix_catches_a_view_that_forgets_scope_and_role(
    world: World, client_for: Callable, api_client_for: Callable, settings: Any
) -> None:
    settings.ROOT_URLCONF = probe_urls
    failures = run_probe("probe-leaky", world, client_for, api_client_for)
    assert any("as unrelated" in failure and "expected 404, got 200" in failure for failure in failures)
    assert any("as elsewhere_lead" in failure and "about child" in failure for failure in failures)
    assert any("as police_officer about child: expected 403, got 200" in failure for failure in failures)


# --- What a page lists ----------------------------------------------------------------------------
# Opening is not all: a page that opens may still list what its reader may not know. The child's
# page names the people involved with `world.child`; whoever is involved only as its referrer
# (SEES_ONLY_OWN_REFERRALS) is shown themselves alone (need to know), everyone else who sees the
# child every person involved. Written down from the world, not asked of the code.


def _people_listed(page: str) -> str:
    start = page.index(">People involved</h2>")
    return page[start : page.index("<h2", start + 1)]


@pytest.mark.parametrize("principal", [name for name in PRINCIPALS if in_scope(name, "child")])
def test_the_child_page_lists_only_the_people_its_reader_may_know_of(
    principal: str, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    user = world.principals[principal]
    involved = {involvement.user for involvement in world.involvements.values()}
    referrer_only = principal in SEES_ONLY_OWN_REFERRALS
    expected = {user} if referrer_only else involved
    page = client_for(user).get(reverse("children:detail", args=[world.child.pk])).content.decode()
    listed = _people_listed(page)
    for person in involved:
        named = person.display_name in listed
        assert named == (person in expected), f"{principal}: {person.username} {'listed' if named else 'missing'}"
    workers = (world.child.allocated_social_worker, world.child.lead_professional)
    card = page[page.index('id="at-a-glance"') : page.index(">People involved</h2>")]
    assert all((worker.display_name in card) != referrer_only for worker in workers), f"{principal}: the card"
    record = api_client_for(user).get(f"/api/children/{world.child.pk}").json()
    assert record["people_shown"] is not referrer_only
    assert (record["allocated_social_worker_id"] is None) is referrer_only
