"""The API's reply about a referral says what the referral page says, to the same people: the hub and
CERAR see the assessment, the consultation and the decider's reasoning; the referring school sees what
it referred, the outcome and the advice, never the assessment or the rationale."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from cepathway.people.models import Role
from cepathway.referrals import services
from cepathway.referrals.models import Referral
from tests.factories import PRINCIPALS, World
from tests.referrals.world import contact_about

ASSESSMENT = "Fictional hub assessment: seen with older youths at the station."
AGENCIES = "Fictional school nurse and youth club"
RATIONALE = "Fictional decision rationale: the worries were explained by a new club."
END_REASON = "Fictional end reason: no exploitation found after checks."
ADVICE = "Fictional advice: keep talking with the family and refer again if worried."
CONSULTATION_NOTES = "Fictional consultation notes: agreed to gather the views of the youth worker."

DETAIL = ("hub_assessment", "hub_agencies_consulted", "hub_ce_concern", "end_reason", "judged_level")
DETAIL += ("decision_rationale", "decided_by", "decided_at", "events", "suggested_level", "suggestion_reasons")


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


@pytest.fixture
def decided(world: World) -> Referral:
    """The school's referral about world.child, assessed by the hub and ended by CERAR."""
    referral = contact_about(world, world.child)
    services.record_hub_assessment(
        referral,
        by=world.users[Role.HUB_PRACTITIONER],
        link_to=None,
        assessment=ASSESSMENT,
        agencies_consulted=AGENCIES,
        ce_concern=True,
    )
    referral.refresh_from_db()
    services.decide(
        referral,
        by=world.users[Role.CERAR_LEAD],
        decision="end",
        judged_level="low",
        rationale=RATIONALE,
        end_reason=END_REASON,
        advice_given=ADVICE,
    )
    referral.refresh_from_db()
    return referral


def test_the_hub_and_cerar_see_the_assessment_and_the_reasoning(
    world: World, decided: Referral, api_client_for: Callable
) -> None:
    for role in (Role.HUB_PRACTITIONER, Role.CERAR_LEAD):
        got = api_client_for(world.users[role]).get(f"/api/referrals/{decided.pk}").json()
        assert (got["hub_assessment"], got["hub_agencies_consulted"], got["hub_ce_concern"]) == (
            ASSESSMENT,
            AGENCIES,
            True,
        )
        assert (got["decision"], got["judged_level"], got["decision_rationale"]) == ("end", "low", RATIONALE)
        assert (got["end_reason"], got["advice_given"]) == (END_REASON, ADVICE)
        assert got["decided_by"] == world.users[Role.CERAR_LEAD].display_name and got["decided_at"]
        assert [step["step"] for step in got["events"]] == ["submit_contact", "hub_assessment", "decision"]
        assert got["events"][-1]["by"] == world.users[Role.CERAR_LEAD].display_name


def test_the_referring_school_sees_its_outcome_and_advice_but_not_the_assessment_or_rationale(
    world: World, decided: Referral, api_client_for: Callable
) -> None:
    school = api_client_for(world.users[Role.PARTNER_PROFESSIONAL])
    got = school.get(f"/api/referrals/{decided.pk}").json()
    assert (got["status"], got["decision"], got["advice_given"]) == ("ended", "end", ADVICE)
    assert got["concern"] == decided.concern
    assert {name: got[name] for name in DETAIL} == dict.fromkeys(DETAIL)
    listed = next(item for item in school.get("/api/referrals").json() if item["id"] == str(decided.pk))
    assert listed == got, "one representation of a referral, in the list as alone"


def test_the_unrelated_partner_and_the_other_partnership_get_404(
    world: World, decided: Referral, api_client_for: Callable
) -> None:
    for person in (world.unrelated, world.elsewhere_lead):
        response = api_client_for(person).get(f"/api/referrals/{decided.pk}")
        assert response.status_code == 404
        assert ASSESSMENT not in response.text and world.child.last_name not in response.text


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_the_api_says_what_the_page_says_to_each_person(
    principal: str, world: World, decided: Referral, client_for: Callable, api_client_for: Callable
) -> None:
    user = world.principals[principal]
    page = client_for(user).get(reverse("referrals:detail", args=[decided.pk]))
    reply = api_client_for(user).get(f"/api/referrals/{decided.pk}")
    assert page.status_code == reply.status_code
    for text in (ASSESSMENT, AGENCIES, RATIONALE, END_REASON, ADVICE, decided.concern):
        assert (text in page.text) == (text in reply.text), f"{principal}: the page and the API differ on {text!r}"


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_the_consultation_is_told_as_the_page_tells_it(
    principal: str, world: World, client_for: Callable, api_client_for: Callable
) -> None:
    consultation = world.consultation[world.child.pk]
    services.record_consultation(consultation, by=world.users[Role.CERAR_LEAD], notes=CONSULTATION_NOTES)
    user = world.principals[principal]
    page = client_for(user).get(reverse("referrals:detail", args=[consultation.pk]))
    reply = api_client_for(user).get(f"/api/referrals/{consultation.pk}")
    assert page.status_code == reply.status_code
    for text in (consultation.consultation_reason, CONSULTATION_NOTES):
        assert (text in page.text) == (text in reply.text), f"{principal}: the page and the API differ on {text!r}"
    if principal == Role.CERAR_LEAD:
        got = reply.json()
        assert (got["consultation_reason"], got["consultation_notes"]) == (
            consultation.consultation_reason,
            CONSULTATION_NOTES,
        )


def test_the_checklist_gives_the_modifiers_and_protective_factors(world: World, api_client_for: Callable) -> None:
    got = api_client_for(world.users[Role.PARTNER_PROFESSIONAL]).get("/api/referrals/checklist").json()
    modifiers = {modifier["code"]: modifier for modifier in got["modifiers"]}
    configured = world.home.checklist_modifiers.all()
    assert set(modifiers) == {modifier.code for modifier in configured}
    for modifier in configured:
        assert modifiers[modifier.code] == {
            "code": modifier.code,
            "label": modifier.get_code_display(),
            "points": modifier.points,
            "floor_level": modifier.floor_level,
            "active": modifier.active,
        }
    factors = world.home.protective_factors.filter(active=True)
    assert got["protective_factors"] == [{"id": str(f.pk), "text": f.text, "weight": f.weight} for f in factors]
    assert {indicator["category"] for indicator in got["indicators"]} == {
        category.name for category in world.home.checklist_categories.all()
    }
