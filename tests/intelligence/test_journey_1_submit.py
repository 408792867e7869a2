"""Step 1: a school's safeguarding lead shares what they know through the multi-agency information
submission form: a child, a person of concern with a nickname, a place, a car, a phone and a
Snapchat username. It is not a referral, so the form says so, points to the contact form and to 999.
They see it on My submissions with what they are told back, never its grading."""

from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import (
    SubjectKind,
    Submission,
    SubmissionOnlineAccount,
    SubmissionPhone,
    SubmissionPlace,
    SubmissionSubject,
    SubmissionVehicle,
)
from cepathway.people.models import Role

SUBMIT = reverse("intelligence:submit")
MINE = reverse("intelligence:my-submissions")


def existing() -> set:
    return set(Submission.objects.values_list("pk", flat=True))


def management(rows: dict[str, int]) -> dict[str, str]:
    data = {}
    for part in ("subjects", "places", "vehicles", "phones", "online_accounts"):
        data[f"{part}-TOTAL_FORMS"] = str(rows.get(part, 1))
        data[f"{part}-INITIAL_FORMS"] = "0"
    return data


def full_post(**changes: str) -> dict[str, str]:
    data = {
        **management({"subjects": 2}),
        "submitter_name": "Fictional Teacher",
        "submitter_phone": "01632 960555",
        "submitter_email": "fictional.teacher@example.org",
        "happened_on_day": "2",
        "happened_on_month": "3",
        "happened_on_year": "2026",
        "information": "Fictional: Kez is collected from the school gate by a man called Jonny in a grey car.",
        "how_known": "Fictional: seen by me at the gate, three Fridays running.",
        "subjects-0-kind": "child",
        "subjects-0-first_name": "Kerry",
        "subjects-0-last_name": "Fictionalchild",
        "subjects-0-aliases": "Kez",
        "subjects-1-kind": "person_of_concern",
        "subjects-1-first_name": "Jonny",
        "subjects-1-age_from": "20",
        "subjects-1-age_to": "25",
        "subjects-1-description": "Fictional: tall, grey tracksuit",
        "places-0-kind": "school",
        "places-0-name": "Fictional Academy",
        "places-0-postcode": "ZZ1 1ZZ",
        "vehicles-0-registration": "AB12",
        "vehicles-0-colour": "Grey",
        "phones-0-number": "07700 900123",
        "online_accounts-0-platform": "Snapchat",
        "online_accounts-0-username": "fictional_jonny",
    }
    data.update(changes)
    return data


def test_the_form_says_it_is_not_a_referral_and_points_to_the_contact_form_and_999(world, client_for):
    page = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(SUBMIT)
    assert page.status_code == 200
    assert "not a safeguarding referral" in page.text
    assert reverse("referrals:new") in page.text
    assert "call 999" in page.text
    assert page.text.count("OFFICIAL-SENSITIVE") >= 2  # a banner at top and bottom
    school = world.users[Role.PARTNER_PROFESSIONAL]
    assert f'value="{school.display_name}"' in page.text  # who they are, from their account


def test_a_school_submits_what_it_knows_and_sees_it_on_my_submissions(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    client = client_for(school)

    before = existing()
    response = client.post(SUBMIT, full_post())

    submission = Submission.objects.exclude(pk__in=before).get(submitted_by=school)
    assert response.status_code == 302 and response.url == reverse("intelligence:submission-sent", args=[submission.pk])
    assert submission.submitter_agency == school.agency and submission.partnership == world.home
    assert submission.submitter_phone == "01632 960555" and submission.happened_on.isoformat() == "2026-03-02"
    assert not submission.is_graded
    kinds = sorted(submission.subjects.values_list("kind", flat=True))
    assert kinds == [SubjectKind.CHILD, SubjectKind.PERSON_OF_CONCERN]
    assert submission.subjects.get(kind=SubjectKind.CHILD).aliases == "Kez"
    assert submission.places.get().kind == "school"
    assert submission.vehicles.get().registration == "AB12"
    assert submission.phones.get().number == "07700 900123"
    assert submission.online_accounts.get().username == "fictional_jonny"
    assert AuditEvent.objects.filter(user=school, action="created", record_id=str(submission.pk)).exists()
    assert AuditEvent.objects.filter(
        user=school, action="created", record_type="intelligence.SubmissionVehicle"
    ).exists()

    sent = client.get(response.url)
    assert "Information submitted" in sent.text and MINE in sent.text

    mine = client.get(MINE)
    assert "Kez is collected" in mine.text and "Waiting" in mine.text
    assert AuditEvent.objects.filter(user=school, action="listed", record_type="intelligence.Submission").exists()


def test_a_mistake_is_shown_with_a_summary_and_inline_and_nothing_is_saved_by_half(world, client_for):
    client = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    before = [model.objects.count() for model in (Submission, SubmissionSubject, SubmissionPlace)]

    # the first subject is fine, the second has no kind, and how they know it is missing
    page = client.post(SUBMIT, full_post(**{"subjects-1-kind": "", "how_known": ""}))

    assert page.status_code == 200
    assert "govuk-error-summary" in page.text and "<title>Error: " in page.text
    assert 'href="#id_subjects-1-kind"' in page.text  # the summary links to the row's field
    assert "Enter how you know it" in page.text
    assert 'id="id_subjects-1-kind-error"' in page.text  # and beside the field
    assert [model.objects.count() for model in (Submission, SubmissionSubject, SubmissionPlace)] == before
    assert "Kerry" in page.text  # what they typed is kept


def test_add_another_shows_one_more_row_and_saves_nothing(world, client_for):
    client = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    before = existing()
    page = client.post(SUBMIT, full_post(add="vehicles"))
    assert page.status_code == 200
    assert 'name="vehicles-1-registration"' in page.text
    assert 'name="vehicles-TOTAL_FORMS" value="2"' in page.text
    assert "govuk-error-summary" not in page.text
    assert existing() == before


def test_blank_rows_are_left_out(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    data = full_post(**{"vehicles-0-registration": "", "vehicles-0-colour": ""})
    data["subjects-TOTAL_FORMS"] = "3"  # an extra blank row
    before = existing()
    assert client_for(school).post(SUBMIT, data).status_code == 302
    submission = Submission.objects.exclude(pk__in=before).get()
    assert submission.subjects.count() == 2 and not submission.vehicles.exists()


def test_submitting_through_the_api(world, api_client_for):
    police = world.users[Role.POLICE_OFFICER]
    client = api_client_for(police)
    body = {
        "information": "Fictional: a takeaway lets children stay after closing.",
        "how_known": "Fictional: told by a colleague.",
        "subjects": [{"kind": "vulnerable_adult", "first_name": "Fictional", "date_of_birth": "2001-05-04"}],
        "places": [{"kind": "takeaway", "name": "Fictional Chicken", "postcode": "ZZ9 9ZZ"}],
        "phones": [{"number": "+44 7700 900123"}],
    }
    response = client.post("/api/intelligence/submissions", body, content_type="application/json")
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "submitted" and created["grading"] is None
    assert created["marking"] == "OFFICIAL-SENSITIVE"
    assert created["submitter_name"] == police.display_name  # from the account when left out
    submission = Submission.objects.get(pk=created["id"])
    assert submission.subjects.get().date_of_birth.isoformat() == "2001-05-04"
    assert SubmissionPhone.objects.filter(submission=submission).count() == 1

    listed = client.get("/api/intelligence/submissions").json()
    assert created["id"] in [item["id"] for item in listed]
    one = client.get(f"/api/intelligence/submissions/{created['id']}").json()
    assert one["named"][0]["part"] == "People"


def test_the_api_refuses_a_bad_row_naming_it_and_saves_nothing(world, api_client_for):
    client = api_client_for(world.users[Role.POLICE_OFFICER])
    before = (Submission.objects.count(), SubmissionVehicle.objects.count(), SubmissionOnlineAccount.objects.count())
    body = {
        "information": "Fictional.",
        "how_known": "Fictional.",
        "vehicles": [{"registration": "AB12"}],
        "online_accounts": [{"platform": "", "username": "fictional_someone"}],
    }
    response = client.post("/api/intelligence/submissions", body, content_type="application/json")
    assert response.status_code == 422
    assert "online_accounts.0.platform" in response.json()["errors"]
    after = (Submission.objects.count(), SubmissionVehicle.objects.count(), SubmissionOnlineAccount.objects.count())
    assert after == before


def test_administrators_and_auditors_do_not_submit(world, client_for):
    for role in (Role.ADMINISTRATOR, Role.AUDITOR):
        assert client_for(world.users[role]).get(SUBMIT).status_code == 403


def test_a_child_is_under_18_and_a_vulnerable_adult_18_or_over(world, client_for):
    client = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    before = existing()
    grown = {"subjects-0-date_of_birth_day": "1", "subjects-0-date_of_birth_month": "1"}
    page = client.post(SUBMIT, full_post(**grown, **{"subjects-0-date_of_birth_year": "1990"}))
    assert "18 or over by their date of birth: choose vulnerable adult" in page.text
    young = {"subjects-0-kind": "vulnerable_adult", "subjects-0-date_of_birth_year": "2015"}
    page = client.post(SUBMIT, full_post(**grown, **young))
    assert "under 18 by their date of birth: choose child" in page.text
    assert existing() == before
