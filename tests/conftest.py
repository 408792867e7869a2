"""Shared fixtures: the world, and clients signed in as one of its people.

App-specific world builders live in tests/<app label>/world.py and register with
`tests.factories.world_builder`; they are imported here, in INSTALLED_APPS order, before any test
runs. See docs/testing.md.
"""

import copy
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client

from cepathway.people.models import ApiToken, User
from tests.catalogue import load_app_routes
from tests.database_role import back_to_the_owner, run_as_service_role
from tests.factories import World, build_world

# The browser fixtures (`browser`, `page`) for any test, and the report, at the end of any run, of
# browser tests that could not run (which fails the run).
pytest_plugins = ["tests.browser.plugin", "tests.browser.fixtures"]

TESTS_DIR = Path(__file__).resolve().parent


def _import_world_builders() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("cepathway.") or not (TESTS_DIR / config.label / "world.py").exists():
            continue
        importlib.import_module(f"tests.{config.label}.world")


def pytest_configure(config: pytest.Config) -> None:
    # pytest-django has set Django up by now. Before any test module is collected: the apps' world
    # builders, and their catalogue entries (tests/<app>/catalogue_entries.py).
    _import_world_builders()
    load_app_routes()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database as pytest-django makes it; then, where CI asks for it, every connection as
    the service's database role (tests/database_role.py), until the database is destroyed."""
    with django_db_blocker.unblock():
        run_as_service_role()
    yield
    with django_db_blocker.unblock():
        back_to_the_owner()


@pytest.fixture
def world(db: None) -> World:
    """Two partnerships, their agencies and people, three children and the apps' records about them."""
    return build_world()


@dataclass
class Logins:
    """Sessions and API keys made once for a shared world's people (see `module_world`)."""

    sessions: dict[Any, str] = field(default_factory=dict)
    api_keys: dict[Any, str] = field(default_factory=dict)

    @classmethod
    def sign_in(cls, users: Iterable[User]) -> "Logins":
        logins = cls()
        for user in users:
            client = Client()
            client.force_login(user)
            logins.sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
            logins.api_keys[user.pk] = ApiToken.issue(user, name="Test token")[1]
        return logins


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One world for a whole test module, built (and its principals signed in, `world.logins`)
    inside a transaction rolled back at the module's end. Use it through `shared_world`."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            built.logins = Logins.sign_in(built.principals.values())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(module_world: World, db: None) -> World:
    """The module's world, each test rolled back to it: far quicker than `world` for big matrices
    (the world is built once, and `client_for` and `api_client_for` reuse sessions and keys made
    once for its principals).

    A module opts in by overriding `world`:

        @pytest.fixture
        def world(shared_world):
            return shared_world

    Every later test in that module then sees the world's rows, even tests that do not ask for it,
    so opt in only where every test stands on the world. Not for transactional tests (the
    browser's). Each test gets a deep copy, so changing the objects in memory is safe.
    """
    return copy.deepcopy(module_world)


def _logins(request: pytest.FixtureRequest) -> Logins | None:
    if "world" not in request.fixturenames:
        return None
    return getattr(request.getfixturevalue("world"), "logins", None)


@pytest.fixture
def client_for(request: pytest.FixtureRequest) -> Callable[[User], Client]:
    """`client_for(user)`: a test client with a signed-in session for `user`."""
    logins = _logins(request)

    def make(user: User) -> Client:
        client = Client()
        if logins is not None and user.pk in logins.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = logins.sessions[user.pk]
        else:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for(request: pytest.FixtureRequest) -> Callable[[User], Client]:
    """`api_client_for(user)`: a test client whose requests carry the user's API bearer token."""
    logins = _logins(request)

    def make(user: User) -> Client:
        if logins is not None and user.pk in logins.api_keys:
            key = logins.api_keys[user.pk]
        else:
            key = ApiToken.issue(user, name="Test token")[1]
        return Client(headers={"Authorization": f"Bearer {key}"})

    return make
