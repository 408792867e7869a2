"""Signing in: every sign-in, sign-out, failed attempt and lockout goes in the audit log, and the
partnership administrator sees and lifts the locks on their partnership's accounts.

Repeated failures lock an account, and separately the address they come from, for
settings.AXES_COOLOFF_TIME (django-axes). A lock by address also stops colleagues behind the same
office address, which is why the administrator can lift it at once.
"""

from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.models import AuditAction

from .models import User

# What the log keeps of a username that was typed: enough to investigate, bounded.
USERNAME_KEPT = 150


def _account(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username).select_related("agency").first()


def _partnership_of(username: str | None) -> Any:
    account = _account(username)
    return account.partnership_id if account is not None else None


@receiver(user_logged_in)
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    how = getattr(request, "two_factor_how", None)  # set by the two-factor code page
    audit.write(AuditAction.SIGNED_IN, user, user=user, detail=f"with the password and {how}" if how else "")


@receiver(user_logged_out)
def signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.write(AuditAction.SIGNED_OUT, user, user=user)


@receiver(user_login_failed)
def sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")[:USERNAME_KEPT]
    wrong = "a wrong two-factor code after the right password; " if credentials.get("second_factor") else ""
    audit.write(
        AuditAction.SIGN_IN_FAILED,
        User,
        user=None,
        detail=f"{wrong}username tried: {username}",
        partnership_id=_partnership_of(username),
    )


@receiver(user_locked_out)
def locked_out(sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    audit.write(
        AuditAction.LOCKED_OUT,
        User,
        user=None,
        detail=f"username tried: {(username or '')[:USERNAME_KEPT]}",
        partnership_id=_partnership_of(username),
    )


def locks_for(partnership_id: Any) -> QuerySet[AccessAttempt]:
    """Recent failed sign-ins to the partnership's accounts (each from one address), newest first: those
    at settings.AXES_FAILURE_LIMIT are locks in force (`is_locked`)."""
    usernames = User.objects.filter(agency__partnership_id=partnership_id).values("username")
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=since).order_by("-attempt_time")


def is_locked(attempt: AccessAttempt) -> bool:
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def unlock(attempt_id: int, *, partnership_id: Any, by: Any) -> AccessAttempt:
    """Lift one lock: the account's, and the address's it came from. LookupError when it is not one
    of the partnership's locks (so an administrator cannot lift another partnership's)."""
    attempt = locks_for(partnership_id).filter(pk=attempt_id).first()
    if attempt is None:
        raise LookupError(attempt_id)
    reset(username=attempt.username)
    if attempt.ip_address:
        reset(ip=attempt.ip_address)
    account = _account(attempt.username)
    audit.write(
        AuditAction.CHANGED,
        account,
        user=by,
        fields=["sign-in lock"],
        detail=f"lifted the sign-in lock on {attempt.username} and on the address it came from",
    )
    return attempt
