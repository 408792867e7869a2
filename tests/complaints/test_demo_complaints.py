"""`make run` shows concerns and complaints by clicking: two of the demo social worker's children have
one each (an informal one overdue, one with the complaints service); running it again adds nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cepathway.complaints.models import Complaint, Stage
from cepathway.people.models import User
from cepathway.policy.services import policy_for

pytestmark = pytest.mark.django_db


def test_demo_complaints(db):
    call_command("demo_setup", children=7, stdout=open("/dev/null", "w"))  # noqa: SIM115
    complaints = list(Complaint.objects.select_related("child"))
    assert len(complaints) == 2
    informal = next(row for row in complaints if row.stage == Stage.INFORMAL)
    formal = next(row for row in complaints if row.stage == Stage.FORMAL)
    assert informal.is_overdue(policy_for(informal.child.partnership_id))
    assert formal.service_reference == "DEMO-0001" and formal.child.fictional
    call_command("demo_setup", children=7, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Complaint.objects.count() == 2

    for username in ("socialworker", "manager"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("my-work")).content.decode()
        assert "Concerns and complaints due" in page and "Overdue" in page
    client = Client()
    client.force_login(User.objects.get(username="manager"))
    assert str(formal.pk) in client.get(reverse("complaints:list")).content.decode()
