"""The base every pathway record stands on, and the append-only audit log."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone


class StaleRecordError(Exception):
    """Somebody else saved this record since it was loaded: nothing was written."""

    def __init__(self, record: "TrackedModel") -> None:
        super().__init__(f"{record._meta.verbose_name} was changed by someone else since you opened it.")
        self.record = record

    def saved_version(self) -> int | None:
        """The version now saved (the other person's), for a form to carry on from."""
        rows = type(self.record)._base_manager.filter(pk=self.record.pk)
        return rows.values_list("version", flat=True).first()


class TrackedModel(models.Model):
    """UUID identity, who created and last changed the record and when, and an edit version.

    `save_tracked(user)` stamps the author. `save_versioned(user, expected_version)` refuses to
    overwrite a newer save: the second of two people editing the same record is told, and nothing
    of either edit is lost.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    modified_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def stamp(self, user: Any) -> None:
        now = timezone.now()
        author = user if getattr(user, "is_authenticated", False) else None
        if self._state.adding:
            self.created_at = now
            self.created_by = author
        self.modified_at = now
        self.modified_by = author

    def save_tracked(self, user: Any, **kwargs: Any) -> None:
        self.stamp(user)
        if not self._state.adding:
            self.version += 1
        self.save(**kwargs)

    def save_versioned(self, user: Any, expected_version: int) -> None:
        """Save only if nobody saved since `expected_version` was read; else StaleRecordError."""
        if self._state.adding:
            self.save_tracked(user)
            return
        self.stamp(user)
        values = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if not field.primary_key and field.attname not in {"version", "created_at", "created_by_id"}
        }
        updated = (
            type(self)
            ._base_manager.filter(pk=self.pk, version=expected_version)
            .update(version=expected_version + 1, **values)
        )
        if updated != 1:
            raise StaleRecordError(self)
        self.version = expected_version + 1


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    LISTED = "listed", "Listed"
    SEARCHED = "searched", "Searched"
    # A copy that leaves the service as a file (a PDF letter, the log as CSV): kept apart from views so
    # an auditor can ask what was taken away.
    DOWNLOADED = "downloaded", "Downloaded"
    DENIED = "denied", "Access refused"
    SENT = "sent", "Notification sent"
    REMOVED = "removed", "Removed"
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Sign-in locked"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One line of the append-only audit log: who did what to which record, when, from where.

    Written only through cepathway.core.audit. Rows are never updated or deleted; on PostgreSQL a
    trigger refuses it too (migration 0002).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=40, blank=True)
    agency = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, default="web")  # web, api, task, command
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    record_type = models.CharField(max_length=100)
    record_id = models.CharField(max_length=64, blank=True)
    child_id = models.UUIDField(null=True, blank=True, db_index=True)
    # Whose log the entry is in (the auditor's search reads its own partnership's only): the acting
    # person's partnership at that moment, or, for a task, a command or someone in no agency, the
    # partnership of the child the entry is about; empty when it is about neither (see audit.py).
    # No database constraint: partnerships are never deleted, and a check per row would cost every
    # insert and the filling of millions of existing rows (migration 0006) for nothing.
    partnership = models.ForeignKey(
        "people.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    fields = models.JSONField(default=list, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # The hash chain (cepathway/core/audit_chain.py): which chain, the entry's number in it, the hash of
    # the entry before and its own. Empty for entries written before chaining began (migration 0008).
    # The database's own default too: the world generator inserts entries with SQL (unchained, "").
    chain = models.CharField(max_length=60, blank=True, default="", db_default="")
    sequence = models.BigIntegerField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True, default="", db_default="")
    hash = models.CharField(max_length=64, blank=True, default="", db_default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["record_type", "record_id"]),
            # The auditor's search by person: `username__iexact` (Django emits UPPER()) within their
            # own partnership, newest first. Without the partnership PostgreSQL also read the
            # partnership's index to intersect the two (issue 8: 8 ms of 16 at national size).
            models.Index(F("partnership"), Upper("username"), F("at").desc(), name="audit_partnership_username_at"),
            # The auditor's search by date: one partnership's entries, newest first, without reading
            # every other partnership's entries of the same days (issue 8).
            models.Index(fields=["partnership", "-at"], name="audit_partnership_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "sequence"], condition=~Q(chain=""), name="audit_one_entry_per_place_in_its_chain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.record_type} {self.record_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditChain(models.Model):
    """The head of one chain of the audit log: how many entries it holds and the newest one's hash."""

    key = models.CharField(max_length=60, primary_key=True)
    length = models.BigIntegerField(default=0)
    head = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.key}: {self.length} entries"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent: gave up"


class OutgoingEmail(models.Model):
    """One email in the outbox (cepathway/core/outbox.py): written in the same transaction as the
    change it tells someone about, sent by a worker afterwards, tried again with backoff when the mail
    server fails. What it is about is audited as sent, and recorded as sent, only once it was."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    modified_at = models.DateTimeField(default=timezone.now)
    # Whose administrators see it fail (the recipients' partnership); empty for a message to no account.
    partnership = models.ForeignKey(
        "people.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stem = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    # The records the message is about, each audited as sent once it is: [{"model", "pk", "detail"}].
    about = models.JSONField(default=list, blank=True)
    # A function (dotted path) called with the message once it is sent, to record that on the record.
    on_sent = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["partnership", "status", "-created_at"], name="outbox_by_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {', '.join(self.to)} ({self.get_status_display()})"


class ScheduledRun(models.Model):
    """One run of a scheduled job, claimed by the scheduler that enqueued it. The unique pair means
    two schedulers running at once enqueue each run once (cepathway/core/schedule.py)."""

    job = models.CharField(max_length=60)
    slot = models.CharField(max_length=20)  # "2026-12-04" for a daily job, "2026-12-04T09:05" for a frequent one
    claimed_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=100)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
