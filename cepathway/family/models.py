"""The family's voice without an account (single-use views links); the guide for parents and carers
and the family letters read the meeting and the policy and keep no records of their own.

A views link is issued by the child's social worker or lead professional for one person (a parent
or carer, or the child) and one meeting. Only a hash of its token is stored: the link itself is
shown once, to the person who issued it. It works once, until the policy's number of days have
passed or the meeting starts, whichever is sooner, and can be withdrawn.
"""

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core.models import TrackedModel
from cepathway.meetings.models import ChildRecordQuerySet, Meeting, MeetingState, VoiceOf, VoiceRecord

TOKEN_BYTES = 32  # 256 bits from the operating system's random source: never guessed


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


class ViewsLinkState(models.TextChoices):
    WAITING = "waiting", "Not used yet"
    USED = "used", "Views sent"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ViewsLinkQuerySet(ChildRecordQuerySet):
    def usable(self, now: datetime | None = None) -> "ViewsLinkQuerySet":
        """Links that may still be used: waiting, neither expired nor past the meeting's start, and the
        meeting still scheduled (not cancelled, not held)."""
        now = now or timezone.now()
        return self.filter(
            state=ViewsLinkState.WAITING,
            expires_at__gt=now,
            meeting__scheduled_for__gt=now,
            meeting__state=MeetingState.SCHEDULED,
        )


class ViewsLink(TrackedModel):
    """A single-use link for one person to send their views to one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="views_links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    voice_of = models.CharField("Who the link is for", max_length=20, choices=VoiceOf.choices)
    first_name = models.CharField(
        "Their first name", max_length=100, help_text="The only thing about them the link's page shows."
    )
    relationship = models.CharField(
        "Relationship to the child", max_length=100, blank=True, help_text="For a parent or carer, e.g. mother."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=ViewsLinkState.choices, default=ViewsLinkState.WAITING)
    used_at = models.DateTimeField(null=True, blank=True)
    views = models.OneToOneField(
        VoiceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="views_link"
    )

    objects = ViewsLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=ViewsLinkState.USED) | Q(used_at__isnull=False, views__isnull=False),
                name="views_link_used_has_views",
            )
        ]

    def __str__(self) -> str:
        return f"Views link for {self.get_voice_of_display().lower()} ({self.first_name})"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(TOKEN_BYTES)

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.state == ViewsLinkState.WAITING
            and self.expires_at > now
            and self.meeting.scheduled_for > now
            and self.meeting.state == MeetingState.SCHEDULED
        )
