"""The migrations that made policy data: each partnership that existed got version 1 (the briefing)
with its hub's urgent line moved into the policy's contacts, and undoing them puts the line back."""

from dataclasses import replace

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cepathway.core.policy import DEFAULT_POLICY, Contacts, from_document
from cepathway.policy.services import problems_of
from tests.database_role import as_database_owner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _as_the_owner_who_migrates():
    """Migrations are run by the tables' owner, not the service's role (tests/database_role.py)."""
    with as_database_owner():
        yield


BEFORE = [("people", "0001_initial"), ("policy", "0001_initial")]
AFTER = [("people", "0002_hub_urgent_phone_moves_to_policy"), ("policy", "0002_first_versions")]


def latest():
    """Every app's newest migration: undoing policy's first versions also undid the migrations that
    depend on them (meetings'), so the tests after this one need all of them put back."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_existing_partnership_gets_the_briefing_with_its_own_hub_line():
    old = migrate(BEFORE)
    partnership = old.get_model("people", "Partnership")
    partnership.objects.create(name="Fictional Old Partnership", code="old", hub_urgent_phone="01632 960123")
    partnership.objects.create(name="Fictional Quiet Partnership", code="quiet")
    try:
        new = migrate(AFTER)
        versions = new.get_model("policy", "PolicyVersion").objects
        old_one = versions.get(partnership__code="old")
        assert old_one.number == 1 and old_one.reason
        policy = from_document(old_one.document)
        assert policy.contacts.hub_urgent_phone == "01632 960123"
        # The migration writes the briefing out as it stood when policy became data.
        assert policy == replace(DEFAULT_POLICY, contacts=Contacts(hub_urgent_phone="01632 960123"))
        assert problems_of(policy) == {}
        assert from_document(versions.get(partnership__code="quiet").document).contacts.hub_urgent_phone == ""
        assert "hub_urgent_phone" not in {f.name for f in new.get_model("people", "Partnership")._meta.fields}

        undone = migrate(BEFORE)
        assert undone.get_model("people", "Partnership").objects.get(code="old").hub_urgent_phone == "01632 960123"
    finally:
        migrate(latest())
