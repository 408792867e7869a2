"""Step 4: for a child already open to children's services, the allocated social worker asks
CERAR for a consultation; CERAR records it and decides the same two ways."""

from django.urls import reverse

from cepathway.people.models import Role
from cepathway.referrals.models import Referral, ReferralStatus, Route
from tests.referrals.helpers import indicators


def open_child(world, *, settled=True):
    """The world's child, open to children's services. The world leaves a consultation request waiting
    for every child; `settled` has CERAR end it first, so a new one may be asked for."""
    child = world.child
    child.open_to_childrens_services = True
    child.save()
    if settled:
        Referral.objects.filter(pk=world.consultation[child.pk].pk).update(status=ReferralStatus.ENDED)
    return child


def test_the_allocated_social_worker_asks_cerar_and_cerar_decides(world, client_for):
    child = open_child(world)
    worker = client_for(world.users[Role.SOCIAL_WORKER])
    record = worker.get(reverse("children:detail", args=[child.pk]))
    assert "Ask CERAR for a consultation" in record.text

    first = indicators(world.home)[0]
    response = worker.post(
        reverse("referrals:request-consultation", args=[child.pk]),
        {"reason": "New older friends; cash.", f"indicator_{first.pk}": "current:suspected"},
    )
    assert response.status_code == 302
    referral = Referral.objects.filter(route=Route.CONSULTATION, child=child).order_by("-created_at").first()
    assert referral.status == ReferralStatus.CONSULTATION_REQUESTED
    assert referral.answers.get().evidence == "suspected"

    cerar = client_for(world.users[Role.CERAR_LEAD])
    assert referral.reference in cerar.get(reverse("my-work")).text
    empty = cerar.post(reverse("referrals:consultation", args=[referral.pk]), {"notes": ""})
    assert "Enter what was discussed" in empty.text
    noted = cerar.post(reverse("referrals:consultation", args=[referral.pk]), {"notes": "Discussed; worried."})
    assert noted.status_code == 302 and noted.url == reverse("referrals:decide", args=[referral.pk])
    cerar.post(
        reverse("referrals:decide", args=[referral.pk]),
        {"decision": "level1", "judged_level": referral.suggested_level},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.LEVEL1_REQUIRED
    assert [e.step for e in referral.events.all()] == ["request_consultation", "consultation", "decision"]


def test_a_child_not_open_to_childrens_services_goes_through_the_hub_instead(world, client_for):
    world.child.open_to_childrens_services = False
    world.child.save()
    response = client_for(world.users[Role.SOCIAL_WORKER]).get(
        reverse("referrals:request-consultation", args=[world.child.pk])
    )
    assert response.status_code == 403


def test_only_the_allocated_worker_may_ask(world, client_for):
    child = open_child(world)
    for role in (Role.PARTNER_PROFESSIONAL, Role.LEAD_PROFESSIONAL, Role.POLICE_OFFICER):
        response = client_for(world.users[role]).post(
            reverse("referrals:request-consultation", args=[child.pk]), {"reason": "x"}
        )
        assert response.status_code == 403


def test_the_api_refuses_a_consultation_answer_to_another_partnerships_indicator(world, api_client_for):
    child = open_child(world)
    theirs = indicators(world.elsewhere)[0]
    before = Referral.objects.count()
    response = api_client_for(world.users[Role.SOCIAL_WORKER]).post(
        "/api/referrals/consultation-requests",
        {
            "child_id": str(child.pk),
            "reason": "Worried.",
            "answers": [{"indicator_id": str(theirs.pk), "recency": "current", "evidence": "evidenced"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert str(theirs.pk) in response.json()["errors"]["answers"][0]
    assert Referral.objects.count() == before


def test_through_the_api(world, api_client_for):
    child = open_child(world)
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    made = worker.post(
        "/api/referrals/consultation-requests",
        {"child_id": str(child.pk), "reason": "Worried."},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    assert (
        cerar.post(f"/api/referrals/{pk}/consultation", {"notes": ""}, content_type="application/json").status_code
        == 422
    )
    assert (
        cerar.post(f"/api/referrals/{pk}/consultation", {"notes": "Held."}, content_type="application/json").json()[
            "status"
        ]
        == "awaiting_decision"
    )
    decided = cerar.post(
        f"/api/referrals/{pk}/decision",
        {
            "decision": "end",
            "judged_level": "low",
            "rationale": "Plan in place.",
            "end_reason": "Managed by the child's plan.",
            "advice_given": "Keep CERAR informed.",
        },
        content_type="application/json",
    )
    assert decided.json()["status"] == "ended"


def test_a_second_request_while_one_waits_is_refused_and_points_to_the_first(world, client_for, api_client_for):
    child = open_child(world, settled=False)
    waiting = world.consultation[child.pk]
    before = Referral.objects.count()
    worker = client_for(world.users[Role.SOCIAL_WORKER])
    url = reverse("referrals:request-consultation", args=[child.pk])

    page = worker.get(url).text
    assert "already waiting for CERAR" in page and waiting.reference in page
    assert "Send to CERAR" not in page

    refused = worker.post(url, {"reason": "Asking again."})
    assert refused.status_code == 200 and "already waiting for CERAR" in refused.text
    answer = api_client_for(world.users[Role.SOCIAL_WORKER]).post(
        "/api/referrals/consultation-requests",
        {"child_id": str(child.pk), "reason": "Asking again."},
        content_type="application/json",
    )
    assert answer.status_code == 409 and waiting.reference in answer.json()["detail"]
    assert Referral.objects.count() == before


def test_a_consultation_does_not_speak_of_the_hubs_urgency(world, client_for):
    consultation = world.consultation[world.child.pk]
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("referrals:detail", args=[consultation.pk])).text
    assert "Urgency" not in page and "hub's usual timescales" not in page
