"""The benchmark's server timing (cepathway/core/timing.py): off by default, and when on, every
response says its server, database and audit time and its query count; the floor page exists only then."""

import importlib.util
import re

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from cepathway.core.timing import QueryTally, server_timing
from cepathway.people.models import Role

TIMING_MIDDLEWARE = "cepathway.core.timing.ServerTimingMiddleware"
TIMED = override_settings(
    CEPATHWAY_SERVER_TIMING=True,
    MIDDLEWARE=[TIMING_MIDDLEWARE, *settings.MIDDLEWARE],
    ROOT_URLCONF="tests.benchmarks.urls",
)
HEADER = re.compile(r"^app;dur=([\d.]+), db;dur=([\d.]+), audit;dur=([\d.]+)$")


def durations(response) -> tuple[float, float, float]:
    found = HEADER.match(response["Server-Timing"])
    assert found, response["Server-Timing"]
    app, db, audit = (float(value) for value in found.groups())
    return app, db, audit


def fresh_urlpatterns() -> list:
    """cepathway.urls run again under the current settings, without replacing the loaded module."""
    spec = importlib.util.find_spec("cepathway.urls")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.urlpatterns


def route_names(patterns) -> set[str]:
    return {getattr(pattern, "name", None) for pattern in patterns}


def test_the_header_lists_app_db_and_audit_in_milliseconds():
    tally = QueryTally(count=3, seconds=0.004, audit_seconds=0.001)
    assert server_timing(0.0125, tally) == "app;dur=12.50, db;dur=4.00, audit;dur=1.00"


def test_timing_is_off_by_default(world, client_for):
    response = client_for(world.users[Role.CERAR_LEAD]).get(reverse("my-work"))
    assert response.status_code == 200
    assert "Server-Timing" not in response and "X-Query-Count" not in response


def test_the_floor_is_routed_only_when_timing_is_on():
    assert "bench-floor" not in route_names(fresh_urlpatterns())
    with override_settings(CEPATHWAY_SERVER_TIMING=True):
        assert "bench-floor" in route_names(fresh_urlpatterns())


@TIMED
def test_a_page_says_its_server_db_and_audit_time_and_queries(world, client_for):
    response = client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:detail", args=[world.child.pk]))
    assert response.status_code == 200
    app, db, audit = durations(response)
    assert 0 < audit <= db <= app
    assert int(response["X-Query-Count"]) > 1


@TIMED
def test_a_page_that_writes_no_audit_has_no_audit_time(world, client_for):
    response = client_for(world.users[Role.CERAR_LEAD]).get(reverse("bench-floor"))
    assert response.status_code == 200
    assert "Framework floor" in response.text
    app, db, audit = durations(response)
    assert audit == 0 and db <= app


@TIMED
def test_the_floor_needs_a_signed_in_person(client):
    response = client.get(reverse("bench-floor"))
    assert response.status_code == 302 and reverse("login") in response.url
    assert "Server-Timing" in response


@TIMED
def test_the_sessions_upkeep_is_counted_apart_from_the_pages_statements(world, client_for):
    """The idle timeout rewrites the session's row at most once a minute, whatever the page: the
    page's count must not vary with the clock (bench budget "the same number of SQL queries")."""
    from cepathway.people import sessions

    client = client_for(world.users[Role.CERAR_LEAD])
    url = reverse("children:detail", args=[world.child.pk])
    client.get(url)  # the first request of a process reads what later ones remember (the policy)
    session = client.session
    # Last seen a little over a minute ago (well inside the idle limit): this request writes it again.
    session[sessions.LAST_SEEN] = sessions.clock.seconds() - sessions.SEEN_EVERY - 1
    session.save()
    touched = client.get(url)
    untouched = client.get(url)

    assert touched.status_code == untouched.status_code == 200
    assert touched["X-Session-Writes"] == "1" and untouched["X-Session-Writes"] == "0"
    assert touched["X-Query-Count"] == untouched["X-Query-Count"]
