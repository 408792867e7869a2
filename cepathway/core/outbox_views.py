"""Outgoing email, for the partnership's administrators: what could not be sent, and trying again."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import audit, outbox
from .models import OutgoingEmail
from .permissions import require
from .work import Panel

SHOWN = 200


def _own(request: HttpRequest) -> Any:
    """The outbox's messages to the administrator's own partnership's people."""
    partnership_id = getattr(request.user, "partnership_id", None)
    if partnership_id is None:
        return OutgoingEmail.objects.none()
    return OutgoingEmail.objects.filter(partnership_id=partnership_id)


def outgoing_email(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.manage_outbox")
    attention = list(outbox.needing_attention().filter(pk__in=_own(request).values("pk"))[:SHOWN])
    audit.listed(request.user, OutgoingEmail, detail="outgoing email needing attention")
    return render(request, "core/outgoing_email.html", {"messages_shown": attention, "shown": SHOWN})


@require_POST
def try_again(request: HttpRequest, message_id: Any) -> HttpResponse:
    require(request.user, "core.manage_outbox")
    message = _own(request).filter(pk=message_id).first()
    if message is None:
        raise Http404("No such email")
    outbox.try_again(message, by=request.user)
    messages.success(request, f"“{message.subject}” will be tried again now.")
    return redirect(reverse("outgoing-email"))


def failures_panel(request: HttpRequest) -> Panel | None:
    """My work: the administrator is told when email to their partnership could not be sent."""
    if not request.user.has_perm("core.manage_outbox"):
        return None
    failed = outbox.needing_attention().filter(pk__in=_own(request).values("pk")).count()
    if not failed:
        return None
    return Panel("Email not sent", "core/panels/email_not_sent.html", {"count": failed}, order=5)
