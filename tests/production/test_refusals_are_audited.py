"""Issue 11: every refused action is in the audit log, not only views and changes: a page or an API
operation refused to a role (403) writes a refusal with the path and the person, as an out-of-scope
record (404) already did."""

import pytest
from django.urls import reverse

from cepathway.core.audit import REFUSED
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role

pytestmark = pytest.mark.django_db


def test_a_page_refused_to_a_role_is_audited(world, client_for):
    partner = world.users[Role.PARTNER_PROFESSIONAL]
    assert client_for(partner).get(reverse("audit-search")).status_code == 403

    refusal = AuditEvent.objects.get(user=partner, action=AuditAction.DENIED)
    assert refusal.detail == REFUSED
    assert refusal.path.startswith(reverse("audit-search"))
    assert refusal.partnership_id == world.home.pk


def test_an_api_operation_refused_to_a_role_is_audited(world, api_client_for):
    partner = world.users[Role.PARTNER_PROFESSIONAL]
    assert api_client_for(partner).get("/api/audit").status_code == 403
    refusal = AuditEvent.objects.get(user=partner, action=AuditAction.DENIED)
    assert (refusal.detail, refusal.channel, refusal.path) == (REFUSED, "api", "/api/audit")
