"""My work makes the same SQL queries whatever the caseload: a panel's list counted even when it
holds fewer than it shows, so a list crossing that number does not add a query (issue 8: the bench
saw CERAR's, the hub's and a school's My work vary between requests as referrals arrived)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cepathway.people.models import Role
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory
from tests.meetings.seeding import seed_partnership


def queries_for(user) -> int:
    client = Client()
    client.force_login(user)
    client.get("/")  # the first request warms the session and the policy
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_managers_overdue_panel_costs_the_same_with_few_and_many_overdue(db):
    partnership = PartnershipFactory()
    agency = AgencyFactory(partnership=partnership)
    manager = UserFactory(role=Role.TEAM_MANAGER, agency=agency)
    cerar = UserFactory(role=Role.CERAR_LEAD, agency=agency)
    worker = UserFactory(role=Role.SOCIAL_WORKER, agency=agency)
    seed_partnership(partnership, cerar, worker, agency, 8, seed=1)
    few = {user.username: queries_for(user) for user in (manager, cerar, worker)}
    seed_partnership(partnership, cerar, worker, agency, 120, seed=2)
    many = {user.username: queries_for(user) for user in (manager, cerar, worker)}
    assert many == few
