"""The "Notifications" panel on My work: the person's latest notifications, unread first and
marked new; showing them marks them read, so the next visit shows them as read."""

from django.http import HttpRequest

from cepathway.core import audit
from cepathway.core.work import Panel

from .models import Notification
from .services import latest_for, mark_read

SHOWN = 10
TEMPLATE = "notifications/panel.html"


def notifications_panel(request: HttpRequest) -> Panel | None:
    """None for someone who has never been notified of anything."""
    shown = list(latest_for(request.user)[:SHOWN])
    if not shown:
        return None
    audit.listed(request.user, Notification, detail="notifications on my work")
    mark_read(request.user, shown)
    return Panel("Notifications", TEMPLATE, {"notifications": shown}, order=5)
