"""Journey 7: new graded information links to a child on the pathway, and the people who work
with the child (its CERAR lead, allocated social worker and lead professional) are told on their
My work page and by email, once, with no more than that: never the source, the text or the
grading, and nothing while the submission waits to be graded."""

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cepathway.core.models import AuditEvent
from cepathway.intelligence.around_child.alerts import alert_for_link, alert_for_links
from cepathway.intelligence.models import IntelligenceAlert, SubjectKind, SubmissionStatus, SubmissionSubject
from cepathway.meetings.models import Pathway
from cepathway.notifications.models import Notification, NotificationKind
from cepathway.people.models import Role

from .world_around_child import link, make_person, make_submission

SECRETS = ("Sourcename", "getting into a car", "2C", "informant")


def _workers(world):
    return {world.users[Role.CERAR_LEAD], world.users[Role.SOCIAL_WORKER], world.users[Role.LEAD_PROFESSIONAL]}


def _graded_about(world, child, **more):
    submission = make_submission(world, child.partnership, **more)
    SubmissionSubject(submission=submission, kind=SubjectKind.CHILD, first_name="Fictional", child=child).save_tracked(
        world.users[Role.INTELLIGENCE_OFFICER]
    )
    return submission


def test_the_childs_workers_are_told_once_on_my_work_and_by_email(
    world, client_for, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    submission = _graded_about(world, world.child)
    with django_capture_on_commit_callbacks(execute=True):
        made = alert_for_links(submission, by=world.users[Role.INTELLIGENCE_OFFICER])
    assert {alert.recipient for alert in made} == _workers(world)
    told = Notification.objects.filter(kind=NotificationKind.NEW_ALERT)
    assert {note.recipient for note in told} == _workers(world)
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        user.email for user in _workers(world)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_for_links(submission) == []  # once: calling again tells nobody
    assert told.count() == 3 and len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="sent", child_id=world.child.pk).count() == 3

    page = client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("my-work")).content.decode()
    assert f"Graded information now links to a child you work with ({world.child.initials})" in page
    assert reverse("children:detail", args=[world.child.pk]) in page


def test_what_they_are_told_names_no_source_and_no_content(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alert_for_links(_graded_about(world, world.child))
    texts = [note.message for note in Notification.objects.filter(kind=NotificationKind.NEW_ALERT)]
    texts += [message.subject + message.body for message in mail.outbox]
    assert len(texts) == 6
    for text in texts:
        assert not any(secret in text for secret in SECRETS), text
        assert world.child.last_name not in text


def test_nothing_while_waiting_to_be_graded_then_told_when_graded(world):
    submission = _graded_about(world, world.child, graded=False)
    assert alert_for_links(submission) == []
    assert not IntelligenceAlert.objects.exists()
    submission.status = SubmissionStatus.GRADED
    submission.source_evaluation, submission.intelligence_assessment, submission.handling = "1", "B", "P"
    submission.outcome, submission.graded_at = "logged", timezone.now()
    submission.handler = world.users[Role.INTELLIGENCE_OFFICER]
    submission.save_tracked(world.users[Role.INTELLIGENCE_OFFICER])
    assert {alert.recipient for alert in alert_for_links(submission)} == _workers(world)


def test_nobody_else_is_told_and_the_person_acting_is_not_told_of_their_own_grading(world):
    alert_for_links(_graded_about(world, world.child), by=world.users[Role.CERAR_LEAD])
    told = {note.recipient for note in Notification.objects.filter(kind=NotificationKind.NEW_ALERT)}
    assert told == {world.users[Role.SOCIAL_WORKER], world.users[Role.LEAD_PROFESSIONAL]}
    for user in (
        world.unrelated,
        world.users[Role.POLICE_OFFICER],
        world.users[Role.LEVEL2_MEMBER],
        world.elsewhere_lead,
    ):
        assert user not in told


def test_a_child_nobody_works_with_tells_only_its_cerar_lead(world):
    made = alert_for_links(_graded_about(world, world.other_child))
    assert {alert.recipient for alert in made} == {world.users[Role.CERAR_LEAD]}


def test_a_child_off_the_pathway_tells_nobody(world):
    Pathway.objects.filter(child=world.child).update(closed_at=timezone.now(), closure_reason="other")
    assert alert_for_links(_graded_about(world, world.child)) == []


def test_a_new_link_to_a_child_tells_its_workers(world):
    person = make_person(world, world.home, "Fictional", "Linkedlater")
    submission = make_submission(world, world.home)
    assert alert_for_links(submission) == []  # linked to no child yet
    made = alert_for_link(link(world, person, world.child, submission))
    assert {alert.recipient for alert in made} == _workers(world)
    assert alert_for_link(link(world, person, world.child, None)) == []  # no submission, nothing to tell


def test_the_api_lists_my_alerts_and_nobody_elses(world, api_client_for):
    alert_for_links(_graded_about(world, world.child))
    mine = api_client_for(world.users[Role.SOCIAL_WORKER]).get("/api/intelligence/alerts")
    assert mine.status_code == 200
    items = mine.json()["items"]
    assert [item["child_id"] for item in items] == [str(world.child.pk)]
    assert items[0]["initials"] == world.child.initials and not any(s in str(items) for s in SECRETS)
    assert api_client_for(world.unrelated).get("/api/intelligence/alerts").json()["items"] == []
    assert api_client_for(world.users[Role.POLICE_OFFICER]).get("/api/intelligence/alerts").json()["items"] == []


def test_grading_on_the_triage_page_tells_the_childs_workers(world, client_for, django_capture_on_commit_callbacks):
    """The officer grades a waiting submission that names a child linked to the child's record: the
    child's workers are told as the grade is saved (and not before)."""
    from tests.intelligence.test_journey_2_triage import grading_post

    officer = world.users[Role.INTELLIGENCE_OFFICER]
    submission = _graded_about(world, world.child, graded=False)
    assert alert_for_links(submission) == []  # waiting: nobody is told
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(
            reverse("intelligence:triage", args=[submission.pk]), grading_post(submission)
        )
    assert response.status_code == 302
    told = Notification.objects.filter(kind=NotificationKind.NEW_ALERT)
    assert {note.recipient for note in told} == _workers(world)


def test_linking_a_named_child_after_grading_tells_the_childs_workers(world, django_capture_on_commit_callbacks):
    from cepathway.intelligence.submissions.services import link_child

    officer = world.users[Role.INTELLIGENCE_OFFICER]
    submission = make_submission(world, world.home)
    subject = SubmissionSubject(submission=submission, kind=SubjectKind.CHILD, first_name="Fictional")
    subject.save_tracked(officer)
    assert not IntelligenceAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        link_child(subject, world.child, by=officer)
    assert {alert.recipient for alert in IntelligenceAlert.objects.all()} == _workers(world)
