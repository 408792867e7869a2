"""Mail is never lost and never breaks a saved decision: every email waits in the outbox, written
with the change, until a worker has sent it; the record and the audit say "sent" only once it was."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cepathway.core import outbox
from cepathway.core.models import AuditAction, AuditEvent, EmailStatus, OutgoingEmail
from cepathway.people.models import Role
from cepathway.referrals.models import ReferralStatus
from tests.factories import UserFactory

MAIL_DOWN = override_settings(EMAIL_BACKEND="tests.production.mail_servers.DownBackend")


def sent_entries(record):
    return AuditEvent.objects.filter(action=AuditAction.SENT, record_id=str(record.pk))


def decide_level1(api, referral):
    return api.post(
        f"/api/referrals/{referral.pk}/decision",
        {"decision": "level1", "judged_level": referral.suggested_level, "advice_given": "You will be invited."},
        content_type="application/json",
    )


def a_minute_later(message):
    OutgoingEmail.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_with_the_mail_server_down_the_decision_is_saved_and_nobody_is_told_it_was_sent(
    world, api_client_for, django_capture_on_commit_callbacks
):
    referral = world.awaiting_decision[world.child.pk]
    api = api_client_for(world.users[Role.CERAR_LEAD])
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        response = decide_level1(api, referral)
    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.LEVEL1_REQUIRED
    assert referral.referrer_notified_at is None
    assert not sent_entries(referral).exists()
    message = OutgoingEmail.objects.get(to=[referral.referrer.email])
    assert message.status == EmailStatus.QUEUED and message.attempts == 1
    assert "Connection refused" in message.last_error
    assert message.next_attempt_at > timezone.now()

    # The mail server is back: the next run of the scheduled job sends it, and only now is it "sent".
    a_minute_later(message)
    assert outbox.send_due() == {"sent": 1, "failed": 0}
    referral.refresh_from_db()
    assert referral.referrer_notified_at is not None
    assert sent_entries(referral).count() == 1
    assert [m.to for m in mail.outbox] == [[referral.referrer.email]]


def test_a_change_rolled_back_leaves_nothing_to_send(world):
    user = world.users[Role.CERAR_LEAD]
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue(stem="x", subject="Hello", text="Body", html=None, to=[user.email])
        raise RuntimeError("the change failed")
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_two_workers_send_a_message_once(world):
    user = world.users[Role.CERAR_LEAD]
    message = outbox.queue(stem="x", subject="Hello", text="Body", html=None, to=[user.email])
    assert outbox.deliver(message.pk) == "sent"
    assert outbox.deliver(message.pk) == "not due"
    assert outbox.send_due() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_worker_that_died_mid_send_is_replaced(world):
    user = world.users[Role.CERAR_LEAD]
    message = outbox.queue(stem="x", subject="Hello", text="Body", html=None, to=[user.email])
    long_ago = timezone.now() - outbox.STALE_CLAIM - timedelta(minutes=1)
    OutgoingEmail.objects.filter(pk=message.pk).update(status=EmailStatus.SENDING, claimed_at=long_ago)
    assert outbox.send_due() == {"sent": 1, "failed": 0}


@override_settings(CEPATHWAY_MAIL_MAX_ATTEMPTS=3)
def test_after_the_last_try_the_administrator_sees_it_and_can_try_again(
    world, client_for, django_capture_on_commit_callbacks
):
    user = world.users[Role.CERAR_LEAD]
    message = outbox.queue(stem="x", subject="Review reminder", text="Body", html=None, to=[user.email])
    with MAIL_DOWN:
        for _ in range(3):
            a_minute_later(message)
            outbox.send_due()
    message.refresh_from_db()
    assert message.status == EmailStatus.FAILED and message.attempts == 3

    admin = client_for(world.users[Role.ADMINISTRATOR])
    work = admin.get(reverse("my-work"))
    assert "1 email could not be sent" in work.text
    page = admin.get(reverse("outgoing-email"))
    assert "Review reminder" in page.text and "Connection refused" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("outgoing-email-retry", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    assert AuditEvent.objects.filter(record_id=str(message.pk), action=AuditAction.CHANGED).exists()


def test_someone_else_cannot_see_the_outbox(world, client_for):
    for role in (Role.CERAR_LEAD, Role.PARTNER_PROFESSIONAL):
        assert client_for(world.users[role]).get(reverse("outgoing-email")).status_code in {403, 404}
    assert client_for(world.unrelated).get(reverse("outgoing-email")).status_code in {403, 404}


def test_another_partnerships_administrator_does_not_see_its_failures(world, client_for):
    user = world.users[Role.CERAR_LEAD]
    message = outbox.queue(stem="x", subject="Home's reminder", text="Body", html=None, to=[user.email])
    OutgoingEmail.objects.filter(pk=message.pk).update(status=EmailStatus.FAILED, attempts=20)
    elsewhere_admin = UserFactory(role=Role.ADMINISTRATOR, agency=world.elsewhere_agency)
    page = client_for(elsewhere_admin).get(reverse("outgoing-email"))
    assert "Home's reminder" not in page.text
    assert client_for(elsewhere_admin).post(reverse("outgoing-email-retry", args=[message.pk])).status_code == 404


@given(st.integers(min_value=0, max_value=500))
def test_tries_back_off_from_a_minute_to_an_hour(attempts):
    wait = outbox.backoff(attempts)
    assert timedelta(minutes=1) <= wait <= timedelta(hours=1)
    assert outbox.backoff(attempts + 1) >= wait


DATABASE_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


def test_health_says_unavailable_when_no_worker_takes_the_queue(db, client):
    with DATABASE_QUEUE:
        assert client.get("/health").json()["queue"] == "ok"
        outbox.send_due_emails.enqueue()
        assert client.get("/health").status_code == 200
        with override_settings(CEPATHWAY_HEALTH_QUEUE_MAX_AGE=-1):
            response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["queue"] == "stalled"


def test_with_a_real_queue_nothing_is_sent_until_a_worker_runs(transactional_db):
    from django.core.management import call_command

    user = UserFactory(role=Role.CERAR_LEAD)
    with DATABASE_QUEUE:
        outbox.queue(stem="x", subject="Hello", text="Body", html=None, to=[user.email])
        assert mail.outbox == []
        call_command("run_worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT
