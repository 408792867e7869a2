"""Step 4 (the handler's side): a submission names a person, a vehicle, a phone; the registers
propose the records they may be, with the reasons they matched. The handler confirms (the
submission's child is then linked to the record, the link carrying the submission's grading),
rejects (never proposed again) or says unsure (recorded, still proposed), or adds a new record.
Two records found to be one are merged, and the merge can be undone, every link restored."""

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import (
    IntelligenceAlert,
    Link,
    MatchDecision,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    SubjectKind,
    SubmissionPhone,
    SubmissionSubject,
    SubmissionVehicle,
    VehicleOfConcern,
)
from cepathway.intelligence.registers import decisions
from cepathway.people.models import Role
from tests.intelligence.world_registers import link, make_submission


@pytest.fixture
def world(shared_world):
    return shared_world


@pytest.fixture
def handler(world):
    return world.users[Role.INTELLIGENCE_OFFICER]


@pytest.fixture
def named(world, handler):
    """A graded submission about world.child (linked at triage) naming 'Jonny Smyth', a partial
    registration and a phone number; and the register records they may be."""
    submission = make_submission(world.home, world.users[Role.PARTNER_PROFESSIONAL], handler)
    child = SubmissionSubject(submission=submission, kind=SubjectKind.CHILD, first_name="C", child=world.child)
    child.save_tracked(handler)
    subject = SubmissionSubject(
        submission=submission, kind=SubjectKind.PERSON_OF_CONCERN, first_name="Jonny", last_name="Smyth"
    )
    subject.save_tracked(handler)
    vehicle = SubmissionVehicle(submission=submission, registration="ab12")
    vehicle.save_tracked(handler)
    phone = SubmissionPhone(submission=submission, number="+44 7700 900123")
    phone.save_tracked(handler)
    records = {
        "smith": PersonOfConcern(partnership=world.home, first_name="Jonathan", last_name="Smith"),
        "smythe": PersonOfConcern(partnership=world.home, first_name="John", last_name="Smythe"),
        "jones": PersonOfConcern(partnership=world.home, first_name="Sarah", last_name="Jones"),
        "car": VehicleOfConcern(partnership=world.home, registration="AB12 CDE"),
        "phone_record": PhoneOfConcern(partnership=world.home, number="07700 900 123"),
    }
    for record in records.values():
        record.save_tracked(handler)
    return {"submission": submission, "subject": subject, "vehicle": vehicle, "phone": phone, **records}


def _match_url(kind, part):
    return reverse("intelligence:match-item", args=[kind, part.pk])


def test_the_handler_sees_candidates_with_reasons_and_confirms_one(world, client_for, handler, named):
    client = client_for(handler)
    page = client.get(_match_url("subject", named["subject"])).content.decode()
    assert "OFFICIAL-SENSITIVE" in page
    assert "Jonathan Smith" in page and "Sarah Jones" not in page
    assert "short form" in page.lower() or "nickname" in page.lower() or "same sound" in page.lower()
    done = client.post(
        _match_url("subject", named["subject"]), {"candidate": named["smith"].pk, "verdict": "confirmed"}
    )
    assert done.status_code == 302
    named["subject"].refresh_from_db()
    assert named["subject"].person_id == named["smith"].pk
    child_link = Link.objects.current().touching(NodeKind.PERSON, named["smith"].pk).get(a_kind=NodeKind.CHILD)
    assert child_link.a_id == world.child.pk and child_link.submission_id == named["submission"].pk
    decision = MatchDecision.objects.get(proposed_id=named["subject"].pk)
    assert decision.verdict == "confirmed" and decision.reasons
    # The link to a child on the pathway tells the child's social worker (journey 7).
    told = IntelligenceAlert.objects.filter(submission=named["submission"], child=world.child)
    assert world.users[Role.SOCIAL_WORKER].pk in set(told.values_list("recipient_id", flat=True))
    # The record now lists the child and the submission with its grading.
    record = client.get(reverse("intelligence:register-record", args=["persons", named["smith"].pk])).content.decode()
    assert world.child.full_name in record and "1B P" in record


def test_a_rejected_candidate_is_never_proposed_again_and_unsure_is_remembered(world, client_for, handler, named):
    client = client_for(handler)
    url = _match_url("subject", named["subject"])
    assert "John Smythe" in client.get(url).content.decode()
    client.post(url, {"candidate": named["smythe"].pk, "verdict": "rejected"})
    client.post(url, {"candidate": named["smith"].pk, "verdict": "unsure"})
    page = client.get(url).content.decode()
    assert "John Smythe" not in page
    assert "Jonathan Smith" in page and "You said unsure before" in page
    api = api_candidates(world, named)
    assert str(named["smythe"].pk) not in [item["id"] for item in api]
    assert [item["unsure_before"] for item in api if item["id"] == str(named["smith"].pk)] == [True]
    # Rejecting again what is no longer proposed is refused, not recorded twice.
    again = client.post(url, {"candidate": named["smythe"].pk, "verdict": "rejected"})
    assert again.status_code == 400
    assert MatchDecision.objects.filter(candidate_id=named["smythe"].pk).count() == 1


def api_candidates(world, named):
    from django.test import Client

    from cepathway.people.models import ApiToken

    key = ApiToken.issue(world.users[Role.CERAR_LEAD], name="Test token")[1]
    client = Client(headers={"Authorization": f"Bearer {key}"})
    got = client.get(f"/api/intelligence/match/subject/{named['subject'].pk}")
    assert got.status_code == 200
    return got.json()


def test_partial_registrations_and_spaced_phone_numbers_are_proposed(world, client_for, handler, named):
    client = client_for(handler)
    assert "AB12 CDE" in client.get(_match_url("vehicle", named["vehicle"])).content.decode()
    page = client.get(_match_url("phone", named["phone"])).content.decode()
    assert "07700 900 123" in page
    # A candidate that is not a record of the phones register is refused, and nothing is linked.
    refused = client.post(_match_url("phone", named["phone"]), {"candidate": named["smith"].pk, "verdict": "confirmed"})
    assert refused.status_code == 400
    named["phone"].refresh_from_db()
    assert named["phone"].phone_id is None


def test_confirming_through_the_api_links_the_part(world, api_client_for, handler, named):
    client = api_client_for(handler)
    url = f"/api/intelligence/match/phone/{named['phone'].pk}"
    candidates = client.get(url).json()
    assert [item["id"] for item in candidates] == [str(named["phone_record"].pk)]
    made = client.post(
        url, {"candidate_id": candidates[0]["id"], "verdict": "confirmed"}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    named["phone"].refresh_from_db()
    assert str(named["phone"].phone_id) == candidates[0]["id"]


def test_a_new_record_from_what_was_submitted(world, client_for, handler, named):
    client = client_for(handler)
    done = client.post(reverse("intelligence:match-create", args=["subject", named["subject"].pk]))
    assert done.status_code == 302
    named["subject"].refresh_from_db()
    created = named["subject"].person
    assert created.name == "Jonny Smyth" and created.description == ""
    assert Link.objects.current().touching(NodeKind.PERSON, created.pk).filter(a_id=world.child.pk).exists()
    assert AuditEvent.objects.filter(action="created", record_id=str(created.pk)).exists()
    again = client.post(reverse("intelligence:match-create", args=["subject", named["subject"].pk]))
    assert again.status_code == 302  # refused with a message, nothing made
    assert PersonOfConcern.objects.filter(first_name="Jonny").count() == 1


def test_only_handlers_reach_matching(world, client_for, named):
    for who in ("team_manager", "police_officer", "level2_member", "unrelated", "social_worker"):
        client = client_for(world.principals[who])
        assert client.get(_match_url("subject", named["subject"])).status_code == 404, who
        refused = client.post(
            _match_url("subject", named["subject"]), {"candidate": named["smith"].pk, "verdict": "confirmed"}
        )
        assert refused.status_code == 404
    named["subject"].refresh_from_db()
    assert named["subject"].person_id is None
    elsewhere = client_for(world.elsewhere_lead)
    assert elsewhere.get(_match_url("subject", named["subject"])).status_code == 404


def test_merging_moves_every_link_and_undo_restores_them(world, client_for, handler, named):
    kept, merged = named["smith"], named["smythe"]
    submission = named["submission"]
    place = world.registers[world.home.pk]["place"]
    to_child = link(world.home, (NodeKind.CHILD, world.child), (NodeKind.PERSON, merged), submission, handler)
    to_place = link(world.home, (NodeKind.PERSON, merged), (NodeKind.PLACE, place), submission, handler)
    between = link(world.home, (NodeKind.PERSON, merged), (NodeKind.PERSON, kept), submission, handler)
    named["subject"].person = merged
    named["subject"].save_tracked(handler)

    client = client_for(handler)
    record_url = reverse("intelligence:register-record", args=["persons", merged.pk])
    page = client.get(record_url).content.decode()
    assert "Merge into another record" in page
    merge_page = client.get(reverse("intelligence:register-merge", args=["persons", merged.pk])).content.decode()
    assert "Jonathan Smith" in merge_page
    refused = client.post(reverse("intelligence:register-merge", args=["persons", merged.pk]), {"into": kept.pk})
    assert refused.status_code == 400
    merged.refresh_from_db()
    assert merged.merged_into_id is None
    done = client.post(
        reverse("intelligence:register-merge", args=["persons", merged.pk]),
        {"into": kept.pk, "reason": "Fictional: same date of birth and address"},
    )
    assert done.status_code == 302
    to_child.refresh_from_db()
    to_place.refresh_from_db()
    between.refresh_from_db()
    assert to_child.b_id == kept.pk and to_place.a_id == kept.pk and between.ended_at is not None
    named["subject"].refresh_from_db()
    assert named["subject"].person_id == kept.pk
    merged.refresh_from_db()
    assert merged.merged_into_id == kept.pk
    assert not PersonOfConcern.objects.visible_to(handler).filter(pk=merged.pk).exists()
    assert AuditEvent.objects.filter(action="created", record_type="intelligence.Merge").exists()

    # Undo, from the merged record's page.
    page = client.get(record_url).content.decode()
    assert "This record was merged into" in page and "Undo this merge" in page
    from tests.intelligence.world_registers import href_of

    assert href_of(page, "Jonathan Smith")
    merge = decisions.merges_of(merged)[0]
    undone = client.post(reverse("intelligence:merge-undo", args=[merge.pk]))
    assert undone.status_code == 302 and undone.url == record_url
    for moved in (to_child, to_place, between):
        moved.refresh_from_db()
    assert to_child.b_id == merged.pk and to_place.a_id == merged.pk and between.ended_at is None
    named["subject"].refresh_from_db()
    assert named["subject"].person_id == merged.pk
    merged.refresh_from_db()
    assert merged.merged_into_id is None
    merge.refresh_from_db()
    assert merge.undone_by == handler
    page = client.get(record_url).content.decode()
    assert "Undone on" in page
    # Undoing twice changes nothing more.
    client.post(reverse("intelligence:merge-undo", args=[merge.pk]))
    to_child.refresh_from_db()
    assert to_child.b_id == merged.pk


def test_merge_and_undo_through_the_api(world, api_client_for, handler):
    client = api_client_for(handler)
    home = world.registers[world.home.pk]
    other = VehicleOfConcern(partnership=world.home, registration="ZZ99 F1C")
    other.save_tracked(handler)
    made = client.post(
        f"/api/intelligence/registers/vehicle/{other.pk}/merge",
        {"into_id": str(home["vehicle"].pk), "reason": "Fictional: I and 1 confused"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["merged_id"] == str(other.pk)
    undone = client.post(f"/api/intelligence/merges/{made.json()['id']}/undo")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    twice = client.post(f"/api/intelligence/merges/{made.json()['id']}/undo")
    assert twice.status_code == 422
