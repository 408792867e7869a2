"""The complaints API: a partner system records a concern, and each step, with the versions it read
(409 when stale, 422 for bad input, nothing saved); the overdue list for CERAR."""

from datetime import date

import pytest

from cepathway.complaints.models import Complaint
from cepathway.people.models import Role

pytestmark = pytest.mark.django_db


def test_a_concern_through_the_api(clock, world, api_client_for):
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    base = f"/api/complaints/children/{world.child.pk}"
    body = {
        "about": "safety_plan",
        "raised_by": "child",
        "raiser_name": "Fictional Child",
        "received_on": "2026-03-02",
        "received_how": "in_person",
        "concern": "Fictional: the plan says I cannot see my friends.",
        "handler_id": str(world.users[Role.LEAD_PROFESSIONAL].pk),
    }
    before = Complaint.objects.count()
    refused = worker.post(base, {**body, "received_on": "2026-03-09"}, content_type="application/json")
    assert refused.status_code == 422 and "received_on" in refused.json()["errors"]
    refused = worker.post(base, {**body, "about": "other"}, content_type="application/json")
    assert refused.status_code == 422 and "about_detail" in refused.json()["errors"]
    assert Complaint.objects.count() == before

    made = worker.post(base, body, content_type="application/json")
    assert made.status_code == 201, made.content
    complaint = made.json()
    assert complaint["acknowledge_by"] == "2026-03-05" and complaint["respond_by"] == "2026-03-16"
    assert complaint["overdue"] is False and complaint["stage"] == "informal"
    pk = complaint["id"]
    listed = worker.get(base).json()
    assert pk in [row["id"] for row in listed]

    lead = api_client_for(world.users[Role.LEAD_PROFESSIONAL])
    step = lead.post(
        f"/api/complaints/{pk}/acknowledge",
        {"version": 1, "acknowledged_on": "2026-03-01"},
        content_type="application/json",
    )
    assert step.status_code == 422 and "acknowledged_on" in step.json()["errors"]
    step = lead.post(
        f"/api/complaints/{pk}/acknowledge",
        {"version": 1, "acknowledged_on": "2026-03-02"},
        content_type="application/json",
    )
    assert step.status_code == 200 and step.json()["version"] == 2
    stale = lead.post(
        f"/api/complaints/{pk}/respond",
        {"version": 1, "responded_on": "2026-03-02", "response": "Fictional.", "outcome": "upheld"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    again = lead.post(
        f"/api/complaints/{pk}/acknowledge",
        {"version": 2, "acknowledged_on": "2026-03-02"},
        content_type="application/json",
    )
    assert again.status_code == 409

    clock.travel_to(date(2026, 3, 17))
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    overdue = cerar.get("/api/complaints/overdue").json()
    assert pk in [row["id"] for row in overdue] and all(row["overdue"] for row in overdue)
    assert api_client_for(world.users[Role.SOCIAL_WORKER]).get("/api/complaints/overdue").status_code == 403

    escalated = lead.post(
        f"/api/complaints/{pk}/escalate",
        {"version": 2, "escalated_on": "2026-03-17", "sent": "Fictional: the child's letter.", "reference": "F-1"},
        content_type="application/json",
    )
    assert escalated.status_code == 200 and escalated.json()["stage"] == "formal"
    clock.travel_to(date(2026, 3, 18))
    closed = api_client_for(world.users[Role.LEAD_PROFESSIONAL]).post(
        f"/api/complaints/{pk}/close",
        {"version": 3, "closed_on": "2026-03-18", "outcome": "withdrawn"},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["closed_on"] == "2026-03-18"
    again = lead.post(
        f"/api/complaints/{pk}/escalate",
        {"version": 4, "escalated_on": "2026-03-18", "sent": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert api_client_for(world.unrelated).get(f"/api/complaints/{pk}").status_code == 404
    assert api_client_for(world.users[Role.POLICE_OFFICER]).get(f"/api/complaints/{pk}").status_code == 403
