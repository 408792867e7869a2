"""manage.py grant_service_role <role>: on PostgreSQL, let a database role run the service without
being able to rewrite the audit log.

Run it as the role that owns the tables (the one that runs migrations), after `migrate`. The service
role may read and write the pathway's tables, may only add to the audit log (no UPDATE, DELETE or
TRUNCATE), may move the audit chains' heads but not remove them, and, owning nothing, may not switch off
the log's triggers. Give it a password with ALTER ROLE and use it in the service's DATABASE_URL
(docs/audit.md).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def statements(role: str) -> list[str]:
    quoted = connection.ops.quote_name(role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON core_auditevent FROM {quoted}",
        f"REVOKE DELETE, TRUNCATE ON core_auditchain FROM {quoted}",
    ]


class Command(BaseCommand):
    help = "PostgreSQL: grant a role what the service needs, and only append to the audit log."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "role", help="The database role the service signs in as (created when missing, no password)"
        )

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("grant_service_role is for PostgreSQL; the SQLite demo has no roles.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE ROLE {connection.ops.quote_name(role)} LOGIN")
            for statement in statements(role):
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"{role} may run the service and only append to the audit log."))
