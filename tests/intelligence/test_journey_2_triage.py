"""Step 2: the police intelligence officer finds a submission waiting, reads it in full, grades it
3x5x2, writes the sanitised version (which never names the source), records the outcome and what
the submitter is told. Once graded it is read-only to everyone but its handler, whose changes are
kept with their reasons; a save over someone else's is refused, nothing overwritten."""

from django.urls import reverse
from django.utils.html import escape

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import HandlingCode, Submission, SubmissionRevision, SubmissionStatus
from cepathway.intelligence.submissions import services
from cepathway.people.models import Role
from cepathway.referrals.models import Referral
from tests.referrals.helpers import contact_post

QUEUE = reverse("intelligence:triage-queue")


def grading_post(submission: Submission, **changes: str) -> dict[str, str]:
    data = {
        "version": str(submission.version),
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling": "P",
        "sanitised_text": "Fictional: a grey car is seen collecting a child from a park after school.",
        "outcome": "logged",
        "feedback_to_submitter": "Fictional: thank you, this has been logged.",
    }
    data.update(changes)
    return data


def test_the_officer_finds_it_waiting_and_grades_it(world, client_for):
    officer = world.users[Role.INTELLIGENCE_OFFICER]
    submission = world.submission[world.home.pk]
    client = client_for(officer)

    queue = client.get(QUEUE)
    grading_url = reverse("intelligence:triage", args=[submission.pk])
    assert grading_url in queue.text
    page = client.get(grading_url)
    assert page.status_code == 200
    assert submission.information in page.text and submission.submitter_name in page.text  # in full
    assert "Subjects and what they link to" in page.text and "Fictional Driver" in page.text

    response = client.post(grading_url, grading_post(submission))

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.GRADED and submission.grading == "2B P"
    assert submission.handler == officer and submission.graded_at is not None
    assert not submission.revisions.exists()  # grading is not a change
    changed = AuditEvent.objects.filter(user=officer, action="changed", record_id=str(submission.pk)).get()
    assert "source_evaluation" in changed.fields and "sanitised_text" in changed.fields
    assert AuditEvent.objects.filter(user=officer, action="viewed", record_id=str(submission.pk)).exists()
    assert grading_url not in client.get(QUEUE).text  # no longer waiting


def test_the_submitter_is_told_back_but_never_sees_the_grading(world, client_for):
    submission = world.submission[world.home.pk]
    officer = world.users[Role.INTELLIGENCE_OFFICER]
    client_for(officer).post(reverse("intelligence:triage", args=[submission.pk]), grading_post(submission))

    police = client_for(world.users[Role.POLICE_OFFICER])
    mine = police.get(reverse("intelligence:my-submissions"))
    assert "this has been logged" in mine.text
    page = police.get(reverse("intelligence:submission", args=[submission.pk]))
    assert "this has been logged" in page.text
    assert "2B P" not in page.text and "Sanitised version" not in page.text and "grey car is seen" not in page.text


def test_the_sanitised_version_may_not_name_the_source(world, client_for):
    submission = world.submission[world.home.pk]
    client = client_for(world.users[Role.INTELLIGENCE_OFFICER])
    url = reverse("intelligence:triage", args=[submission.pk])
    surname = submission.submitter_name.split()[-1]
    for naming in (
        f"Reported by {submission.submitter_name}.",
        f"{surname} saw a grey car.",
        f"A colleague at {submission.submitter_agency.name} saw it.",
        f"Call {submission.submitter_email} for more.",
        "Call 01632960123 for more.",  # the submitter's phone, spaced differently
    ):
        page = client.post(url, grading_post(submission, sanitised_text=naming))
        assert page.status_code == 200, naming
        assert "must never name the source" in page.text, naming
        assert 'href="#id_sanitised_text"' in page.text
    submission.refresh_from_db()
    assert not submission.is_graded


def test_names_the_source_is_a_rule_of_the_service_not_the_page(world):
    submission = world.submission[world.home.pk]
    assert services.names_the_source(submission, submission.submitter_name.upper()) == "their name"
    assert services.names_the_source(submission, "A grey car at the park.") == ""


def test_handling_c_needs_its_conditions_and_names_its_readers(world, client_for):
    submission = world.submission[world.home.pk]
    client = client_for(world.users[Role.INTELLIGENCE_OFFICER])
    url = reverse("intelligence:triage", args=[submission.pk])

    page = client.post(url, grading_post(submission, handling="C"))
    assert "Write down the conditions of handling code C" in page.text

    lead = world.users[Role.CERAR_LEAD]
    data = grading_post(submission, handling="C", handling_conditions="Fictional: not to be shared outside police.")
    data["handling_readers"] = str(lead.pk)
    assert client.post(url, data).status_code == 302
    submission.refresh_from_db()
    assert submission.handling == HandlingCode.C and list(submission.handling_readers.all()) == [lead]


def test_once_graded_only_its_handler_changes_it_with_a_reason_kept_as_history(world, client_for):
    submission = world.submission[world.home.pk]
    officer, lead = world.users[Role.INTELLIGENCE_OFFICER], world.users[Role.CERAR_LEAD]
    url = reverse("intelligence:triage", args=[submission.pk])
    client_for(officer).post(url, grading_post(submission))
    submission.refresh_from_db()

    other = client_for(lead)
    assert "Only its handler" in other.get(url).text
    assert other.post(url, grading_post(submission, source_evaluation="1")).status_code == 403

    handler = client_for(officer)
    without_reason = handler.post(url, grading_post(submission, source_evaluation="1"))
    assert "Say why you are changing a graded submission" in without_reason.text
    assert (
        handler.post(
            url, grading_post(submission, source_evaluation="1", reason="Fictional: corroborated.")
        ).status_code
        == 302
    )

    submission.refresh_from_db()
    assert submission.grading == "1B P"
    revision = SubmissionRevision.objects.get(submission=submission)
    assert revision.before == {"source_evaluation": "2"} and revision.after == {"source_evaluation": "1"}
    assert revision.reason == "Fictional: corroborated." and revision.changed_by == officer
    page = handler.get(url)
    assert "History of changes" in page.text and "Fictional: corroborated." in page.text


def test_grading_after_another_handler_graded_it_is_refused_and_nothing_is_overwritten(world, client_for):
    submission = world.submission[world.home.pk]
    officer, lead = world.users[Role.INTELLIGENCE_OFFICER], world.users[Role.CERAR_LEAD]
    url = reverse("intelligence:triage", args=[submission.pk])
    read_version = submission.version

    assert client_for(lead).post(url, grading_post(submission)).status_code == 302  # the lead grades first
    page = client_for(officer).post(url, grading_post(submission, version=str(read_version), source_evaluation="3"))

    submission.refresh_from_db()
    assert submission.handler == lead and submission.source_evaluation == "2"
    assert page.status_code == 403  # it is now the lead's to change


def test_a_second_save_by_the_handler_from_an_old_page_is_told_and_overwrites_nothing(world, client_for):
    submission = world.submission[world.home.pk]
    officer = world.users[Role.INTELLIGENCE_OFFICER]
    url = reverse("intelligence:triage", args=[submission.pk])
    client = client_for(officer)
    client.post(url, grading_post(submission))
    submission.refresh_from_db()
    opened = submission.version
    client.post(url, grading_post(submission, version=str(opened), outcome_note="Fictional: first", reason="one"))

    page = client.post(
        url, grading_post(submission, version=str(opened), outcome_note="Fictional: second", reason="two")
    )

    assert "Someone else saved this record since you opened it" in page.text
    submission.refresh_from_db()
    assert submission.outcome_note == "Fictional: first" and submission.revisions.count() == 1


def test_grading_through_the_api(world, api_client_for):
    submission = world.submission[world.home.pk]
    client = api_client_for(world.users[Role.INTELLIGENCE_OFFICER])
    waiting = client.get("/api/intelligence/submissions/waiting").json()
    assert str(submission.pk) in [item["id"] for item in waiting]

    body = {
        **grading_post(submission),
        "version": submission.version,
        "sanitised_text": f"{submission.submitter_name} saw it.",
    }
    refused = client.post(
        f"/api/intelligence/submissions/{submission.pk}/grading", body, content_type="application/json"
    )
    assert refused.status_code == 422 and "sanitised_text" in refused.json()["errors"]

    body["sanitised_text"] = "Fictional: a grey car seen at a park."
    graded = client.post(
        f"/api/intelligence/submissions/{submission.pk}/grading", body, content_type="application/json"
    )
    assert graded.status_code == 200, graded.text
    assert graded.json()["grading"] == "2B P" and graded.json()["handler"]

    stale = client.post(
        f"/api/intelligence/submissions/{submission.pk}/grading",
        {**body, "reason": "Fictional.", "outcome": "crime_desk"},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_a_referral_started_links_to_the_contact_form_filled_in(world, client_for):
    """The CERAR lead grades (intelligence officers do not make referrals in this service yet)."""
    submission = world.submission[world.home.pk]
    client = client_for(world.users[Role.CERAR_LEAD])
    url = reverse("intelligence:triage", args=[submission.pk])
    client.post(url, grading_post(submission, outcome="referral_started"))
    page = client.get(url)
    assert reverse("referrals:new") + "?concern=" in page.text

    start = page.text.index(reverse("referrals:new") + "?concern=")
    link = page.text[start : page.text.index('"', start)].replace("&amp;", "&")
    contact_form = client.get(link)
    child = world.named_child[world.home.pk]
    assert f'value="{escape(child.first_name)}"' in contact_form.text
    assert "a grey car is seen collecting a child" in contact_form.text  # the sanitised version, as the concern
    assert submission.submitter_name not in contact_form.text

    # the lead sends the referral, then notes it on the submission
    before = set(Referral.objects.values_list("pk", flat=True))
    assert client.post(reverse("referrals:new"), contact_post(world.home)).status_code == 302
    referral = Referral.objects.exclude(pk__in=before).get()
    page = client.get(url)
    assert referral.reference in page.text and "Which referral did you make from it?" in page.text
    submission.refresh_from_db()
    recorded = client.post(url, {"record_referral": "1", "referral": str(referral.pk), "version": submission.version})
    assert recorded.status_code == 302
    submission.refresh_from_db()
    assert submission.referral == referral
    assert AuditEvent.objects.filter(action="changed", record_id=str(submission.pk), fields=["referral"]).exists()
    assert reverse("referrals:detail", args=[referral.pk]) in client.get(url).text


def test_the_handler_links_a_child_named_to_the_childs_record(world, client_for):
    """The CERAR lead sees every child of the partnership: they search by the name given and link it."""
    lead = world.users[Role.CERAR_LEAD]
    submission = world.submission[world.home.pk]
    subject = world.named_child[world.home.pk]
    client = client_for(lead)
    triage = client.get(reverse("intelligence:triage", args=[submission.pk]))
    link_url = reverse("intelligence:subject-child", args=[subject.pk])
    assert link_url in triage.text

    page = client.get(link_url, {"q": world.child.last_name})
    assert world.child.full_name in page.text
    assert world.foreign_child.full_name not in page.text  # another partnership's child is never found

    response = client.post(link_url, {"q": world.child.last_name, "child": str(world.child.pk)})
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.child == world.child
    assert AuditEvent.objects.filter(
        user=lead, action="changed", record_id=str(subject.pk), child_id=world.child.pk
    ).exists()
    page = client.get(reverse("intelligence:triage", args=[submission.pk]))
    assert escape(f"Child's record: {world.child.full_name}") in page.text


def test_a_linked_childs_name_is_not_shown_to_a_handler_who_may_not_see_the_child(world, client_for):
    lead = world.users[Role.CERAR_LEAD]
    submission = world.submission[world.home.pk]
    subject = world.named_child[world.home.pk]
    client_for(lead).post(
        reverse("intelligence:subject-child", args=[subject.pk]), {"child": str(world.other_child.pk)}
    )
    subject.refresh_from_db()
    assert subject.child == world.other_child
    officer_page = client_for(world.users[Role.INTELLIGENCE_OFFICER]).get(
        reverse("intelligence:triage", args=[submission.pk])
    )
    assert world.other_child.full_name not in officer_page.text
    assert escape("A child's record") in officer_page.text


def test_a_child_the_handler_may_not_see_cannot_be_linked(world, client_for):
    officer = world.users[Role.INTELLIGENCE_OFFICER]  # sees world.child only
    subject = world.named_child[world.home.pk]
    page = client_for(officer).post(
        reverse("intelligence:subject-child", args=[subject.pk]), {"child": str(world.other_child.pk)}
    )
    assert "Choose a child from the list" in page.text
    subject.refresh_from_db()
    assert subject.child_id is None
