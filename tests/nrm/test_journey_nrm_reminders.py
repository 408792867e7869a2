"""The reminder: a decision awaited past the time the partnership's policy expects shows on My work
(the referrer, the child's allocated social worker, CERAR and team managers), on CERAR's list, on
the child's NRM page and in the API, and not a day before. Working days skip weekends and the
policy region's bank holidays; a policy change moves the reminder."""

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from cepathway.nrm.models import Decision, NrmReferral
from cepathway.nrm.presenters import waiting
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from tests.factories import adopt_policy
from tests.nrm.world_referrals import make_referral

pytestmark = pytest.mark.django_db

PANEL = "NRM decisions awaited past the expected time"


def reminded(world, client_for, api_client_for, referral: NrmReferral) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Where the referral shows as awaited past the expected time, today."""
    child_page = reverse("nrm:child", args=[referral.child_id])
    worker = client_for(world.users[Role.SOCIAL_WORKER])
    cerar = client_for(world.users[Role.CERAR_LEAD])
    api = api_client_for(world.users[Role.TEAM_MANAGER]).get("/api/nrm/awaited").json()
    return {
        "worker's my work": PANEL in worker.get(reverse("my-work")).content.decode(),
        "cerar's my work": PANEL in cerar.get(reverse("my-work")).content.decode(),
        "cerar's list": child_page in cerar.get(reverse("nrm:overdue")).content.decode(),
        "child's page": "awaited past the expected time" in worker.get(child_page).content.decode(),
        "api": str(referral.pk) in {item["id"] for item in api["items"]},
    }


def test_the_reasonable_grounds_reminder_comes_after_the_policys_working_days(
    world, client_for, api_client_for, clock
) -> None:
    # Referred on Monday 2 March 2026 through the API by a police officer (a first responder).
    police = api_client_for(world.users[Role.POLICE_OFFICER])
    made = police.post(
        f"/api/nrm/children/{world.child.pk}/referrals",
        {
            "first_responder_kind": "police",
            "first_responder_name": "Fictional Constabulary",
            "referred_on": "2026-03-02",
            "exploitation": ["criminal"],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    referral = NrmReferral.objects.get(pk=made.json()["id"])
    assert made.json()["waiting"]["expected"] == "expected within 5 working days of the referral"

    clock.travel_to(date(2026, 3, 9))  # Monday: 5 working days since
    assert not any(reminded(world, client_for, api_client_for, referral).values())
    worker_page = client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("nrm:child", args=[world.child.pk]))
    assert "awaited 5 working days" in worker_page.content.decode()

    clock.travel_to(date(2026, 3, 10))  # Tuesday: 6
    where = reminded(world, client_for, api_client_for, referral)
    assert all(where.values()), where
    page = client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("my-work")).content.decode()
    assert "expected within 5 working days of the referral; awaited 6 working days" in page
    # The police officer who made it is reminded too; a lead professional, who records nothing, is not.
    assert PANEL in client_for(world.users[Role.POLICE_OFFICER]).get(reverse("my-work")).content.decode()
    assert PANEL not in client_for(world.users[Role.LEAD_PROFESSIONAL]).get(reverse("my-work")).content.decode()
    # Nothing of it elsewhere.
    elsewhere = client_for(world.elsewhere_lead).get(reverse("nrm:overdue")).content.decode()
    assert "No NRM decision is awaited past the expected time" in elsewhere

    # The partnership gives 10 working days: the reminder moves to Tuesday 17 March.
    policy = policy_for(world.home)
    adopt_policy(
        world.home, replace(policy, timescales=replace(policy.timescales, nrm_reasonable_grounds_working_days=10))
    )
    assert not any(reminded(world, client_for, api_client_for, referral).values())
    clock.travel_to(date(2026, 3, 16))
    assert not any(reminded(world, client_for, api_client_for, referral).values())
    clock.travel_to(date(2026, 3, 17))
    assert all(reminded(world, client_for, api_client_for, referral).values())

    # The decision comes: no more reminder.
    referral.refresh_from_db()
    answer = police.post(
        f"/api/nrm/referrals/{referral.pk}/decisions",
        {"version": referral.version, "reasonable_grounds": "negative", "reasonable_grounds_on": "2026-03-16"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert not any(reminded(world, client_for, api_client_for, referral).values())


def test_working_days_skip_bank_holidays(world, clock) -> None:
    # Tuesday 31 March 2026; Good Friday 3 April and Easter Monday 6 April are English bank holidays,
    # so the working days after it are 1, 2, 7, 8, 9, 10 April.
    referral = make_referral(world.child, world.users[Role.SOCIAL_WORKER], referred_on=date(2026, 3, 31))
    rows = NrmReferral.objects.filter(pk=referral.pk)
    policy = policy_for(world.home)
    for today, late, words in [
        (date(2026, 4, 8), False, "awaited 4 working days"),
        (date(2026, 4, 9), False, "awaited 5 working days"),
        (date(2026, 4, 10), True, "awaited 6 working days"),
    ]:
        assert rows.awaited_past_expected(today=today).exists() is late
        waited = waiting(referral, policy, today)
        assert waited is not None and waited.is_late is late and waited.awaited == words


def test_the_conclusive_grounds_reminder_comes_after_the_policys_days(world, client_for, api_client_for, clock) -> None:
    referral = make_referral(
        world.child,
        world.users[Role.SOCIAL_WORKER],
        referred_on=date(2026, 3, 2),
        reasonable_grounds=Decision.POSITIVE,
        reasonable_grounds_on=date(2026, 3, 10),
    )
    clock.travel_to(date(2026, 6, 8))  # 90 days after 10 March
    assert not any(reminded(world, client_for, api_client_for, referral).values())
    clock.travel_to(date(2026, 6, 9))
    where = reminded(world, client_for, api_client_for, referral)
    assert all(where.values()), where
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("nrm:overdue")).content.decode()
    assert "chased after 90 days from the reasonable grounds decision; awaited 91 days" in page

    policy = policy_for(world.home)
    adopt_policy(world.home, replace(policy, timescales=replace(policy.timescales, nrm_conclusive_grounds_days=120)))
    assert not any(reminded(world, client_for, api_client_for, referral).values())

    # A closed referral is never reminded about.
    clock.travel_to(date(2026, 12, 1))
    assert all(reminded(world, client_for, api_client_for, referral).values())
    referral.closed_on = date(2026, 11, 30)
    referral.save_tracked(world.users[Role.SOCIAL_WORKER])
    assert not any(reminded(world, client_for, api_client_for, referral).values())
