"""Step 3: the CERAR lead decides: the pathway ends (reason, advice, referrer told) or a Level 1
meeting. The checklist's suggestion is beside the decision; a differing judgement needs a rationale."""

from django.core import mail
from django.urls import reverse

from cepathway.people.models import Role
from cepathway.referrals.models import ReferralStatus


def decide(client, referral, **data):
    return client.post(reverse("referrals:decide", args=[referral.pk]), data)


def test_cerar_sees_the_suggestion_and_what_drove_it(world, client_for):
    referral = world.awaiting_decision[world.child.pk]
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("referrals:decide", args=[referral.pk]))
    assert page.status_code == 200
    assert f"Suggested level: {referral.get_suggested_level_display()}" in page.text
    assert "What drove the suggestion" in page.text
    first_reason = referral.suggestion_reasons[0].split(" (")[0]
    assert first_reason in page.text


def test_level_1_decision_tells_the_referrer_without_details(world, client_for, django_capture_on_commit_callbacks):
    referral = world.awaiting_decision[world.child.pk]
    cerar = client_for(world.users[Role.CERAR_LEAD])
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            cerar,
            referral,
            decision="level1",
            judged_level=referral.suggested_level,
            advice_given="You will be invited.",
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.LEVEL1_REQUIRED
    assert referral.decided_by == world.users[Role.CERAR_LEAD] and referral.referrer_notified_at
    message = mail.outbox[-1]
    assert message.to == [referral.referrer.email]
    assert referral.reference in message.subject
    assert referral.child.initials in message.body
    assert referral.child.last_name not in message.body
    assert referral.hub_assessment not in message.body


def test_ending_needs_a_reason_and_advice(world, client_for, django_capture_on_commit_callbacks):
    referral = world.awaiting_decision[world.child.pk]
    cerar = client_for(world.users[Role.CERAR_LEAD])
    refused = decide(cerar, referral, decision="end", judged_level=referral.suggested_level)
    assert "Enter why the pathway ends" in refused.text and "Enter the advice given to the referrer" in refused.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_DECISION
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            cerar,
            referral,
            decision="end",
            judged_level=referral.suggested_level,
            end_reason="Needs met by school.",
            advice_given="Talk to the family.",
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED
    assert "Talk to the family." in mail.outbox[-1].body


def test_a_judgement_that_differs_from_the_suggestion_needs_a_rationale(world, client_for):
    referral = world.awaiting_decision[world.child.pk]
    other = "high" if referral.suggested_level != "high" else "low"
    cerar = client_for(world.users[Role.CERAR_LEAD])
    refused = decide(cerar, referral, decision="level1", judged_level=other)
    assert "Explain why your judgement differs" in refused.text
    decide(cerar, referral, decision="level1", judged_level=other, rationale="Police intelligence not on the form.")
    referral.refresh_from_db()
    assert referral.judged_level == other and referral.judgement_differs


def test_a_referral_cannot_be_decided_twice(world, client_for, api_client_for):
    referral = world.awaiting_decision[world.child.pk]
    cerar = client_for(world.users[Role.CERAR_LEAD])
    decide(cerar, referral, decision="level1", judged_level=referral.suggested_level)
    second = decide(
        cerar, referral, decision="end", judged_level=referral.suggested_level, end_reason="x", advice_given="y"
    )
    assert second.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.LEVEL1_REQUIRED
    api = api_client_for(world.users[Role.CERAR_LEAD])
    again = api.post(
        f"/api/referrals/{referral.pk}/decision",
        {"decision": "end", "judged_level": referral.suggested_level, "end_reason": "x", "advice_given": "y"},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert "already been decided" in again.json()["detail"]


def test_a_referral_cannot_skip_the_hub(world, client_for):
    referral = world.referral[world.child.pk]  # still waiting for the hub
    response = decide(
        client_for(world.users[Role.CERAR_LEAD]), referral, decision="level1", judged_level=referral.suggested_level
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_only_cerar_decides(world, client_for):
    referral = world.awaiting_decision[world.child.pk]
    for role in (Role.HUB_PRACTITIONER, Role.TEAM_MANAGER, Role.SOCIAL_WORKER):
        assert decide(client_for(world.users[role]), referral, decision="level1", judged_level="low").status_code == 403


def test_through_the_api(world, api_client_for):
    referral = world.awaiting_decision[world.child.pk]
    api = api_client_for(world.users[Role.CERAR_LEAD])
    detail = api.get(f"/api/referrals/{referral.pk}").json()
    assert detail["suggestion_reasons"] == referral.suggestion_reasons
    response = api.post(
        f"/api/referrals/{referral.pk}/decision",
        {"decision": "level1", "judged_level": referral.suggested_level},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "level1_required"
