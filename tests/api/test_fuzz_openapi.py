"""A fuzz run of the whole API from its OpenAPI document (schemathesis): whatever a caller sends,
every operation answers without a server error, in the status codes and shapes the document
declares.

Each operation is tried as two people: someone whose role may use it (the CERAR lead where the
catalogue allows, else the first role it allows), so the fuzzer reaches the forms and services, and
the unrelated partner, who sees nothing. Path parameters are either the world's real records (from
the catalogue's URL for `world.child`) or anything the document allows; bodies and queries are
generated, valid and invalid. The catalogue's own body is sent once first. Every example runs in its
own savepoint, rolled back, so each starts from the same world.

Requests go in-process to Django's WSGI application (no server). The number of examples per
operation and person is FUZZ_EXAMPLES (small by default so the suite stays quick; `make fuzz` asks
for 200). Without FUZZ_EXAMPLES the examples are the same on every run (derandomised), so CI is
stable; with it, each run explores afresh. See docs/api.md, "Fuzzing".
"""

import os
import re
import sys
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cepathway.api import api
from cepathway.people.models import Role
from tests.catalogue import by_key
from tests.factories import World

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

DOCUMENT = api.get_openapi_schema(path_prefix="/api/")
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT)
KEYS = sorted(f"{method.upper()} {path}" for path, methods in DOCUMENT["paths"].items() for method in methods)
PREFERRED = [str(Role.CERAR_LEAD), *sorted(str(role) for role in Role)]


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


@pytest.fixture(scope="module")
def app() -> Iterator[WSGIHandler]:
    """Django's WSGI application, kept on the test's database connection: a real server closes
    connections between requests (`close_old_connections`), which would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def tracebacks() -> Iterator[list[Any]]:
    """What the API's server_error handler signals, so a 500 fails with its traceback."""
    caught: list[Any] = []

    def catch(sender: Any, **kwargs: Any) -> None:
        caught.append(sys.exc_info())

    got_request_exception.connect(catch)
    yield caught
    got_request_exception.disconnect(catch)


def the_permitted(key: str) -> str:
    """The role to fuzz an operation as: the CERAR lead where it may, else the first role that may."""
    entry = by_key()[key]
    method = key.split(" ", 1)[0]
    return next(role for role in PREFERRED if entry.allows(role, method))


def real_path_parameters(key: str, world: World) -> dict[str, str]:
    """The path parameters of the catalogue's URL for the operation about `world.child`."""
    entry = by_key()[key]
    template = key.split(" ", 1)[1]
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    match = re.fullmatch(pattern, entry.build_url(world, entry.home_scope))
    return match.groupdict() if match else {}


def known_ids(world: World) -> list[str]:
    """Ids a body may name that the world has: its people, agencies and children."""
    records = [*world.users.values(), world.unrelated, world.elsewhere_lead, *world.agencies.values()]
    records += [world.unrelated_agency, world.child, world.other_child, world.foreign_child]
    return sorted(str(record.pk) for record in records)


@st.composite
def near_valid(draw: st.DrawFn, operation: Any, known: dict[str, str], body: Any, ids: list[str]) -> Any:
    """The catalogue's body about the world's records, some of its fields replaced by generated
    values, and ids (fields ending `_id`) sometimes the world's real people and children."""
    case = draw(operation.as_strategy(path_parameters=known))
    if not isinstance(body, dict) or not isinstance(case.body, dict):
        return case
    generated = case.body
    replaced = draw(st.sets(st.sampled_from(sorted(generated)))) if generated else set()
    merged = {**body, **{name: generated[name] for name in replaced}}
    for name in merged:
        if name.endswith("_id") and draw(st.booleans()):
            merged[name] = draw(st.sampled_from(ids))
    case.body = merged
    return case


def cases(key: str, world: World) -> st.SearchStrategy[Any]:
    method, path = key.split(" ", 1)
    operation = SCHEMA[path][method]
    entry = by_key()[key]
    known = real_path_parameters(key, world)
    strategies = [operation.as_strategy(), operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)]
    if known:
        strategies.append(operation.as_strategy(path_parameters=known, generation_mode=GenerationMode.NEGATIVE))
    if "requestBody" in DOCUMENT["paths"][path][method.lower()]:
        body = entry.build_data(world, entry.home_scope) or {}
        strategies.append(near_valid(operation, known, body, known_ids(world)))
    elif known:
        strategies.append(operation.as_strategy(path_parameters=known))
    return st.one_of(strategies)


def send(case: Any, app: WSGIHandler, token: str, tracebacks: list[Any]) -> None:
    """One request in a savepoint rolled back after it, checked; a 500 fails with its traceback."""
    tracebacks.clear()
    with transaction.atomic():
        response = case.call(app=app, headers={"Authorization": f"Bearer {token}"}, base_url="http://testserver")
        transaction.set_rollback(True)
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception as failure:
        for exc_info in tracebacks:
            failure.add_note("The server's traceback:\n" + "".join(traceback.format_exception(*exc_info)))
        raise


@pytest.mark.parametrize("who", ["permitted", "unrelated"])
@pytest.mark.parametrize("key", KEYS)
def test_fuzz(key: str, who: str, world: World, app: WSGIHandler, tracebacks: list[Any]) -> None:
    user = world.unrelated if who == "unrelated" else world.users[the_permitted(key)]
    token = world.logins.api_keys[user.pk]
    method, path = key.split(" ", 1)
    entry = by_key()[key]
    body = entry.build_data(world, entry.home_scope) if entry.data else NOT_SET
    send(SCHEMA[path][method].Case(path_parameters=real_path_parameters(key, world), body=body), app, token, tracebacks)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize="FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(key, world))
    def run(case: Any) -> None:
        send(case, app, token, tracebacks)

    run()
