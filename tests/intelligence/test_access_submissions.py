"""Who sees a submission: its submitter and the partnership's handlers; handling-C material only its
handler, its submitter and those its conditions name. A partner never sees another agency's
submission or any grading; the unrelated agency sees nothing, not even in a list."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import Submission
from cepathway.intelligence.submissions import services
from cepathway.people.models import Role
from tests.intelligence.world_submissions import make_submission

GRADING = {
    "source_evaluation": "2",
    "intelligence_assessment": "C",
    "handling": "P",
    "sanitised_text": "Fictional: a grey car seen at a park.",
    "outcome": "logged",
}


def grade(submission, by, *, handling="P", readers=()):  # type: ignore[no-untyped-def]
    grading = {**GRADING, "handling": handling}
    if handling == "C":
        grading["handling_conditions"] = "Fictional: police and CERAR named below only."
    return services.grade(submission, by=by, version=submission.version, grading=grading, readers=readers)


def pages_of(submission: Submission) -> list[str]:
    return [
        reverse("intelligence:submission", args=[submission.pk]),
        reverse("intelligence:submission-sent", args=[submission.pk]),
        reverse("intelligence:triage", args=[submission.pk]),
        f"/api/intelligence/submissions/{submission.pk}",
    ]


def test_the_unrelated_agency_sees_nothing_of_another_submission(world, client_for, api_client_for):
    submission = world.submission[world.home.pk]
    unrelated = world.unrelated
    for url in pages_of(submission):
        client = api_client_for(unrelated) if url.startswith("/api/") else client_for(unrelated)
        assert client.get(url).status_code == 404, url
    assert AuditEvent.objects.filter(user=unrelated, action="denied", record_id=str(submission.pk)).count() == 4
    assert submission.information not in client_for(unrelated).get(reverse("intelligence:my-submissions")).text
    listed = api_client_for(unrelated).get("/api/intelligence/submissions").json()
    assert str(submission.pk) not in [item["id"] for item in listed]


def test_a_partner_never_sees_another_agencys_submission(world, client_for, api_client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    police_submission = world.submission[world.home.pk]
    for url in pages_of(police_submission):
        client = api_client_for(school) if url.startswith("/api/") else client_for(school)
        assert client.get(url).status_code == 404, url
    assert client_for(school).get(reverse("intelligence:triage-queue")).status_code == 403
    assert api_client_for(school).get("/api/intelligence/submissions/waiting").status_code == 403


def test_a_partner_never_grades_not_even_their_own(world, client_for, api_client_for):
    police = world.users[Role.POLICE_OFFICER]
    own = world.submission[world.home.pk]
    url = reverse("intelligence:triage", args=[own.pk])
    assert client_for(police).get(url).status_code == 404
    assert client_for(police).post(url, {**GRADING, "version": own.version}).status_code == 404
    body = {**GRADING, "version": own.version}
    api = api_client_for(police).post(f"{pages_of(own)[3]}/grading", body, content_type="application/json")
    assert api.status_code == 404
    own.refresh_from_db()
    assert not own.is_graded


def test_the_submitter_is_given_no_grading_through_the_api(world, api_client_for):
    submission = world.submission[world.home.pk]
    grade(submission, world.users[Role.INTELLIGENCE_OFFICER])
    mine = api_client_for(world.users[Role.POLICE_OFFICER]).get(pages_of(submission)[3]).json()
    assert mine["status"] == "graded"
    assert mine["grading"] is None and mine["sanitised_text"] is None and mine["outcome"] is None
    handler = api_client_for(world.users[Role.CERAR_LEAD]).get(pages_of(submission)[3]).json()
    assert handler["grading"] == "2C P"


def test_handling_c_material_is_withheld_from_handlers_it_does_not_name(world, client_for, api_client_for):
    officer, lead = world.users[Role.INTELLIGENCE_OFFICER], world.users[Role.CERAR_LEAD]
    submission = world.submission[world.home.pk]
    grade(submission, officer, handling="C")

    detail = reverse("intelligence:submission", args=[submission.pk])
    assert client_for(lead).get(detail).status_code == 404
    assert api_client_for(lead).get(pages_of(submission)[3]).status_code == 404
    assert client_for(officer).get(detail).status_code == 200  # its handler
    assert client_for(world.users[Role.POLICE_OFFICER]).get(detail).status_code == 200  # its submitter

    submission.refresh_from_db()
    services.grade(
        submission,
        by=officer,
        version=submission.version,
        grading={**GRADING, "handling": "C", "handling_conditions": "Fictional: named readers only."},
        readers=[lead],
        reason="Fictional: the CERAR lead needs it.",
    )
    assert client_for(lead).get(detail).status_code == 200


def test_another_partnership_sees_nothing(world, client_for):
    submission = world.submission[world.home.pk]
    elsewhere = client_for(world.elsewhere_lead)
    for url in pages_of(submission)[:3]:
        assert elsewhere.get(url).status_code == 404
    assert (
        reverse("intelligence:triage", args=[submission.pk])
        not in elsewhere.get(reverse("intelligence:triage-queue")).text
    )


def test_the_landing_page_shows_handlers_what_is_waiting(world, client_for):
    officer = client_for(world.users[Role.INTELLIGENCE_OFFICER]).get(reverse("intelligence:home"))
    assert "Waiting to be graded (" in officer.text
    school = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(reverse("intelligence:home"))
    assert "Submit information" in school.text and "Waiting to be graded" not in school.text


def test_the_navigation_and_my_work_lead_there(world, client_for):
    officer = client_for(world.users[Role.INTELLIGENCE_OFFICER])
    work = officer.get(reverse("my-work"))
    assert reverse("intelligence:home") in work.text  # the navigation
    assert "Intelligence waiting to be graded" in work.text
    assert reverse("intelligence:triage", args=[world.submission[world.home.pk].pk]) in work.text
    school = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(reverse("my-work"))
    assert reverse("intelligence:home") in school.text and "Intelligence waiting to be graded" not in school.text
    auditor = client_for(world.users[Role.AUDITOR]).get(reverse("my-work"))
    assert reverse("intelligence:home") not in auditor.text


def _my_work_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("my-work")).status_code == 200
    return len(queries)


def test_the_my_work_panel_makes_the_same_queries_however_much_is_waiting(world, client_for):
    client = client_for(world.users[Role.INTELLIGENCE_OFFICER])
    _my_work_queries(client)  # warm
    few = _my_work_queries(client)
    for _ in range(15):
        make_submission(world.users[Role.PARTNER_PROFESSIONAL])
    many = _my_work_queries(client)
    assert many == few
