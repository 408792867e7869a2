"""The pages of two-factor authentication: the code after the password, Your account's "Two-factor
authentication" (set up, new recovery codes, turn off) and the administrator's reset. The rules are in
two_factor.py."""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cepathway.core import audit

from . import clock, two_factor
from .account import colleague_to_reset
from .forms import ConfirmAppForm, PasswordAgainForm, SecondFactorForm
from .models import User
from .types import AuthedRequest

WRONG_CODE = (
    "The code is not right. Enter the code your app shows now, or a recovery code. "
    "After a wrong code, wait a few seconds before you try again."
)
FEW_CODES_LEFT = 3


class SignIn(auth_views.LoginView):
    """Django's sign-in, except that a person with an authenticator app is not signed in yet: they
    give their code next."""

    template_name = "people/login.html"

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if two_factor.has_second_factor(user):
            two_factor.hold(self.request, user, self.get_success_url())
            return redirect("two-factor-code")
        return super().form_valid(form)


@login_not_required
def code(request: HttpRequest) -> HttpResponse:
    """After the right password: the code from the app, or a recovery code. A wrong one counts towards
    the sign-in lock (django-axes) and is audited as a failed sign-in."""
    user, pending = two_factor.held(request)
    if user is None:
        messages.info(request, "Sign in again: it has been more than 5 minutes since you entered your password.")
        return redirect("login")
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = two_factor.check_code(user, form.cleaned_data["code"])
        if found is None:
            user_login_failed.send(__name__, credentials={**credentials, "second_factor": True}, request=request)
            form.add_error("code", WRONG_CODE)
        else:
            return _signed_in(request, user, pending, *found)
    return render(request, "people/two_factor_code.html", {"form": form})


def _signed_in(request: HttpRequest, user: User, pending: dict[str, Any], device: Any, how: str) -> HttpResponse:
    request.session.pop(two_factor.PENDING, None)
    user.backend = pending["backend"]  # type: ignore[attr-defined]
    request.two_factor_device = device  # type: ignore[attr-defined]
    # The sign-in's audit entry says how (sign_in.signed_in).
    request.two_factor_how = how  # type: ignore[attr-defined]
    login(request, user)
    if how == "a recovery code":
        left = two_factor.recovery_codes_left(user)
        audit.changed(user, user, fields=["recovery_codes"], detail=f"used a recovery code to sign in; {left} left")
        if left <= FEW_CODES_LEFT:
            messages.warning(
                request,
                f"You have {left} recovery codes left. Make new ones on Your account, Two-factor authentication.",
            )
    next_url = pending.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect(next_url)


@require_GET
def overview(request: AuthedRequest) -> HttpResponse:
    """Your account's "Two-factor authentication": on or off, and what the person can do."""
    user = request.user
    return render(
        request,
        "people/two_factor.html",
        {
            "on": two_factor.has_second_factor(user),
            "required": two_factor.is_required(user),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


def setup(request: AuthedRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a code; then the recovery codes, shown once."""
    user = request.user
    if two_factor.has_second_factor(user):
        messages.info(request, "Two-factor authentication is already on for your account.")
        return redirect("two-factor")
    device = two_factor.new_app_device(user)
    form = ConfirmAppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = two_factor.turn_on(request, user, device)
            return _show_codes(request, codes, just_set_up=True)
        form.add_error("code", "The code is not right. Check the key in your app and enter the code it shows now.")
    return render(
        request,
        "people/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code(device, title="QR code of your two-factor key"),
            "key": two_factor.key_text(device),
            "required": two_factor.is_required(user),
        },
    )


@require_POST
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """Ten new recovery codes (the old ones stop working), shown once."""
    if not two_factor.has_second_factor(request.user):
        return redirect("two-factor")
    return _show_codes(request, two_factor.new_recovery_codes(request.user), just_set_up=False)


def _show_codes(request: AuthedRequest, codes: list[str], *, just_set_up: bool) -> HttpResponse:
    request.session[two_factor.CODES_SHOWN_AT] = clock.seconds()
    return render(request, "people/two_factor_codes.html", {"codes": codes, "just_set_up": just_set_up})


@require_GET
def recovery_codes_download(request: AuthedRequest) -> HttpResponse:
    """The recovery codes just shown, as a text file, for a few minutes after they were shown."""
    shown_at = request.session.get(two_factor.CODES_SHOWN_AT)
    if shown_at is None or clock.seconds() - float(shown_at) > two_factor.DOWNLOAD_SECONDS:
        messages.info(request, "Your recovery codes can be downloaded only just after they are shown. Make new ones.")
        return redirect("two-factor")
    codes = two_factor.StaticToken.objects.filter(device__user=request.user).values_list("token", flat=True)
    text = (
        f"{settings.CEPATHWAY_SERVICE_NAME}: recovery codes for {request.user.username}\n"
        "Each code works once, in place of the code from your authenticator app.\n\n" + "\n".join(codes) + "\n"
    )
    audit.downloaded(request.user, request.user, detail=f"recovery codes ({len(codes)}) as a text file")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recovery-codes.txt"'
    return response


def remove(request: AuthedRequest) -> HttpResponse:
    """Turn two-factor off, with the password; refused when the person's role requires it."""
    user = request.user
    if two_factor.is_required(user) or not two_factor.has_second_factor(user):
        return redirect("two-factor")
    form = PasswordAgainForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        two_factor.turn_off(request, user)
        messages.success(request, "Two-factor authentication is off. You sign in with your password alone.")
        return redirect("two-factor")
    return render(request, "people/two_factor_remove.html", {"form": form})


def reset(request: AuthedRequest, pk: Any) -> HttpResponse:
    """The partnership administrator removes a colleague's app and recovery codes (a lost phone). Another
    partnership's person is a 404."""
    person = colleague_to_reset(request, pk)
    if person.pk == request.user.pk:
        return redirect("two-factor")
    done = False
    if request.method == "POST":
        two_factor.reset(person, by=request.user)
        done = True
    return render(
        request,
        "people/two_factor_reset.html",
        {"person": person, "done": done, "on": two_factor.has_second_factor(person)},
    )
