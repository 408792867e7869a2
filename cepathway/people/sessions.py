"""How long a signed-in session lasts, and how it ends.

- **Idle limit**: after settings.CEPATHWAY_IDLE_MINUTES without a request the person is signed out. Pages
  carry the limit (`request.session_limits`, read by ui/base.html) and a script warns
  settings.CEPATHWAY_IDLE_WARNING_SECONDS before, offering to stay signed in (`keep_alive`).
- **Absolute limit**: settings.SESSION_COOKIE_AGE after signing in, whatever the person does meanwhile.
- **Sign out everywhere**: every session signed in before the person's `sessions_valid_from` is over.
- **A password that must be changed** (after an administrator's reset): every page but the change-password
  page sends the person there.

The session keeps when the person signed in and when they were last seen, by the wall clock
(cepathway.people.clock), "last seen" written at most once every SEEN_EVERY seconds so that a page is not
a session write. A session signed out here is audited as signed out, with the reason.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from cepathway.core import audit
from cepathway.core.models import AuditAction

from . import clock
from .models import User

SIGNED_IN_AT = "people.signed_in_at"
LAST_SEEN = "people.last_seen"
SEEN_EVERY = 60

# Where a person who must change their password may still go.
OPEN_WHILE_PASSWORD_MUST_CHANGE = frozenset({"password-change", "logout", "session-keep-alive", "login"})


def idle_seconds() -> float:
    return float(settings.CEPATHWAY_IDLE_MINUTES) * 60


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes == 0:
        return "less than a minute"
    if minutes >= 120 and minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@receiver(user_logged_in)
def stamp_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        now = clock.seconds()
        session[SIGNED_IN_AT] = now
        session[LAST_SEEN] = now


def seen(request: HttpRequest) -> None:
    """The person is here now (the keep-alive)."""
    request.session[LAST_SEEN] = clock.seconds()


def why_over(request: HttpRequest, user: User) -> str | None:
    """Why this session is over, in the words the person is told; None while it is not."""
    session = request.session
    now = clock.seconds()
    if SIGNED_IN_AT not in session:
        # Signed in before these limits were kept: they start now.
        session[SIGNED_IN_AT] = session[LAST_SEEN] = now
        return None
    signed_in_at = float(session[SIGNED_IN_AT])
    if user.sessions_valid_from is not None and signed_in_at < user.sessions_valid_from.timestamp():
        return "You were signed out because every session of your account was ended (signed out everywhere)."
    if now - signed_in_at > settings.SESSION_COOKIE_AGE:
        return f"You were signed out because you signed in more than {_minutes(settings.SESSION_COOKIE_AGE)} ago."
    if now - float(session.get(LAST_SEEN, signed_in_at)) > idle_seconds():
        return f"You were signed out after {_minutes(idle_seconds())} without activity."
    return None


def _wants_json(request: HttpRequest) -> bool:
    """A script (the warning's keep-alive, a type-ahead, the API), not a page: it gets JSON."""
    accept = request.headers.get("Accept", "")
    return "application/json" in accept or (request.path.startswith("/api/") and "text/html" not in accept)


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class SessionLimits:
    """Ends a session past its limits and holds a person who must change their password at that page.
    Below AuthenticationMiddleware and MessageMiddleware (it tells the person why, on the sign-in page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        reason = why_over(request, user)
        if reason is not None:
            return self.sign_out(request, user, reason)
        if user.must_change_password and _url_name(request) not in OPEN_WHILE_PASSWORD_MUST_CHANGE:
            return self.change_password_first(request)
        now = clock.seconds()
        last_seen = float(request.session.get(LAST_SEEN, 0))
        if now - last_seen >= SEEN_EVERY:
            request.session[LAST_SEEN] = last_seen = now
        # What the page's warning (frontend/js/session_timeout.js) counts down from.
        request.session_limits = {  # type: ignore[attr-defined]
            "idle_seconds": int(idle_seconds()),
            "idle_seconds_left": max(0, int(idle_seconds() - (now - last_seen))),
            "absolute_seconds_left": max(
                0, int(settings.SESSION_COOKIE_AGE - (now - float(request.session[SIGNED_IN_AT])))
            ),
            "warning_seconds": min(int(settings.CEPATHWAY_IDLE_WARNING_SECONDS), int(idle_seconds())),
        }
        return self.get_response(request)

    def sign_out(self, request: HttpRequest, user: User, reason: str) -> HttpResponse:
        # Not django's logout(): the sign-in audit's receiver of its signal (sign_in.py) would write a
        # second "signed out" without the reason. This is the one entry, with it.
        audit.write(AuditAction.SIGNED_OUT, user, user=user, detail=f"signed out automatically: {reason}")
        request.session.flush()
        request.user = AnonymousUser()
        if _wants_json(request):
            return JsonResponse({"detail": reason + " Sign in again.", "errors": {}}, status=401)
        messages.warning(request, reason + " Sign in again to carry on.")
        if _url_name(request) == "login":  # where the warning's script goes when the time has passed
            return redirect(request.get_full_path())
        return redirect_to_login(request.get_full_path() if request.method == "GET" else request.path)

    def change_password_first(self, request: HttpRequest) -> HttpResponse:
        text = "An administrator reset your password: choose your own password before you carry on."
        if _wants_json(request):
            return JsonResponse({"detail": text, "errors": {}}, status=403)
        messages.warning(request, text)
        return redirect("password-change")


def end_every_session(user: User, *, by: User, why: str) -> None:
    """Every session of `user` signed in until now is over at its next request (this one too, when
    `by` is signed in as `user`)."""
    user.sessions_valid_from = clock.now()
    user.save(update_fields=["sessions_valid_from"])
    audit.write(AuditAction.CHANGED, user, user=by, fields=["sessions"], detail=why)


def sign_out_here(request: HttpRequest) -> None:
    """Django's own sign-out of this session (audited as signed out by sign_in.py)."""
    logout(request)
