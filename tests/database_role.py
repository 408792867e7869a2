"""Run the suite as the service's database role (issue 11; docs/audit.md, "The service's database role").

With `CEPATHWAY_TEST_DATABASE_ROLE=<role>` on PostgreSQL (CI sets it), the test database is created and
migrated by its owner as usual; then `grant_service_role` gives the role what the service needs, and
every connection the tests open does `SET ROLE <role>`. So the application's code in every test runs
with the rights production gives it: it may only add to the audit log, owns nothing, and cannot switch
a trigger off. Two things still run as the owner, because they are the test harness, not the service:
emptying the tables after a transactional test (Django's flush truncates every table, the audit log
included), and a test that asks for it with `as_database_owner()` (one that plays an attacker with an
owner's rights, or makes an index as a migration would).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import IntegrityError, ProgrammingError, connection, connections
from django.db.backends.signals import connection_created

ROLE_VARIABLE = "CEPATHWAY_TEST_DATABASE_ROLE"


def service_role() -> str | None:
    """The role the suite runs as, or None (SQLite, or not asked for)."""
    role = os.environ.get(ROLE_VARIABLE, "").strip()
    return role if role and connection.vendor == "postgresql" else None


def _set_role(connection_: Any, role: str) -> None:
    with connection_.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection_.ops.quote_name(role)}")


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    role = service_role()
    if role and connection.vendor == "postgresql":
        _set_role(connection, role)


def _grant(role: str) -> None:
    # Several xdist workers may create the role at once; one wins, the others find it made.
    for _attempt in range(3):
        try:
            call_command("grant_service_role", role, verbosity=0)
            return
        except (IntegrityError, ProgrammingError):
            continue
    call_command("grant_service_role", role, verbosity=0)


def _flush_as_owner(original: Any) -> Any:
    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        role = service_role()
        if not role:
            return original(self, sql_list)
        with self.connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
        try:
            return original(self, sql_list)
        finally:
            _set_role(self.connection, role)

    return execute_sql_flush


def run_as_service_role() -> None:
    """After the test database is migrated: grant the role, and open every connection as it."""
    role = service_role()
    if not role:
        return
    _grant(role)
    from django.db.backends.postgresql.operations import DatabaseOperations

    if not getattr(DatabaseOperations.execute_sql_flush, "_as_owner", False):
        DatabaseOperations.execute_sql_flush = _flush_as_owner(DatabaseOperations.execute_sql_flush)  # type: ignore[method-assign]
        DatabaseOperations.execute_sql_flush._as_owner = True  # type: ignore[attr-defined]
    connection_created.connect(_on_connection_created, dispatch_uid="cepathway-test-database-role")
    for open_connection in connections.all(initialized_only=True):
        if open_connection.vendor == "postgresql" and open_connection.connection is not None:
            _set_role(open_connection, role)


def back_to_the_owner() -> None:
    """Before the test database is destroyed (only its owner may drop it)."""
    if not service_role():
        return
    connection_created.disconnect(dispatch_uid="cepathway-test-database-role")
    for open_connection in connections.all(initialized_only=True):
        if open_connection.vendor == "postgresql" and open_connection.connection is not None:
            with open_connection.cursor() as cursor:
                cursor.execute("RESET ROLE")


def current_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return str(cursor.fetchone()[0])


@contextmanager
def as_database_owner() -> Iterator[None]:
    """Within a test: the owner's rights (the role the test database was made by), then the service
    role's again, granted anew on whatever tables the test made (a migration test drops and makes
    tables). Inside a test's transaction, the switch is rolled back with it as well."""
    role = service_role()
    if role:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    try:
        yield
    finally:
        if role:
            _grant(role)
            _set_role(connection, role)
