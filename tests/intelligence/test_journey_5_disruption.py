"""Step 5 (the disruption log): a handler records a disruption against a person or place of
concern: a tactic from the partnership's list (the Home Office toolkit's tools by default), who is
taking it, since when, the outcome and a review date. An active record moves to "under
disruption", and its page says so. The Level 2 agenda reads the log through `disruptions_for`."""

from datetime import date

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import ConcernStatus, DisruptionTactic
from cepathway.intelligence.registers.disruption import DEFAULT_TACTICS, disruptions_for, tactics_for
from cepathway.people.models import Role
from tests.intelligence.world_registers import href_of


@pytest.fixture
def world(shared_world):
    return shared_world


def _form(tactic, **more):
    data = {
        "tactic": tactic.pk,
        "by_whom": "Fictional licensing officer",
        "started_on_day": "2",
        "started_on_month": "3",
        "started_on_year": "2026",
        "outcome": "Fictional: premises visited, staff briefed.",
        "review_on_day": "2",
        "review_on_month": "6",
        "review_on_year": "2026",
    }
    return data | more


def test_a_handler_records_a_disruption_and_the_place_is_under_disruption(world, client_for):
    place = world.registers[world.home.pk]["place"]
    handler = world.users[Role.INTELLIGENCE_OFFICER]
    client = client_for(handler)
    page = client.get(reverse("intelligence:register-record", args=["places", place.pk])).content.decode()
    assert "No disruption recorded." in page
    form_url = href_of(page, "Record a disruption")
    form = client.get(form_url).content.decode()
    assert "OFFICIAL-SENSITIVE" in form
    for name in (
        "Child Abduction Warning Notice",
        "Sexual Risk Order",
        "Hotel and taxi engagement",
        "Licensing review",
    ):
        assert name in form
    licensing = DisruptionTactic.objects.get(partnership=world.home, name="Licensing review")
    missing = client.post(form_url, _form(licensing, by_whom=""))
    assert missing.status_code == 200 and "govuk-error-summary" in missing.content.decode()
    backwards = client.post(form_url, _form(licensing, review_on_year="2025"))
    assert "The review date must be on or after the date it started" in backwards.content.decode()
    done = client.post(form_url, _form(licensing))
    assert done.status_code == 302
    place.refresh_from_db()
    assert place.status == ConcernStatus.UNDER_DISRUPTION
    page = client.get(done.url).content.decode()
    assert "Under disruption" in page and "Licensing review" in page and "Fictional licensing officer" in page
    logged = disruptions_for(place)
    assert [item.tactic.name for item in logged] == ["Licensing review"]
    assert logged[0].review_on == date(2026, 6, 2)
    assert AuditEvent.objects.filter(action="created", record_type="intelligence.Disruption").exists()
    assert AuditEvent.objects.filter(action="changed", record_id=str(place.pk), fields=["status"]).exists()


def test_a_closed_record_stays_closed(world):
    from cepathway.intelligence.registers.disruption import record_disruption

    person = world.registers[world.home.pk]["person"]
    handler = world.users[Role.CERAR_LEAD]
    person.status = ConcernStatus.CLOSED
    person.save_tracked(handler)
    tactic = tactics_for(world.home)[0]
    record_disruption(person, tactic=tactic, by_whom="Police", started_on=date(2026, 1, 5), by=handler)
    person.refresh_from_db()
    assert person.status == ConcernStatus.CLOSED


def test_the_default_tactics_are_made_once_per_partnership(world):
    first = tactics_for(world.home)
    again = tactics_for(world.home)
    assert set(DEFAULT_TACTICS) <= {tactic.name for tactic in first}
    assert [tactic.pk for tactic in first] == [tactic.pk for tactic in again]
    named = DisruptionTactic.objects.filter(partnership=world.home, name__in=DEFAULT_TACTICS)
    assert named.count() == len(DEFAULT_TACTICS)
    theirs = tactics_for(world.elsewhere)
    assert {tactic.partnership_id for tactic in theirs} == {world.elsewhere.pk}
    retired = first[-1]
    retired.in_use = False
    retired.save()
    assert retired.name not in [tactic.name for tactic in tactics_for(world.home)]


def test_disruption_through_the_api(world, api_client_for):
    person = world.registers[world.home.pk]["person"]
    client = api_client_for(world.users[Role.CERAR_LEAD])
    tactics = client.get("/api/intelligence/disruption-tactics").json()
    order = next(item for item in tactics if item["name"] == "Child Abduction Warning Notice")
    made = client.post(
        f"/api/intelligence/registers/person/{person.pk}/disruptions",
        {"tactic_id": order["id"], "by_whom": "Fictional police", "started_on": "2026-02-01"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    got = client.get(f"/api/intelligence/registers/person/{person.pk}").json()
    assert got["status"] == "under_disruption"
    assert [item["tactic"] for item in got["disruptions"]] == ["Child Abduction Warning Notice"]
    theirs = tactics_for(world.elsewhere)[0]
    refused = client.post(
        f"/api/intelligence/registers/person/{person.pk}/disruptions",
        {"tactic_id": str(theirs.pk), "by_whom": "x", "started_on": "2026-02-01"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    vehicle = world.registers[world.home.pk]["vehicle"]
    assert (
        client.post(
            f"/api/intelligence/registers/vehicle/{vehicle.pk}/disruptions",
            {"tactic_id": order["id"], "by_whom": "x", "started_on": "2026-02-01"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_only_handlers_record_disruption_but_register_roles_read_the_log(world, client_for):
    place = world.registers[world.home.pk]["place"]
    url = reverse("intelligence:disruption-new", args=["places", place.pk])
    for who in ("team_manager", "level2_member", "unrelated", "social_worker"):
        assert client_for(world.principals[who]).get(url).status_code == 404, who
    page = client_for(world.users[Role.LEVEL2_MEMBER]).get(
        reverse("intelligence:register-record", args=["places", place.pk])
    )
    assert "Disruption log" in page.content.decode() and "Record a disruption" not in page.content.decode()
