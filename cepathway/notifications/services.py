"""Telling one person what changed: a notification on their My work page and, where the change
asks for one, an email. Never the person who made the change about their own change.

The caller decides who to tell and writes the message; it must say no more than the recipient
may already see (the child by initials, as the invitation email does; the rest behind sign-in).
The notification is stored in the caller's transaction and the email is sent once it commits, so
a change rolled back tells nobody.
"""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from cepathway.core import mail

from .models import Notification, NotificationQuerySet


def notify(
    recipient: Any,
    kind: str,
    message: str,
    link: str,
    *,
    email_stem: str | None = None,
    email_context: dict[str, Any] | None = None,
    by: Any = None,
) -> Notification | None:
    """Store a notification for `recipient` (and email them from `email_stem` templates).

    None, and nothing stored or sent, when `recipient` is the person acting (`by`) or has no active
    account. `link` is a path within the service ("/meetings/<id>/"), or "" when there is no record
    the recipient may still open. The email's context has `recipient`, `message` and `link` (the
    full address) besides `email_context`.
    """
    if recipient is None or not recipient.is_active:
        return None
    if by is not None and getattr(by, "pk", None) == recipient.pk:
        return None
    notification = Notification(recipient=recipient, kind=kind, message=message[:500], link=link)
    notification.save_tracked(by)
    if email_stem:
        context = {
            "recipient": recipient,
            "message": message,
            "link": mail.base_url() + link if link else mail.base_url() + "/",
            **(email_context or {}),
        }
        mail.send(email_stem, context, [recipient.email])
    return notification


def unread_for(user: Any) -> NotificationQuerySet:
    """The person's notifications not yet shown to them, newest first."""
    return Notification.objects.visible_to(user).unread().order_by("-created_at")


def latest_for(user: Any) -> NotificationQuerySet:
    """The person's notifications, unread first, then newest first."""
    return Notification.objects.visible_to(user).unread_first()


def mark_read(user: Any, notifications: Iterable[Notification]) -> int:
    """Mark these of the person's own notifications read (others' are left alone); how many were."""
    ids = [notification.pk for notification in notifications]
    if not ids:
        return 0
    rows = Notification.objects.visible_to(user).unread().filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
