"""The family's pages, reached through a single-use link with no account (`/family/views/<token>/`).

What they show: "Hello" and the first name the link was made for, the meeting's date, what the
meeting is in plain words, and the form (a child's version or a parent's or carer's). Nothing else
about the child or the meeting: no child's name, no place, no professional's name.

A link that was used, withdrawn, has expired, whose meeting has started, or that never existed
gets one identical page (404) saying whom to ask instead, so an answer never tells a guesser that a
token was real. Each client address may try a limited number of times an hour (django-ratelimit;
`CEPATHWAY_FAMILY_VIEWS_RATE`, 30 an hour by default); beyond it a clear 429 page. Every answer is
`Cache-Control: no-store`, `Referrer-Policy: no-referrer` and `X-Robots-Tag: noindex`, and the
token is taken out of the request's path before anything is audited, so it is never in the log.

The form is exempt from Django's CSRF check, on purpose. With `no-referrer` a browser sends
`Origin: null` on the form's POST, which the check refuses; and the check guards what a signed-in
person's cookies let a page do, while here nothing rests on a cookie: what lets a post through is
the token in the address, which another site cannot know. So these pages set no cookie at all.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from cepathway.core import audit
from cepathway.meetings.models import VoiceOf

from ..models import ViewsLink
from . import services
from .forms import WORRY_CHOICES, views_form_for

RATE = "30/h"
GROUP = "family:views"
HIDDEN = "[link]"  # what stands for the token in a path kept anywhere (the audit log)


def rate(group: str, request: HttpRequest) -> str:
    return str(getattr(settings, "CEPATHWAY_FAMILY_VIEWS_RATE", RATE))


def client_key(group: str, request: HttpRequest) -> str:
    return audit.client_address(request) or "unknown"


def throttled(request: HttpRequest) -> bool:
    return is_ratelimited(request, group=GROUP, key=client_key, rate=rate, increment=True)


def private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # Cache-Control: no-store (and max-age=0, no-cache, must-revalidate, private)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def family_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Public, throttled per client address, never cached, never sent on as a referrer."""

    @login_not_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = kwargs.get("token")
        if token:
            request.path = request.path.replace(token, HIDDEN)
            request.path_info = request.path_info.replace(token, HIDDEN)
        if throttled(request):
            return private(render(request, "family/voice/throttled.html", status=429))
        return private(view(request, *args, **kwargs))

    return wrapped


def refused(request: HttpRequest) -> HttpResponse:
    """The one page for a link that may not be used, whatever the reason (or none)."""
    return render(request, "family/voice/refused.html", status=404)


def _audit_refusal(token: str) -> None:
    """A real link tried again (used, withdrawn, expired): worth knowing about. A guess is not logged."""
    link = services.known_but_unusable(token)
    if link is not None:
        audit.denied(None, ViewsLink, link.pk, detail=f"views link no longer usable ({link.get_state_display()})")


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
@family_page
def send_views(request: HttpRequest, token: str) -> HttpResponse:
    link = services.find_usable(token)
    if link is None:
        _audit_refusal(token)
        return refused(request)
    form = views_form_for(link, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.receive(link, form.views())
        except services.LinkUnusable:
            return refused(request)
        return redirect("family:views-thanks")
    meeting_day = timezone.localtime(link.meeting.scheduled_for).date()
    expires = timezone.localtime(link.expires_at)
    context = {
        "form": form,
        "first_name": link.first_name,
        "meeting_day": meeting_day,
        "expires": expires if expires.date() < meeting_day else None,
        "child": link.voice_of == VoiceOf.CHILD,
        "worry_choices": WORRY_CHOICES,
    }
    template = "family/voice/send_child.html" if link.voice_of == VoiceOf.CHILD else "family/voice/send_adult.html"
    return render(request, template, context)


@login_not_required
@require_GET
@family_page
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "family/voice/thanks.html")
