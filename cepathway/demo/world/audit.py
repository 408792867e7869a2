"""Years of audit: professionals viewing the records of the children they work with, and the
partnership-wide roles (hub, CERAR, managers) viewing the children referred to them.

On PostgreSQL the rows are made by the server in one `INSERT … SELECT … FROM generate_series`
(the log is append-only by trigger: inserting is what it allows); elsewhere by bulk_create.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from cepathway.children.models import Child, Involvement
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import PARTNERSHIP_WIDE_ROLES, Partnership, User
from cepathway.referrals.models import Referral

from .base import BATCH_SIZE, Dice

CHILD_RECORD = Child._meta.label
# How long after a referral the partnership-wide roles look at the child (a stated assumption).
TRIAGE_VIEWING = timedelta(days=30)


@dataclass(frozen=True)
class Viewer:
    """Someone who looked at a child's record between `first` and `first + span`."""

    user: User  # of the partnership being generated: its entries are in that partnership's log
    child_id: Any
    first: datetime
    span: timedelta


def viewers(partnership: Partnership, dice: Dice) -> list[Viewer]:
    users = {user.pk: user for user in User.objects.filter(agency__partnership=partnership).select_related("agency")}
    now = timezone.now()
    found = []
    rows = Involvement.objects.filter(child__partnership=partnership).values_list(
        "user_id", "child_id", "created_at", "ended_at"
    )
    for user_id, child_id, created, ended in rows.order_by("created_at", "id"):
        found.append(Viewer(users[user_id], child_id, created, (ended or now) - created))
    wide = sorted((u for u in users.values() if u.role in PARTNERSHIP_WIDE_ROLES), key=lambda u: u.username)
    referrals = Referral.objects.filter(partnership=partnership).values_list("child_id", "created_at")
    for child_id, created in referrals.order_by("created_at", "id"):
        found.append(Viewer(dice.pick(wide), child_id, created, min(TRIAGE_VIEWING, now - created)))
    return found


def write_audit(partnership: Partnership, rows: int, dice: Dice, series: int) -> int:
    seen = viewers(partnership, dice)
    if not seen or rows <= 0:
        return 0
    if connection.vendor == "postgresql":
        _insert_on_server(seen, rows, series, partnership)
    else:
        _bulk_create(seen, rows, dice)
    return rows


def _bulk_create(seen: list[Viewer], rows: int, dice: Dice) -> None:
    batch = []
    for serial in range(rows):
        viewer = seen[serial % len(seen)]
        batch.append(_event(viewer, viewer.first + viewer.span * dice.rng.random(), dice.new_id()))
        if len(batch) >= BATCH_SIZE:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)


def _event(viewer: Viewer, when: datetime, event_id: uuid.UUID) -> AuditEvent:
    user = viewer.user
    return AuditEvent(
        id=event_id,
        at=when,
        user_id=user.pk,
        partnership_id=user.partnership_id,
        username=user.username,
        role=user.role,
        agency=str(user.agency),
        channel="web",
        action=AuditAction.VIEWED,
        record_type=CHILD_RECORD,
        record_id=str(viewer.child_id),
        child_id=viewer.child_id,
        fields=[],
        path=f"/children/{viewer.child_id}",
    )


VIEWERS_TABLE = "world_viewers"
# Each id is the series (the partnership's number) then the row's: the primary key's index is appended to in
# order rather than written all over (several times faster for millions of rows).
INSERT_VIEWS = f"""
INSERT INTO {AuditEvent._meta.db_table}
    (id, at, user_id, partnership_id, username, role, agency, ip_address, channel, action, record_type, record_id,
     child_id, fields, path, detail)
SELECT
    (lpad(to_hex(%(series)s), 8, '0') || lpad(to_hex(g), 24, '0'))::uuid,
    v.first + v.span_seconds * ((g * 7919 + %(series)s) %% 10007) / 10007.0 * interval '1 second',
    v.user_id, %(partnership)s::uuid, v.username, v.role, v.agency, NULL, 'web', %(action)s, %(record_type)s,
    v.child_id::text, v.child_id,
    '[]'::jsonb, '/children/' || v.child_id::text, ''
FROM generate_series(0::bigint, %(rows)s::bigint - 1) AS g
JOIN {VIEWERS_TABLE} AS v ON v.n = g %% %(viewers)s
"""  # noqa: S608 - the names are constants, the values parameters


def _insert_on_server(seen: list[Viewer], rows: int, series: int, partnership: Partnership) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {VIEWERS_TABLE} (n integer PRIMARY KEY, user_id uuid, "
            "username text, role text, agency text, child_id uuid, first timestamptz, span_seconds double precision)"
        )
        cursor.execute(f"TRUNCATE {VIEWERS_TABLE}")
        with cursor.connection.cursor().copy(f"COPY {VIEWERS_TABLE} FROM STDIN") as copy:
            for n, v in enumerate(seen):
                user = v.user
                copy.write_row((n, user.pk, user.username, user.role, str(user.agency), v.child_id, v.first,
                                v.span.total_seconds()))  # fmt: skip
        cursor.execute(
            INSERT_VIEWS,
            {
                "series": series,
                "partnership": partnership.pk,
                "action": AuditAction.VIEWED.value,
                "record_type": CHILD_RECORD,
                "rows": rows,
                "viewers": len(seen),
            },
        )


@contextmanager
def indexes_set_aside() -> Iterator[None]:
    """On PostgreSQL, the audit table's secondary indexes and foreign keys dropped while millions of
    rows go in, and made again (exactly as they were) at the end: building an index once, and
    checking a foreign key in one pass, is many times faster than doing it row by row. The foreign
    key is validated when it is added back, so a row pointing at nobody fails the build. For a new
    database only (generate_world refuses any other)."""
    if connection.vendor != "postgresql":
        yield
        return
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(SECONDARY_INDEXES, [AuditEvent._meta.db_table, table])
        indexes = cursor.fetchall()
        cursor.execute(FOREIGN_KEYS, [table])
        foreign_keys = cursor.fetchall()
        for name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")


SECONDARY_INDEXES = (
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
    "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)"
)
FOREIGN_KEYS = (
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'"
)
