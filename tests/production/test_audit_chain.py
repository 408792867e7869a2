"""Issue 11: the audit log is tamper-evident. Each partnership's entries form a hash chain; changing an
entry, removing one from the middle, or removing the newest is found by `manage.py verify_audit`, which
names the first broken link and fails."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cepathway.core import audit, audit_chain
from cepathway.core.models import AuditAction, AuditChain, AuditEvent
from cepathway.people.models import Role
from tests.database_role import as_database_owner

pytestmark = pytest.mark.django_db


def _tamper(sql: str, *params) -> None:
    """What someone with a superuser's rights could do, triggers off (the service's own role cannot)."""
    with as_database_owner(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


@pytest.fixture
def written(world):
    """Five entries by the home CERAR lead about the world's child, and one elsewhere."""
    cerar = world.users[Role.CERAR_LEAD]
    entries = [audit.viewed(cerar, world.child, detail=f"look {n}") for n in range(5)]
    audit.viewed(world.elsewhere_lead, world.foreign_child)
    return entries


def _home_chain(world) -> str:
    return audit_chain.chain_key(world.home.pk)


def test_each_partnerships_entries_are_numbered_and_linked(world, written):
    rows = list(AuditEvent.objects.filter(chain=_home_chain(world)).order_by("sequence"))
    assert [row.sequence for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0].previous_hash == audit_chain.GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    head = AuditChain.objects.get(key=_home_chain(world))
    assert (head.length, head.head) == (len(rows), rows[-1].hash)
    assert AuditEvent.objects.filter(chain=audit_chain.chain_key(world.elsewhere.pk)).exists()


def test_an_intact_log_verifies(world, written, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Every chain of the audit log holds." in out and "intact" in out


def test_a_changed_entry_is_found(world, written):
    victim = written[2]
    _tamper(
        "UPDATE core_auditevent SET detail = %s WHERE id = %s",
        "nothing to see",
        victim.pk.hex if connection.vendor == "sqlite" else victim.pk,
    )

    report = next(audit_chain.verify([_home_chain(world)]))
    assert report.entry_id == str(victim.pk)
    assert report.problem == "its content was changed after it was written"
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_an_entry_removed_from_the_middle_is_found(world, written):
    victim = written[1]
    _tamper("DELETE FROM core_auditevent WHERE id = %s", victim.pk.hex if connection.vendor == "sqlite" else victim.pk)

    report = next(audit_chain.verify([_home_chain(world)]))
    assert report.broken_at == victim.sequence
    assert report.problem == f"entries {victim.sequence} to {victim.sequence} are missing"


def test_the_newest_entries_removed_are_found(world, written):
    newest = written[-1]
    _tamper("DELETE FROM core_auditevent WHERE id = %s", newest.pk.hex if connection.vendor == "sqlite" else newest.pk)

    report = next(audit_chain.verify([_home_chain(world)]))
    assert not report.intact
    assert "the newest are missing" in report.problem


def test_a_rewritten_entry_with_a_fresh_hash_still_breaks_the_next_link(world, written):
    victim = written[2]
    values = {name: getattr(victim, name) for name in audit_chain.HASHED} | {"detail": "rewritten"}
    forged = audit_chain.digest(values, victim.previous_hash)
    pk = victim.pk.hex if connection.vendor == "sqlite" else victim.pk
    _tamper("UPDATE core_auditevent SET detail = %s, hash = %s WHERE id = %s", "rewritten", forged, pk)

    report = next(audit_chain.verify([_home_chain(world)]))
    assert report.broken_at == victim.sequence + 1
    assert report.problem == "it does not follow the entry before it"


def test_entries_written_in_one_statement_are_chained_in_order(world):
    cerar = world.users[Role.CERAR_LEAD]
    audit.write_each(AuditAction.VIEWED, [world.child, world.other_child, world.child], user=cerar)
    assert next(audit_chain.verify([_home_chain(world)])).intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")
def test_the_service_role_may_append_to_the_log_but_not_empty_change_or_unguard_it(world, written):
    from django.db import transaction

    with as_database_owner():
        call_command("grant_service_role", "cepathway_service_test")
    refused = []
    for sql in (
        "TRUNCATE core_auditevent",
        "DELETE FROM core_auditevent",
        "UPDATE core_auditevent SET detail = 'x'",
        "ALTER TABLE core_auditevent DISABLE TRIGGER core_audit_append_only",
        "DELETE FROM core_auditchain",
    ):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL ROLE cepathway_service_test")
                cursor.execute(sql)
        except Exception as error:  # noqa: BLE001 - any refusal by the database will do
            refused.append("permission denied" in str(error) or "must be owner" in str(error))
    assert refused == [True] * 5

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE cepathway_service_test")
        audit.viewed(world.users[Role.CERAR_LEAD], world.child, detail="as the service role")
    assert next(audit_chain.verify([_home_chain(world)])).intact
