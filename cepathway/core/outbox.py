"""The outbox: every email the service sends waits here until a worker has sent it.

`queue` writes the message in the same transaction as the change it tells someone about, so a
rolled-back change sends nothing and a saved one is never without its message. After the commit a
task is enqueued to send it; `send_due_emails`, run every minute by the scheduler, sends whatever is
still waiting (a task lost with a crashed process, or a try after a failure).

Sending claims the message with a conditional update, so two workers never both send it. A failed
try is kept with its error and tried again later (1, 2, 4 ... minutes, at most an hour apart); after
`CEPATHWAY_MAIL_MAX_ATTEMPTS` tries it is marked failed, and the partnership's administrators see it
on their Outgoing email page, where they can try it again. Only a sent message is audited as sent,
and only then does the record it is about say so (`on_sent`).

A worker that dies between the mail server's answer and marking the message sent leaves it
"being sent"; after `STALE_CLAIM` it is tried again, so such a message may arrive twice (at least
once, never lost).
"""

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from . import audit
from .models import EmailStatus, OutgoingEmail

STALE_CLAIM = timedelta(minutes=15)
LONGEST_WAIT = timedelta(hours=1)
ERROR_LENGTH = 2000


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: doubling from a minute, at most an hour."""
    doublings = min(max(attempts - 1, 0), 6)  # 2**6 minutes is past the hour already
    return min(timedelta(minutes=2**doublings), LONGEST_WAIT)


def _about(records: Iterable[tuple[models.Model, str]]) -> list[dict[str, str]]:
    return [{"model": record._meta.label_lower, "pk": str(record.pk), "detail": detail} for record, detail in records]


def _partnership_of(addresses: Sequence[str]) -> Any:
    """The partnership of the first recipient with an account, whose administrators see it fail."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for user in User.objects.filter(email__in=addresses).select_related("agency"):
        if getattr(user, "partnership_id", None):
            return user.partnership_id
    return None


def queue(
    *,
    stem: str,
    subject: str,
    text: str,
    html: str | None,
    to: Sequence[str],
    about: Iterable[tuple[models.Model, str]] = (),
    on_sent: str = "",
    by: Any = None,
) -> OutgoingEmail:
    """Put a message in the outbox (in the caller's transaction) and have it sent after the commit."""
    if on_sent:
        import_string(on_sent)  # a wrong path fails now, in the change, not later in a worker
    now = timezone.now()
    message = OutgoingEmail.objects.create(
        created_at=now,
        modified_at=now,
        next_attempt_at=now,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        partnership_id=_partnership_of(to),
        stem=stem,
        subject=subject[:300],
        text=text,
        html=html or "",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        about=_about(about),
        on_sent=on_sent,
    )
    transaction.on_commit(lambda: send_email.enqueue(str(message.pk)))
    return message


def _claim(message_id: Any, now: Any) -> bool:
    """Mark the message as being sent, if it is still waiting and due: True for the one who did."""
    return (
        OutgoingEmail.objects.filter(pk=message_id, status=EmailStatus.QUEUED, next_attempt_at__lte=now).update(
            status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, modified_at=now
        )
        == 1
    )


def deliver(message_id: Any) -> str:
    """Send one message if it is due and nobody else is sending it. Returns what happened."""
    if not _claim(message_id, timezone.now()):
        return "not due"
    message = OutgoingEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(message.subject, message.text, message.from_email, message.to)
    if message.html:
        email.attach_alternative(message.html, "text/html")
    try:
        email.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - whatever the mail server or network did, keep the message
        _failed(message, error)
        return "failed"
    _sent(message)
    return "sent"


def _failed(message: OutgoingEmail, error: Exception) -> None:
    now = timezone.now()
    gave_up = message.attempts >= settings.CEPATHWAY_MAIL_MAX_ATTEMPTS
    OutgoingEmail.objects.filter(pk=message.pk).update(
        status=EmailStatus.FAILED if gave_up else EmailStatus.QUEUED,
        next_attempt_at=now + backoff(message.attempts),
        last_error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
        claimed_at=None,
        modified_at=now,
    )


@transaction.atomic
def _sent(message: OutgoingEmail) -> None:
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=message.pk).update(
        status=EmailStatus.SENT, sent_at=now, last_error="", claimed_at=None, modified_at=now
    )
    message.status, message.sent_at = EmailStatus.SENT, now
    for record, detail in records_about(message):
        audit.sent(None, record, detail=detail, channel="task")
    if message.on_sent:
        import_string(message.on_sent)(message)


def records_about(message: OutgoingEmail) -> list[tuple[models.Model, str]]:
    """The records the message is about (those still there), with what their audit entry says."""
    found = []
    for entry in message.about:
        model = apps.get_model(entry["model"])
        record = model._base_manager.filter(pk=entry["pk"]).first()
        if record is not None:
            found.append((record, entry["detail"]))
    return found


def release_stale_claims(now: Any = None) -> int:
    """Messages a worker began to send and never finished (it died): waiting again."""
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=EmailStatus.QUEUED, claimed_at=None, next_attempt_at=now, modified_at=now
    )


def due(now: Any = None) -> models.QuerySet[OutgoingEmail]:
    now = now or timezone.now()
    return OutgoingEmail.objects.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=now).order_by("next_attempt_at")


def send_due(limit: int = 500) -> dict[str, int]:
    """Send what is waiting and due, oldest first; how many were sent and failed."""
    release_stale_claims()
    counts = {"sent": 0, "failed": 0}
    for message_id in due().values_list("pk", flat=True)[:limit]:
        outcome = deliver(message_id)
        if outcome in counts:
            counts[outcome] += 1
    return counts


def try_again(message: OutgoingEmail, *, by: Any) -> None:
    """An administrator asks for a failed or waiting message to be tried now."""
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=message.pk, status__in=[EmailStatus.QUEUED, EmailStatus.FAILED]).update(
        status=EmailStatus.QUEUED, next_attempt_at=now, modified_at=now
    )
    audit.changed(by, message, fields=["status"], detail="asked for the email to be tried again")
    transaction.on_commit(lambda: send_email.enqueue(str(message.pk)))


def needing_attention() -> models.QuerySet[OutgoingEmail]:
    """Messages an administrator should know about: given up, or failed at least once and waiting."""
    return OutgoingEmail.objects.filter(
        Q(status=EmailStatus.FAILED) | Q(status=EmailStatus.QUEUED, attempts__gt=0)
    ).order_by("-modified_at")


def oldest_waiting_task() -> Any:
    """When the oldest task due in the database queue was enqueued (None: none waits, or no such queue)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    return DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()


@task()
def send_email(message_id: str) -> str:
    return deliver(message_id)


@task()
def send_due_emails() -> dict[str, int]:
    return send_due()
