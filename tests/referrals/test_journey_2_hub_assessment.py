"""Step 2: the safeguarding hub sees the contact in its queue, records the multi-agency
assessment, resolves who the child is, and flags CE as a concern, which puts it in front of CERAR."""

from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from cepathway.children.models import CEStatus, Child, IdentityStatus
from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from cepathway.referrals.checklist import rank
from cepathway.referrals.models import ModifierCode, Referral, ReferralStatus
from tests.factories import ChildFactory
from tests.referrals.helpers import born_years_ago, contact_post


def submit(world, client_for, **overrides) -> Referral:
    school = world.users[Role.PARTNER_PROFESSIONAL]
    client_for(school).post(reverse("referrals:new"), contact_post(world.home, **overrides))
    return Referral.objects.filter(referrer=school).order_by("-created_at").first()


def assess(client, referral, **data):
    return client.post(reverse("referrals:hub-assessment", args=[referral.pk]), data)


def test_the_contact_is_in_the_hub_queue(world, client_for):
    referral = submit(world, client_for)
    page = client_for(world.users[Role.HUB_PRACTITIONER]).get(reverse("my-work"))
    assert "Safeguarding hub queue" in page.text
    assert referral.reference in page.text


def test_the_hub_flags_ce_and_cerar_sees_it_waiting(world, client_for):
    referral = submit(world, client_for)
    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    response = assess(hub, referral, assessment="School, GP and police consulted.", ce_concern="yes")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_DECISION
    assert referral.hub_ce_concern is True
    assert referral.child.identity_status == IdentityStatus.CONFIRMED
    assert [e.step for e in referral.events.all()] == ["submit_contact", "hub_assessment"]
    assert referral.events.last().created_by == world.users[Role.HUB_PRACTITIONER]

    cerar_page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("my-work"))
    assert referral.reference in cerar_page.text


def test_no_ce_concern_ends_the_pathway_and_tells_the_referrer(world, client_for, django_capture_on_commit_callbacks):
    referral = submit(world, client_for, answers=1)  # a Low suggestion: "no" needs no rationale
    assert rank(referral.suggested_level) < rank(CEStatus.MEDIUM)
    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    refused = assess(hub, referral, assessment="Consulted school.", ce_concern="no")
    assert "Enter why the pathway ends" in refused.text
    with django_capture_on_commit_callbacks(execute=True):
        assess(
            hub,
            referral,
            assessment="Consulted school.",
            ce_concern="no",
            end_reason="Not CE.",
            advice_given="Use Early Help.",
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED
    assert len(mail.outbox) == 1
    assert "Use Early Help." in mail.outbox[0].body
    assert "Consulted school." not in mail.outbox[0].body


NO_CONCERN = {"assessment": "Consulted school.", "ce_concern": "no", "end_reason": "Not CE.", "advice_given": "Use EH."}
RATIONALE = "Fictional: the older men are her uncles, checked with police; no other signs."


def test_no_ce_concern_against_a_medium_or_high_suggestion_needs_the_hubs_rationale(
    world, client_for, django_capture_on_commit_callbacks
):
    referral = submit(world, client_for, answers=3)
    assert rank(referral.suggested_level) >= rank(CEStatus.MEDIUM)
    hub_user = world.users[Role.HUB_PRACTITIONER]
    hub = client_for(hub_user)

    refused = assess(hub, referral, **NO_CONCERN)
    assert refused.status_code == 200
    suggested = referral.get_suggested_level_display()
    assert f"The checklist suggests {suggested}: explain why child exploitation is not a concern" in refused.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        assert assess(hub, referral, **NO_CONCERN, rationale=RATIONALE).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED and referral.hub_rationale == RATIONALE
    assert referral.events.get(step="hub_assessment").note == RATIONALE
    assert RATIONALE not in mail.outbox[0].body  # the referrer is not sent the hub's reasoning

    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("referrals:detail", args=[referral.pk]))
    assert f"Why the hub found no CE concern (the checklist suggested {suggested})" in page.text
    assert escape(RATIONALE) in page.text
    school = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    assert escape(RATIONALE) not in school.get(reverse("referrals:detail", args=[referral.pk])).text


def test_the_api_needs_the_hubs_rationale_too(world, api_client_for):
    referral = world.referral[world.child.pk]
    assert rank(referral.suggested_level) >= rank(CEStatus.MEDIUM)
    api = api_client_for(world.users[Role.HUB_PRACTITIONER])
    url = f"/api/referrals/{referral.pk}/hub-assessment"
    body = {"ce_concern": False, "assessment": "Consulted.", "end_reason": "Not CE.", "advice_given": "Use EH."}

    refused = api.post(url, body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "rationale": [
            f"The checklist suggests {referral.get_suggested_level_display()}: "
            "explain why child exploitation is not a concern"
        ]
    }
    ok = api.post(url, {**body, "rationale": RATIONALE}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "ended" and ok.json()["hub_rationale"] == RATIONALE


def test_the_hub_links_a_duplicate_to_the_child_already_known(world, client_for):
    known = world.other_child  # the school cannot see this child, so the form could not offer it
    referral = submit(
        world, client_for, born=known.date_of_birth, first_name=known.first_name, last_name=known.last_name
    )
    provisional = referral.child
    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    page = hub.get(reverse("referrals:hub-assessment", args=[referral.pk]))
    assert "Possible matches" in page.text

    missing_choice = assess(hub, referral, assessment="Checked.", ce_concern="yes")
    assert "Select the child this is about" in missing_choice.text

    assess(hub, referral, assessment="Checked.", ce_concern="yes", match=str(known.pk))
    referral.refresh_from_db()
    provisional.refresh_from_db()
    assert referral.child == known
    assert provisional.identity_status == IdentityStatus.MERGED and provisional.merged_into == known
    assert Child.objects.visible_to(world.users[Role.HUB_PRACTITIONER]).filter(pk=provisional.pk).count() == 0
    # the school, as referrer, is now involved with the real record
    assert Child.objects.visible_to(world.users[Role.PARTNER_PROFESSIONAL]).filter(pk=known.pk).exists()


def offered_as_a_match(user, child, **filters):
    return AuditEvent.objects.filter(
        user=user, action="viewed", child_id=child.pk, detail="offered as a possible match", **filters
    )


def test_the_hub_page_audits_each_child_it_offers_as_a_match(world, client_for):
    known = world.other_child
    referral = submit_about(world, client_for, known)
    hub = world.users[Role.HUB_PRACTITIONER]
    page = client_for(hub).get(reverse("referrals:hub-assessment", args=[referral.pk]))
    assert escape(known.full_name) in page.text
    assert offered_as_a_match(hub, known, channel="web").count() == 1


def test_the_hub_is_offered_the_possible_matches_through_the_api(world, client_for, api_client_for):
    known = world.other_child
    referral = submit_about(world, client_for, known)
    provisional = referral.child
    hub = world.users[Role.HUB_PRACTITIONER]
    api = api_client_for(hub)

    body = api.get(f"/api/referrals/{referral.pk}").json()
    assert body["possible_matches"] == [
        {
            "id": str(known.pk),
            "name": known.full_name,
            "date_of_birth": known.date_of_birth.isoformat(),
            "address": known.address,
            "reasons": ["same date of birth and a same or similar name"],
        }
    ]
    assert offered_as_a_match(hub, known, channel="api").count() == 1

    unsettled = api.post(
        f"/api/referrals/{referral.pk}/hub-assessment",
        {"ce_concern": True, "assessment": "Checked."},
        content_type="application/json",
    )
    assert unsettled.status_code == 422
    (message,) = unsettled.json()["errors"]["link_to_child"]
    assert message.startswith("Select the child this is about")
    assert str(known.pk) in message and f"GET /api/referrals/{referral.pk}" in message

    linked = api.post(
        f"/api/referrals/{referral.pk}/hub-assessment",
        {"ce_concern": True, "assessment": "Checked.", "link_to_child": str(known.pk)},
        content_type="application/json",
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["child_id"] == str(known.pk)
    assert linked.json()["possible_matches"] == []  # assessed: nothing left to choose
    provisional.refresh_from_db()
    assert provisional.merged_into == known


def test_only_those_who_may_assess_are_offered_matches_through_the_api(world, client_for, api_client_for):
    known = world.other_child
    referral = submit_about(world, client_for, known)
    school = world.users[Role.PARTNER_PROFESSIONAL]
    body = api_client_for(school).get(f"/api/referrals/{referral.pk}").json()
    assert body["possible_matches"] == []
    assert not offered_as_a_match(school, known).exists()


SEND = str(ModifierCode.SEND.label)


def a_known_child_of_14(world, **flags) -> Child:
    Child.objects.filter(pk=world.other_child.pk).update(date_of_birth=born_years_ago(14), **flags)
    world.other_child.refresh_from_db()
    return world.other_child


def submit_about(world, client_for, known, **overrides) -> Referral:
    """A contact about `known` with one answer (a Low suggestion on its own), as a provisional record."""
    details = {"first_name": known.first_name, "last_name": known.last_name}
    return submit(world, client_for, born=known.date_of_birth, answers=1, **details, **overrides)


def test_linking_to_a_send_child_recomputes_the_suggestion_with_the_send_modifier(world, client_for):
    known = a_known_child_of_14(world, send=True)
    referral = submit_about(world, client_for, known)
    assert rank(referral.suggested_level) < rank(CEStatus.MEDIUM)
    assert not any(SEND in reason for reason in referral.suggestion_reasons)

    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    assess(hub, referral, assessment="Checked.", ce_concern="yes", match=str(known.pk))
    referral.refresh_from_db()
    assert referral.child == known
    assert rank(referral.suggested_level) >= rank(CEStatus.MEDIUM)
    assert any(reason.startswith(f"{SEND}: +") for reason in referral.suggestion_reasons)
    assert referral.answers.count() == 1  # the referrer's answers are kept


def test_what_the_form_said_about_the_child_still_counts_after_linking(world, client_for):
    known = a_known_child_of_14(world)  # the record does not say SEND; the referrer did
    referral = submit_about(world, client_for, known, send="on")
    assess(
        client_for(world.users[Role.HUB_PRACTITIONER]), referral, assessment="x", ce_concern="yes", match=str(known.pk)
    )
    referral.refresh_from_db()
    assert referral.child == known
    assert any(reason.startswith(f"{SEND}: +") for reason in referral.suggestion_reasons)


def test_the_rationale_is_asked_against_the_suggestion_for_the_child_linked(world, client_for):
    known = a_known_child_of_14(world, send=True)
    referral = submit_about(world, client_for, known)  # Low on its own; Medium once about a SEND child
    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    refused = assess(hub, referral, **NO_CONCERN, match=str(known.pk))
    assert "explain why child exploitation is not a concern" in refused.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED and referral.child != known

    assess(hub, referral, **NO_CONCERN, match=str(known.pk), rationale=RATIONALE)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ENDED and referral.child == known
    assert rank(referral.suggested_level) >= rank(CEStatus.MEDIUM) and referral.hub_rationale == RATIONALE


def test_linking_moves_every_referral_of_the_provisional_record(world, client_for):
    known = a_known_child_of_14(world, send=True)
    first = submit_about(world, client_for, known)
    provisional = first.child
    # the school refers the same child again and links the record its first referral made
    second = submit_about(world, client_for, known, match=str(provisional.pk))
    assert second.child == provisional and second.pk != first.pk
    before = second.version

    hub = world.users[Role.HUB_PRACTITIONER]
    assess(client_for(hub), first, assessment="Checked.", ce_concern="yes", match=str(known.pk))

    second.refresh_from_db()
    provisional.refresh_from_db()
    assert provisional.identity_status == IdentityStatus.MERGED
    assert second.child == known and second.version > before
    assert second.status == ReferralStatus.SUBMITTED  # still the hub's to assess, now about the known child
    assert any(reason.startswith(f"{SEND}: +") for reason in second.suggestion_reasons)
    assert not provisional.referrals.exists() and not provisional.involvements.exists()
    moved = AuditEvent.objects.filter(user=hub, action="changed", record_id=str(second.pk), child_id=known.pk)
    assert moved.filter(fields=["child"]).exists()
    # the school still sees both its referrals, now through the known child's record
    school = world.users[Role.PARTNER_PROFESSIONAL]
    assert Child.objects.visible_to(school).filter(pk=known.pk).exists()
    assert set(Referral.objects.visible_to(school).filter(child=known)) >= {first, second}


def test_a_next_door_neighbour_is_not_offered_as_living_at_the_same_address(world, client_for):
    same_house = ChildFactory(partnership=world.home, address_line_1="12 High Street", postcode="CA1 1AA")
    next_door = ChildFactory(partnership=world.home, address_line_1="14 High Street", postcode="CA1 1AA")
    referral = submit(world, client_for, address_line_1="12 High Street", postcode="CA1 1AA")
    page = client_for(world.users[Role.HUB_PRACTITIONER]).get(reverse("referrals:hub-assessment", args=[referral.pk]))
    # Each match offered is a choice whose value is the child's record id: names could coincide.
    assert str(same_house.pk) in page.text
    assert str(next_door.pk) not in page.text


def test_a_step_cannot_be_taken_twice(world, client_for):
    referral = submit(world, client_for)
    hub = client_for(world.users[Role.HUB_PRACTITIONER])
    assess(hub, referral, assessment="First.", ce_concern="yes")
    again = assess(hub, referral, assessment="Second.", ce_concern="no", end_reason="x", advice_given="y")
    assert again.status_code == 302
    referral.refresh_from_db()
    assert referral.hub_assessment == "First." and referral.status == ReferralStatus.AWAITING_DECISION
    assert referral.events.filter(step="hub_assessment").count() == 1


def test_only_the_hub_and_cerar_assess(world, client_for):
    referral = world.referral[world.child.pk]
    for role in (Role.PARTNER_PROFESSIONAL, Role.SOCIAL_WORKER, Role.POLICE_OFFICER):
        response = assess(client_for(world.users[role]), referral, assessment="x", ce_concern="yes")
        assert response.status_code == 403, role
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_through_the_api(world, api_client_for):
    referral = world.referral[world.child.pk]
    api = api_client_for(world.users[Role.HUB_PRACTITIONER])
    bad = api.post(
        f"/api/referrals/{referral.pk}/hub-assessment",
        {"ce_concern": False, "assessment": ""},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) >= {"assessment", "end_reason", "advice_given"}
    ok = api.post(
        f"/api/referrals/{referral.pk}/hub-assessment",
        {"ce_concern": True, "assessment": "Consulted."},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "awaiting_decision"
    twice = api.post(
        f"/api/referrals/{referral.pk}/hub-assessment",
        {"ce_concern": True, "assessment": "Again."},
        content_type="application/json",
    )
    assert twice.status_code == 409


def test_confirming_the_identity_does_not_put_back_a_stale_copy_of_the_child(world, client_for):
    referral = submit(world, client_for)
    child = referral.child  # the copy loaded with the referral
    Child.objects.filter(pk=child.pk).update(school="Changed meanwhile")
    from cepathway.referrals import services

    services.record_hub_assessment(
        referral,
        by=world.users[Role.HUB_PRACTITIONER],
        link_to=None,
        assessment="x",
        agencies_consulted="",
        ce_concern=True,
    )
    child.refresh_from_db()
    assert child.identity_status == IdentityStatus.CONFIRMED
    assert child.school == "Changed meanwhile"
