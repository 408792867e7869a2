"""The indexes issue 8 added for lists at scale (children, meetings, core, referrals and
notifications migrations): they apply and unapply on SQLite and PostgreSQL alike, and on
PostgreSQL the name search has its pg_trgm indexes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.database_role import as_database_owner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _as_the_owner_who_migrates():
    """Migrations are run by the tables' owner, not the service's role (tests/database_role.py)."""
    with as_database_owner():
        yield


ADDED = [
    ("children", "0004_child_status_order_index"),
    ("meetings", "0004_overdue_indexes"),
    ("core", "0005_audit_search_by_person_index"),
    ("referrals", "0004_referrals_keyset_index"),
    ("notifications", "0003_notifications_keyset_index"),
]
BEFORE = [
    ("children", "0002_initial"),
    ("meetings", "0003_meeting_recorded_late"),
    ("core", "0004_audit_removed_action"),
    ("referrals", "0003_hub_rationale"),
    ("notifications", "0002_level2_panel_changed"),
]
NAMES = {
    "children_child": {"child_partnership_name", "child_partnership_status", "child_status_order"},
    "meetings_action": {"action_open_due"},
    "meetings_meeting": {"meeting_scheduled_when", "meeting_scheduled_due"},
    "core_auditevent": {"audit_username_at"},
    "referrals_referral": {"referral_partnership_received"},
    "notifications_notification": {"notification_recipient_newest"},
}
TRIGRAM = {"child_first_name_trgm", "child_last_name_trgm", "child_other_names_trgm"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def indexes(table):
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def test_the_indexes_apply_and_unapply():
    wanted = {name for names in NAMES.values() for name in names}
    try:
        migrate(BEFORE)
        assert not {name for table in NAMES for name in indexes(table)} & (wanted | TRIGRAM)
        migrate(ADDED)
        for table, names in NAMES.items():
            assert names <= indexes(table), table
        trigram = TRIGRAM & indexes("children_child")
        assert trigram == (TRIGRAM if connection.vendor == "postgresql" else set())
    finally:
        migrate(latest())


def test_the_auditors_search_by_person_has_an_index_that_starts_with_their_partnership():
    """core/0010 replaced the username index with one within each partnership (issue 8)."""
    found = indexes("core_auditevent")
    assert "audit_partnership_username_at" in found and "audit_username_at" not in found
