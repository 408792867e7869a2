"""A person's own account ("Your account"): who they are, their password, their API tokens, signing out
everywhere; and the partnership administrator's reset of a colleague's password."""

import secrets
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from cepathway.core import audit
from cepathway.core.permissions import require

from . import clock, sessions, two_factor
from .forms import ChangePasswordForm, TokenNameForm
from .models import ApiToken, TokenLimitReached, User
from .types import AuthedRequest

TOO_MANY_IN_USE = (
    "You already have {limit} API tokens in use, the most you may have. "
    "Revoke one you no longer need before you create another."
)


@require_GET
def account(request: AuthedRequest) -> HttpResponse:
    """Who the person is, how long their session lasts, and what they can do with their account."""
    user = request.user
    signed_in_at = request.session.get(sessions.SIGNED_IN_AT)
    return render(
        request,
        "people/account.html",
        {
            "person": user,
            "signed_in_at": datetime.fromtimestamp(float(signed_in_at), tz=UTC) if signed_in_at else None,
            "idle_minutes": round(sessions.idle_seconds() / 60),
            "absolute_hours": round(settings.SESSION_COOKIE_AGE / 3600),
            "tokens_in_use": ApiToken.objects.filter(user=user).usable().count(),
            "may_reset": user.has_perm("people.reset_password"),
            "two_factor_on": two_factor.has_second_factor(user),
            "two_factor_required": two_factor.is_required(user),
        },
    )


@require_POST
def sign_out_everywhere(request: AuthedRequest) -> HttpResponse:
    """End every session of the person, on every device, this one included (audited)."""
    sessions.end_every_session(request.user, by=request.user, why="signed out everywhere: every session ended")
    sessions.sign_out_here(request)
    messages.success(request, "You are signed out everywhere: on this device and on every other.")
    return redirect("login")


@require_POST
def keep_alive(request: AuthedRequest) -> HttpResponse:
    """ "Stay signed in": the person is here, so the idle limit starts again (the warning's button)."""
    sessions.seen(request)
    return HttpResponse(status=204)


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change in our words. Every other session of the person ends (Django does
    that when the password changes); this one carries on. Audited as a change of the person, never
    with the password."""

    template_name = "people/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            form.user.must_change_password = False
            response = super().form_valid(form)
            audit.changed(self.request.user, form.user, fields=["password"], detail="changed their own password")
        messages.success(self.request, "Your password is changed. You are signed out everywhere else.")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        must_change = getattr(self.request.user, "must_change_password", False)
        return {**super().get_context_data(**kwargs), "must_change": must_change}


def api_tokens(request: AuthedRequest) -> HttpResponse:
    """The person's API tokens: create one with a name (shown once), see when each was last used and
    when it expires, revoke one. At most settings.CEPATHWAY_API_TOKEN_LIMIT in use at once."""
    require(request.user, "people.issue_api_token")
    key = None
    form = TokenNameForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            return _revoke(request, request.POST["revoke"])
        form = TokenNameForm(request.POST)
        if form.is_valid():
            try:
                token, key = ApiToken.issue(request.user, form.cleaned_data["name"], enforce_limit=True)
            except TokenLimitReached:
                form.add_error("name", TOO_MANY_IN_USE.format(limit=settings.CEPATHWAY_API_TOKEN_LIMIT))
            else:
                audit.created(request.user, token, detail=f"API token “{token.name}”")
                form = TokenNameForm()
    tokens = ApiToken.objects.filter(user=request.user).usable().order_by("-created_at")
    return render(
        request,
        "people/api_token.html",
        {
            "key": key,
            "form": form,
            "tokens": tokens,
            "limit": settings.CEPATHWAY_API_TOKEN_LIMIT,
            "days": settings.CEPATHWAY_API_TOKEN_DAYS,
        },
    )


def _revoke(request: AuthedRequest, token_id: str) -> HttpResponse:
    try:
        token = ApiToken.objects.filter(user=request.user).usable().get(pk=token_id)
    except (ApiToken.DoesNotExist, ValidationError, ValueError):
        # Revoked already, expired, someone else's or nonsense: the same answer.
        messages.info(request, "There is no such token in use now: it may have been revoked or expired already.")
        return redirect("api-token")
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit.changed(request.user, token, fields=["revoked_at"], detail=f"revoked API token “{token.name}”")
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api-token")


# --- The administrator's reset --------------------------------------------------------------------

TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from a screen


def temporary_password() -> str:
    groups = ["".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


@require_GET
def accounts(request: AuthedRequest) -> HttpResponse:
    """The partnership administrator's list of the partnership's accounts, to reset a password."""
    require(request.user, "people.reset_password")
    people = (
        User.objects.filter(agency__partnership_id=request.user.partnership_id)
        .select_related("agency")
        .annotate(two_factor_on=two_factor.has_second_factor_subquery())
    )
    audit.listed(request.user, User, detail="the partnership's accounts")
    return render(request, "people/accounts.html", {"people": people})


def colleague_to_reset(request: AuthedRequest, pk: Any) -> User:
    """The administrator's colleague whose password or second factor is being reset: someone of their
    own partnership; anyone else is a 404, and the attempt is audited."""
    require(request.user, "people.reset_password")
    person = User.objects.filter(agency__partnership_id=request.user.partnership_id, pk=pk).first()
    if person is None:
        audit.denied(request.user, User, pk)
        raise Http404
    return person


def reset_password(request: AuthedRequest, pk: Any) -> HttpResponse:
    """Give a person of the administrator's own partnership a temporary password, shown once, which they
    must change when they next sign in. Their sessions end and their API tokens are revoked. Another
    partnership's person is a 404."""
    person = colleague_to_reset(request, pk)
    if person.pk == request.user.pk:
        return redirect("password-change")
    temporary = None
    if request.method == "POST":
        temporary = temporary_password()
        with transaction.atomic():
            person.set_password(temporary)
            person.must_change_password = True
            person.save(update_fields=["password", "must_change_password"])
            sessions.end_every_session(person, by=request.user, why="password reset: every session ended")
            revoked = ApiToken.objects.filter(user=person).usable().update(revoked_at=clock.now())
            audit.changed(
                request.user,
                person,
                fields=["password"],
                detail=f"reset the password of {person.username}: a temporary one, to be changed at the next "
                f"sign-in; {revoked} API token(s) revoked",
            )
    return render(request, "people/reset_password.html", {"person": person, "temporary": temporary})
