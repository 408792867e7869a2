"""What the OpenAPI fuzz run (tests/api/test_fuzz_openapi.py) found, each kept as a plain test."""

from collections import defaultdict
from collections.abc import Callable

import pytest
from django.test import Client
from pydantic import BaseModel

from cepathway.api import api
from cepathway.people.models import Role, User
from tests.factories import World


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


def _models(cls: type[BaseModel]) -> set[type[BaseModel]]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("cepathway."):
            found.add(sub)
        found |= _models(sub)
    return found


def test_each_schema_in_the_openapi_document_is_one_class() -> None:
    """django-ninja files every schema under its class name and the last one read wins, so two
    classes called `ChildOut` (the children's record and a register's linked child) made the
    document describe GET /api/children's items with the register's two fields. An integrator (and
    the fuzzer) then read and sent the wrong shapes."""
    components = set(api.get_openapi_schema(path_prefix="/api/")["components"]["schemas"])
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in _models(BaseModel):
        name = model.__name__.replace("[", "_").replace("]", "_").replace(", ", "__")
        if name in components:
            by_name[name].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}
    assert not shared, f"Schemas sharing a name in the OpenAPI document (rename one): {shared}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/children", "/api/referrals", "/api/meetings"])
def test_an_offset_past_what_a_database_can_count_is_422_not_500(
    path: str, world: World, api_client_for: Callable[[User], Client]
) -> None:
    """`?offset=510106278332679883587584` reached SQLite as a slice and overflowed its integer."""
    response = api_client_for(world.users[Role.CERAR_LEAD]).get(path, {"offset": 10**24})
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) == {"offset"}
    assert api_client_for(world.users[Role.CERAR_LEAD]).get(path, {"offset": 2**31 - 1}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/meetings/a%0Ab/calls", "/api/%0A", "/api/children/x%0A"])
def test_an_api_address_with_a_newline_is_the_apis_json_404(
    path: str, world: World, api_client_for: Callable[[User], Client]
) -> None:
    """An id with %0A in it matched no API pattern, not even the catch-all (`.` stops at a newline),
    so the API answered with the site's HTML 404 page."""
    response = api_client_for(world.users[Role.CERAR_LEAD]).post(path, {}, content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert set(response.json()) == {"detail", "errors"}
