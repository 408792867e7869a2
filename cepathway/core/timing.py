"""Server timing for the benchmark suite (bench/), on only when CEPATHWAY_SERVER_TIMING is true.

Every response then carries `Server-Timing: app;dur=…, db;dur=…, audit;dur=…` (milliseconds: the
whole request, its SQL, and the SQL that writes the audit log), `X-Query-Count` (the page's
statements, savepoints aside) and `X-Session-Writes` (the session's own upkeep, apart because it
follows the clock). SQL is timed with `connection.execute_wrapper`, which costs one function call a
statement and needs no DEBUG.

`floor` is the framework floor: a signed-in page of the same stack (sessions, sign-in, the layout
and its navigation) that reads no child record, so a page's time can be compared with the least
any page costs on the same machine.
"""

from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

AUDIT_INSERT = 'INSERT INTO "core_auditevent"'
# The session's upkeep: its row is written again at most once a minute to track idle time
# (people/sessions.py), whatever the page; counted apart so a page's count does not vary with the clock.
SESSION_WRITES = ('UPDATE "django_session"', 'INSERT INTO "django_session"')
# Transaction control inside an atomic block: not a query of the page's data.
SAVEPOINTS = ("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")


@dataclass
class QueryTally:
    """What the request's SQL cost: statements, their seconds, and the seconds spent writing the audit."""

    count: int = 0
    seconds: float = 0.0
    audit_seconds: float = 0.0
    session_writes: int = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = perf_counter() - started
            self.seconds += elapsed
            statement = sql.lstrip()
            if statement.startswith(SESSION_WRITES):
                self.session_writes += 1
            elif not statement.startswith(SAVEPOINTS):
                self.count += 1
            if statement.startswith(AUDIT_INSERT):
                self.audit_seconds += elapsed


def server_timing(total_seconds: float, tally: QueryTally) -> str:
    parts = [("app", total_seconds), ("db", tally.seconds), ("audit", tally.audit_seconds)]
    return ", ".join(f"{name};dur={seconds * 1000:.2f}" for name, seconds in parts)


class ServerTimingMiddleware:
    """First in MIDDLEWARE, so its time includes every other middleware's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.CEPATHWAY_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tally = QueryTally()
        started = perf_counter()
        with connection.execute_wrapper(tally):
            response = self.get_response(request)
        response["Server-Timing"] = server_timing(perf_counter() - started, tally)
        response["X-Query-Count"] = str(tally.count)
        response["X-Session-Writes"] = str(tally.session_writes)
        return response


def floor(request: HttpRequest) -> HttpResponse:
    return render(request, "core/bench_floor.html")


# Added to cepathway.urls only when CEPATHWAY_SERVER_TIMING is on.
floor_urlpatterns = [path("bench/floor/", floor, name="bench-floor")]
