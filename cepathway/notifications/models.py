"""A short note to one person that something they are part of changed: their meeting moved, was
cancelled or has a new chair, their invitation was withdrawn, an action is now theirs. Shown on
their My work page beside the email, and marked read once shown."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Value, When

from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet


class NotificationKind(models.TextChoices):
    MEETING_MOVED = "meeting_moved", "Meeting moved"
    MEETING_CANCELLED = "meeting_cancelled", "Meeting cancelled"
    CHAIR_CHANGED = "chair_changed", "Chair changed"
    INVITATION_WITHDRAWN = "invitation_withdrawn", "Invitation withdrawn"
    NEW_ACTION = "new_action", "New action"
    PANEL_CHANGED = "panel_changed", "Level 2 panel changed"
    NEW_ALERT = "new_alert", "New alert"


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    def visible_to(self, user: Any) -> "NotificationQuerySet":
        """Only ever the person's own notifications."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def unread_first(self) -> "NotificationQuerySet":
        """Unread before read, each newest first."""
        unread = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
        return self.order_by(unread, "-created_at")


class Notification(TrackedModel):
    """One notification for one person. `created_by` is the person whose change it tells of."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    message = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True, help_text="The address of the record, within the service.")
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"]),
            models.Index(fields=["recipient", "created_at", "id"], name="notification_recipient_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}"

    @property
    def is_new(self) -> bool:
        return self.read_at is None
