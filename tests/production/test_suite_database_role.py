"""Issue 11: on PostgreSQL, CI runs the whole suite as the service's database role
(`CEPATHWAY_TEST_DATABASE_ROLE`, tests/database_role.py). This module shows it does."""

import pytest
from django.db import DatabaseError, connection, transaction

from cepathway.core import audit
from cepathway.people.models import Role
from tests.database_role import as_database_owner, current_role, service_role

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not service_role(), reason="runs where CI asks for the service role on PostgreSQL"),
]


def test_the_tests_run_as_the_service_role(world):
    audit.viewed(world.users[Role.CERAR_LEAD], world.child, detail="written as the service role")

    assert current_role() == service_role()


def test_the_service_role_in_the_tests_cannot_rewrite_the_audit_log(world):
    audit.viewed(world.users[Role.CERAR_LEAD], world.child)

    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET detail = 'rewritten'")


def test_a_test_may_borrow_the_owners_rights_and_give_them_back(world):
    with as_database_owner():
        assert current_role() != service_role()

    assert current_role() == service_role()
