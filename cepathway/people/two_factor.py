"""Two-factor authentication: a code from an authenticator app (TOTP, django-otp) after the password,
or one of ten single-use recovery codes.

- **Who must**: the roles in REQUIRED_FOR_ROLES, those that see records across the partnership, while
  settings.CEPATHWAY_TWO_FACTOR_REQUIRED is on (production; off in the demo). Anyone may turn it on.
- **Signing in**: a person with an app set up is not signed in by their password alone. The sign-in page
  holds them (`hold`) and the code page signs them in (`sign_in_with_code`). A wrong code counts towards
  the sign-in lock like a wrong password (django-axes), and each device throttles its own guesses.
- **Deny by default**: the middleware `TwoFactorRequired` confines a session whose person must set up
  two-factor to the set-up page, and sends a session without its second factor to the code page.
  What each session has shown is kept in it (STATE) from the moment it signs in, so an ordinary page
  costs no query.
"""

from collections.abc import Callable
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cepathway.core import audit

from . import clock, sessions
from .models import Role, User

# Roles that see records across their partnership: every child (PARTNERSHIP_WIDE_ROLES), the
# intelligence registers (cepathway.intelligence.models.REGISTER_ROLES and HANDLER_ROLES), the Level 2
# agenda, or the audit log. tests/people/test_two_factor.py checks this covers those sets.
REQUIRED_FOR_ROLES = frozenset(
    {
        Role.CERAR_LEAD,
        Role.TEAM_MANAGER,
        Role.HUB_PRACTITIONER,
        Role.ADMINISTRATOR,
        Role.INTELLIGENCE_OFFICER,
        Role.POLICE_OFFICER,
        Role.LEVEL2_MEMBER,
        Role.AUDITOR,
    }
)
RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

# What a session has shown, kept in it from sign-in.
STATE = "people.two_factor"
VERIFIED = "verified"  # signed in with a second factor, or set one up in this session
ONE_FACTOR = "one-factor"  # no second factor set up when the person signed in
CODE_NEEDED = "code"  # signed in without the second factor the person has (never by the sign-in page)
# A person whose password was right, waiting to give their code; how long they may take.
PENDING = "people.two_factor.pending"
PENDING_SECONDS = 5 * 60
# Recovery codes may be downloaded for this long after they are shown.
CODES_SHOWN_AT = "people.two_factor.codes_shown_at"
DOWNLOAD_SECONDS = 10 * 60


def is_required(user: Any) -> bool:
    return bool(settings.CEPATHWAY_TWO_FACTOR_REQUIRED) and getattr(user, "role", None) in REQUIRED_FOR_ROLES


def app_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_second_factor_subquery() -> Exists:
    """For annotating a list of people (the administrator's accounts)."""
    return Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Setting up, recovery codes, turning off ---------------------------------------------------------


def new_app_device(user: User) -> TOTPDevice:
    """The authenticator app being set up: the same key until it is confirmed, so a reload of the page
    does not change the QR code the person has just scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def key_text(device: TOTPDevice) -> str:
    """The key in groups of four, for typing into an app by hand."""
    key = device.config_url.split("secret=")[1].split("&")[0]
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code(device: TOTPDevice, title: str) -> SafeString:
    """The key's QR code as inline SVG: drawn here, never fetched from anywhere."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title=title, border=4, dark="#0b0c0c")
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno's own SVG markup


def turn_on(request: HttpRequest, user: User, device: TOTPDevice) -> list[str]:
    """The app is confirmed: it becomes the person's second factor, with new recovery codes (returned,
    to be shown once). This session counts as signed in with it; every other session of the person ends."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _replace_recovery_codes(user)
        audit.changed(
            user,
            user,
            fields=["two_factor"],
            detail=f"set up two-factor authentication (an authenticator app and {len(codes)} recovery codes)",
        )
        sessions.end_every_session(user, by=user, why="two-factor authentication set up: every other session ended")
    mark_verified(request, device)
    request.session[sessions.SIGNED_IN_AT] = clock.seconds()  # this session carries on
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        audit.changed(
            user, user, fields=["recovery_codes"], detail="made new recovery codes; the old ones stopped working"
        )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_all(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def turn_off(request: HttpRequest, user: User) -> None:
    """The person turns two-factor off for themselves (never when their role requires it)."""
    with transaction.atomic():
        remove_all(user)
        audit.changed(user, user, fields=["two_factor"], detail="turned off two-factor authentication")
    request.session[STATE] = ONE_FACTOR


def reset(person: User, *, by: User) -> None:
    """An administrator's reset, when someone has lost their phone and their codes: their app and codes
    are removed and their sessions end. Next time they sign in with their password alone, and a role that
    requires two-factor sets it up again before anything else."""
    with transaction.atomic():
        remove_all(person)
        sessions.end_every_session(person, by=by, why="two-factor reset: every session ended")
        audit.changed(
            by,
            person,
            fields=["two_factor"],
            detail=f"reset the two-factor authentication of {person.username}: app and recovery codes removed",
        )


# --- Signing in -------------------------------------------------------------------------------------


def hold(request: HttpRequest, user: User, next_url: str) -> None:
    """The password was right and the person has a second factor: wait for it."""
    request.session[PENDING] = {
        "user": str(user.pk),
        "backend": getattr(user, "backend", ""),
        "at": clock.seconds(),
        "next": next_url,
    }


def held(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    """The person waiting to give their code, if they still may; None when no one is, or they took too long."""
    pending = request.session.get(PENDING)
    if not pending or clock.seconds() - float(pending["at"]) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, {}
    user = User.objects.filter(pk=pending["user"], is_active=True).select_related("agency").first()
    return user, pending


def check_code(user: User, code: str) -> tuple[Any, str] | None:
    """The device the code is right for, and how it was given; None when it is not right (or the device
    is throttling after wrong codes). A used recovery code is gone."""
    typed = "".join(code.split()).replace("-", "").lower()
    if typed.isdigit() and len(typed) == 6:  # recovery codes are 8 characters, so never taken for one
        device = app_device(user)
        if device is not None and device.verify_token(typed):
            return device, "a code from an authenticator app"
        return None
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and typed and recovery.verify_token(typed):
        return recovery, "a recovery code"
    return None


def mark_verified(request: HttpRequest, device: Any) -> None:
    request.session[STATE] = VERIFIED
    django_otp.login(request, device)


@receiver(user_logged_in)
def note_second_factor(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Every sign-in (the sign-in page, the code page, a test's force_login) says what the session has
    shown, once, so that pages need not ask the database."""
    session = getattr(request, "session", None)
    if session is None:
        return
    device = getattr(request, "two_factor_device", None)
    if device is not None:
        session[STATE] = VERIFIED
        session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    else:
        session[STATE] = CODE_NEEDED if has_second_factor(user) else ONE_FACTOR


# --- Deny by default --------------------------------------------------------------------------------

# Where a session may go before it has its second factor.
OPEN_BEFORE_CODE = frozenset({"login", "logout", "two-factor-code", "session-keep-alive"})
OPEN_BEFORE_SET_UP = OPEN_BEFORE_CODE | {"two-factor-setup", "two-factor", "two-factor-recovery-codes-download"}


class TwoFactorRequired:
    """Below SessionLimits (a password that must be changed comes first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        state = request.session.get(STATE)
        if state is None:  # signed in before two-factor came: find out once
            state = request.session[STATE] = CODE_NEEDED if has_second_factor(user) else ONE_FACTOR
        if state == VERIFIED:
            return self.get_response(request)
        name = sessions._url_name(request)
        if user.must_change_password and name == "password-change":
            return self.get_response(request)
        if state == CODE_NEEDED and name not in OPEN_BEFORE_CODE:
            return self.ask_for_code(request, user)
        if state == ONE_FACTOR and is_required(user) and name not in OPEN_BEFORE_SET_UP:
            return self.set_up_first(request)
        return self.get_response(request)

    def ask_for_code(self, request: HttpRequest, user: User) -> HttpResponse:
        # A session that never gave the code: it signs in again, through the code page.
        text = "Enter the code from your authenticator app to carry on."
        if sessions._wants_json(request):
            return JsonResponse({"detail": text, "errors": {}}, status=401)
        next_url = request.get_full_path() if request.method == "GET" else reverse(settings.LOGIN_REDIRECT_URL)
        user.backend = request.session.get("_auth_user_backend", "")  # type: ignore[attr-defined]
        request.session.flush()
        hold(request, user, next_url)
        return redirect("two-factor-code")

    def set_up_first(self, request: HttpRequest) -> HttpResponse:
        text = "Your role needs two-factor authentication. Set it up before you carry on."
        if sessions._wants_json(request):
            return JsonResponse({"detail": text, "errors": {}}, status=403)
        messages.warning(request, text)
        return redirect("two-factor-setup")
