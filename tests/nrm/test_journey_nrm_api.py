"""A partner system through the API: a child's referrals as each person may read them, recording a
referral and its decisions with the version read (409 when stale, nothing saved), the refusals in
the API's one shape, and nothing for those who may not see the child."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from cepathway.nrm.models import Decision, NrmReferral
from cepathway.nrm.presenters import waiting
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from tests.factories import adopt_policy
from tests.nrm.world_referrals import make_referral

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_referrals_decisions_and_refusals_through_the_api(world, api_client_for, clock) -> None:
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    base = f"/api/nrm/children/{world.child.pk}/referrals"
    body = {
        "first_responder_kind": "local_authority",
        "first_responder_name": "Fictional County Council",
        "referred_on": "2026-02-23",
        "exploitation": ["sexual", "other"],
        "exploitation_detail": "Fictional: forced to carry phones",
        "referred_by_id": str(world.users[Role.TEAM_MANAGER].pk),
    }
    made = worker.post(base, body, content_type=JSON)
    assert made.status_code == 201, made.content
    referral = made.json()
    assert referral["referred_by_id"] == str(world.users[Role.TEAM_MANAGER].pk)
    assert referral["exploitation"] == ["sexual", "other"] and referral["version"] == 1
    # Monday 23 February to Monday 2 March (the clock's today): 5 working days, not yet late.
    assert referral["waiting"]["awaited"] == "awaited 5 working days" and referral["waiting"]["is_late"] is False
    assert referral["summary"] == "NRM: referred 23 February 2026; reasonable grounds awaited"

    # Refusals: a bad kind, a date in the future (422, by the caller's names).
    wrong = worker.post(base, {**body, "first_responder_kind": "", "referred_on": "2027-01-01"}, content_type=JSON)
    assert wrong.status_code == 422
    assert {"first_responder_kind", "referred_on"} <= set(wrong.json()["errors"])

    # The decisions, with the version read.
    url = f"/api/nrm/referrals/{referral['id']}/decisions"
    decided = worker.post(
        url,
        {"version": 1, "reasonable_grounds": "positive", "reasonable_grounds_on": "2026-02-27"},
        content_type=JSON,
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["version"] == 2 and decided.json()["waiting"]["decision"] == "conclusive grounds"
    stale = api_client_for(world.users[Role.HUB_PRACTITIONER]).post(
        url,
        {"version": 1, "reasonable_grounds": "negative", "reasonable_grounds_on": "2026-02-28"},
        content_type=JSON,
    )
    assert stale.status_code == 409 and stale.json()["detail"]
    saved = NrmReferral.objects.get(pk=referral["id"])
    assert saved.reasonable_grounds == Decision.POSITIVE and saved.version == 2

    before = worker.post(
        url,
        {
            "version": 2,
            "reasonable_grounds": "positive",
            "reasonable_grounds_on": "2026-02-27",
            "conclusive_grounds": "positive",
            "conclusive_grounds_on": "2026-02-25",
        },
        content_type=JSON,
    )
    assert before.status_code == 422
    assert (
        "cannot be dated before the reasonable grounds decision" in before.json()["errors"]["conclusive_grounds_on"][0]
    )

    guardian = worker.post(
        f"/api/nrm/referrals/{referral['id']}/guardian",
        {
            "version": 2,
            "guardian_name": "Fictional Guardian",
            "guardian_organisation": "Fictional Guardianship Service",
            "guardian_allocated_on": "2026-03-01",
        },
        content_type=JSON,
    )
    assert guardian.status_code == 200 and guardian.json()["guardian_name"] == "Fictional Guardian"

    # Who reads what: the lead professional sees the referral and its decisions, not its details.
    listed = api_client_for(world.users[Role.LEAD_PROFESSIONAL]).get(base)
    assert listed.status_code == 200
    mine = next(item for item in listed.json() if item["id"] == referral["id"])
    assert mine["reasonable_grounds"] == "positive" and mine["guardian_name"] == "Fictional Guardian"
    assert mine["exploitation"] is None and mine["outcome"] is None and mine["referred_by"] is None
    assert api_client_for(world.users[Role.LEAD_PROFESSIONAL]).post(base, body, content_type=JSON).status_code == 403

    # Nobody else: 404, and nothing in the list of decisions awaited.
    unrelated = api_client_for(world.unrelated)
    assert unrelated.get(base).status_code == 404
    assert unrelated.post(url, {"version": 3, "reasonable_grounds": "awaited"}, content_type=JSON).status_code == 404
    assert unrelated.get("/api/nrm/awaited").status_code == 403
    elsewhere = api_client_for(world.elsewhere_lead).get("/api/nrm/awaited")
    assert elsewhere.status_code == 200 and referral["id"] not in {item["id"] for item in elsewhere.json()["items"]}
    assert api_client_for(world.users[Role.ADMINISTRATOR]).get(base).status_code == 403


@pytest.mark.parametrize("working_days", [1, 5, 12])
def test_the_list_and_the_page_agree_every_day(world, working_days) -> None:
    """The queryset (lists, panels, API) and the words on a page (presenters.waiting) say the same,
    day by day through bank holidays, whatever the policy's number."""
    policy = policy_for(world.home)
    if policy.timescales.nrm_reasonable_grounds_working_days != working_days:
        times = replace(policy.timescales, nrm_reasonable_grounds_working_days=working_days)
        policy = adopt_policy(world.home, replace(policy, timescales=times))
    referral = make_referral(world.child, world.users[Role.SOCIAL_WORKER], referred_on=date(2026, 3, 27))
    rows = NrmReferral.objects.filter(pk=referral.pk)
    for offset in range(0, 30):
        today = referral.referred_on + timedelta(days=offset)
        words = waiting(referral, policy, today)
        assert words is not None
        assert rows.awaited_past_expected(today=today).exists() is words.is_late, today
