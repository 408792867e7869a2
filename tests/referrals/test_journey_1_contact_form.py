"""Step 1: a school's designated safeguarding lead completes the single contact form with the CE
vulnerability checklist for a child not open to children's services, and submits it."""

import uuid

from django.urls import reverse
from django.utils.html import escape

from cepathway.children.models import Child, IdentityStatus, InvolvementKind
from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from cepathway.referrals.models import Indicator, Referral, ReferralStatus, Route
from tests.referrals.helpers import born_years_ago, contact_payload, contact_post, indicators

NEW = reverse("referrals:new")


def test_the_form_points_an_immediate_risk_to_999_and_the_hub_line(world, client_for):
    page = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(NEW)
    assert page.status_code == 200
    assert "call 999 now" in page.text
    hub_line = policy_for(world.home).contacts.hub_urgent_phone
    assert hub_line and hub_line in page.text
    assert "Goes missing from home, care or school" in page.text


def test_a_school_submits_a_contact_with_the_checklist(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    response = client_for(school).post(NEW, contact_post(world.home, answers=3))

    referral = Referral.objects.get(referrer=school, child__last_name="Childname")
    assert response.status_code == 302 and response.url == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == ReferralStatus.SUBMITTED and referral.route == Route.CONTACT
    assert referral.answers.count() == 3
    assert referral.suggestion_reasons and referral.suggested_level != ""
    assert referral.events.get().to_status == ReferralStatus.SUBMITTED
    child = referral.child
    assert child.identity_status == IdentityStatus.PROVISIONAL
    assert child.involvements.filter(user=school, kind=InvolvementKind.REFERRER, ended_at=None).exists()
    assert AuditEvent.objects.filter(user=school, action="created", record_id=str(referral.pk)).exists()


def test_the_referrer_sees_their_referral_but_not_the_checklist_scoring(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    client = client_for(school)
    client.post(NEW, contact_post(world.home))
    referral = Referral.objects.get(referrer=school, child__last_name="Childname")
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert page.status_code == 200
    assert referral.reference in page.text
    assert "What drove the suggestion" not in page.text


def test_bad_input_is_refused_with_messages_and_nothing_is_saved(world, client_for):
    client = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    before = (Referral.objects.count(), Child.objects.count())
    future = born_years_ago(-1)
    bad = contact_post(
        world.home,
        born=future,
        first_name="",
        concern="x" * 10_001,
        sex="unknown-choice",
        legal_basis="safeguarding",
        not_in_immediate_danger=None,
    )
    page = client.post(NEW, bad)
    assert page.status_code == 200
    assert page.text.count("govuk-error-summary") >= 1
    for message in (
        "Enter the child&#x27;s first name",
        "Date of birth must be in the past",
        "Enter why consent was not sought",
        "Confirm the child is not in immediate danger",
        "Select a valid choice",
    ):
        assert message in page.text, message
    assert (Referral.objects.count(), Child.objects.count()) == before


def test_an_adult_is_not_a_child(world, client_for):
    page = client_for(world.users[Role.PARTNER_PROFESSIONAL]).post(
        NEW, contact_post(world.home, born=born_years_ago(19))
    )
    assert "Date of birth must be for a child under 18" in page.text


def test_html_in_free_text_is_shown_as_text(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    client = client_for(school)
    client.post(NEW, contact_post(world.home, concern="<script>alert('x')</script> seen at the station"))
    referral = Referral.objects.get(referrer=school, child__last_name="Childname")
    page = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_a_child_the_referrer_already_knows_is_offered_as_a_match_not_duplicated(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    known = world.child
    client = client_for(school)
    data = contact_post(world.home, born=known.date_of_birth, first_name=known.first_name, last_name=known.last_name)
    before = Referral.objects.count()

    offered = client.post(NEW, data)
    assert offered.status_code == 200
    assert "We may already know this child" in offered.text
    assert escape(known.full_name) in offered.text
    assert Referral.objects.count() == before

    linked = client.post(NEW, {**data, "match": str(known.pk)})
    assert linked.status_code == 302
    newest = Referral.objects.filter(referrer=school).order_by("-created_at").first()
    assert newest.child == known
    assert Child.objects.filter(last_name=known.last_name, date_of_birth=known.date_of_birth).count() == 1


def offered_as_a_match(user, child, **filters):
    return AuditEvent.objects.filter(
        user=user, action="viewed", child_id=child.pk, detail="offered as a possible match", **filters
    )


def test_each_child_offered_as_a_match_is_audited(world, client_for, api_client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    known = world.child
    details = {"born": known.date_of_birth, "first_name": known.first_name, "last_name": known.last_name}

    offered = client_for(school).post(NEW, contact_post(world.home, **details))
    assert "We may already know this child" in offered.text
    assert offered_as_a_match(school, known, channel="web").count() == 1

    refused = api_client_for(school).post(
        "/api/referrals", contact_payload(world.home, **details), content_type="application/json"
    )
    assert refused.status_code == 422 and str(known.pk) in refused.json()["errors"]["link_to_child"][0]
    assert offered_as_a_match(school, known, channel="api").count() == 1


def test_matches_are_only_children_the_referrer_may_see(world, client_for):
    hidden = world.other_child
    data = contact_post(world.home, born=hidden.date_of_birth, first_name=hidden.first_name, last_name=hidden.last_name)
    page = client_for(world.users[Role.PARTNER_PROFESSIONAL]).post(NEW, data)
    assert page.status_code == 302  # no match offered: the school cannot see that child; the hub will
    referral = Referral.objects.filter(referrer=world.users[Role.PARTNER_PROFESSIONAL]).order_by("-created_at")[0]
    assert referral.child != hidden and referral.child.identity_status == IdentityStatus.PROVISIONAL


def test_through_the_api(world, api_client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    api = api_client_for(school)
    checklist = api.get("/api/referrals/checklist").json()
    assert len(checklist["indicators"]) > 30

    made = api.post("/api/referrals", contact_payload(world.home), content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "submitted"
    assert body["suggested_level"] is None  # a school does not see the scoring
    referral = Referral.objects.get(pk=body["id"])
    assert referral.answers.count() == 3
    assert AuditEvent.objects.filter(user=school, channel="api", action="created").exists()


def test_the_api_refuses_bad_input_with_the_forms_messages(world, api_client_for):
    api = api_client_for(world.users[Role.PARTNER_PROFESSIONAL])
    before = Referral.objects.count()
    bad = contact_payload(world.home, date_of_birth="2012-02-31", legal_basis="nonsense", not_in_immediate_danger=False)
    response = api.post("/api/referrals", bad, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["date_of_birth"] == ["Date of birth must be a real date"]
    assert "legal_basis" in errors and "not_in_immediate_danger" in errors
    assert Referral.objects.count() == before


def test_the_api_refuses_an_answer_to_an_indicator_not_on_the_checklist(world, api_client_for):
    retired = indicators(world.home)[5]
    Indicator.objects.filter(pk=retired.pk).update(active=False)
    not_on_it = [retired.pk, indicators(world.elsewhere)[0].pk, uuid.uuid4()]
    payload = contact_payload(world.home)
    payload["answers"] += [{"indicator_id": str(pk), "recency": "current", "evidence": "evidenced"} for pk in not_on_it]
    before = Referral.objects.count()

    response = api_client_for(world.users[Role.PARTNER_PROFESSIONAL]).post(
        "/api/referrals", payload, content_type="application/json"
    )
    assert response.status_code == 422
    refusals = response.json()["errors"]["answers"]
    assert len(refusals) == len(not_on_it)
    for pk, refusal in zip(not_on_it, refusals, strict=True):
        assert refusal.startswith(f"Indicator {pk} is not on your partnership's current checklist")
    assert Referral.objects.count() == before


def test_the_api_refuses_an_indicator_answered_twice(world, api_client_for):
    payload = contact_payload(world.home)
    first = payload["answers"][0]
    payload["answers"].append({**first, "recency": "past" if first["recency"] == "current" else "current"})
    before = Referral.objects.count()

    response = api_client_for(world.users[Role.PARTNER_PROFESSIONAL]).post(
        "/api/referrals", payload, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"]["answers"] == [
        f"Indicator {first['indicator_id']} is answered more than once: give one answer each"
    ]
    assert Referral.objects.count() == before


def test_roles_that_do_not_refer_cannot(world, client_for, api_client_for):
    for role in (Role.AUDITOR, Role.LEVEL2_MEMBER, Role.ADMINISTRATOR):
        assert client_for(world.users[role]).get(NEW).status_code == 403
        response = api_client_for(world.users[role]).post(
            "/api/referrals", contact_payload(world.home), content_type="application/json"
        )
        assert response.status_code == 403
