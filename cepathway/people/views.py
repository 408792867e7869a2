from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cepathway.core import audit
from cepathway.core.permissions import require
from cepathway.ui.pickers import MATCHES_SHOWN

from . import pickers, sign_in
from .models import Role, User
from .types import AuthedRequest


def people_search(request: AuthedRequest) -> JsonResponse:
    """The type-ahead of a person picker: up to MATCHES_SHOWN people of the signed-in person's own
    partnership whose name starts with what was typed (`q`), of the roles asked (`role`, repeated),
    only those who work with children when `with_children=1`. Never anyone of another partnership.

    Not audited, like the API's directory: it lists colleagues (name, role, agency), nothing of a child."""
    roles = request.GET.getlist("role")
    text = request.GET.get("q", "").strip()
    if any(role not in Role.values for role in roles):
        return JsonResponse({"detail": "Unknown role.", "results": []}, status=400)
    if len(text) < 2 or request.user.partnership_id is None:
        return JsonResponse({"results": []})
    rows = pickers.staff(request.user.partnership_id, roles, with_children=request.GET.get("with_children") == "1")
    found = rows.filter(pickers.name_matches(text))[:MATCHES_SHOWN]
    return JsonResponse({"results": [_found(person) for person in found]})


def _found(person: User) -> dict[str, str]:
    return {
        "id": str(person.pk),
        "name": person.display_name,
        "role": pickers.role_text(person.role),
        "agency": str(person.agency),
        "label": pickers.describe(person),
    }


def sign_in_locks(request: AuthedRequest) -> HttpResponse:
    """The partnership administrator's view of recent failed sign-ins to the partnership's accounts,
    and the lifting of a lock. Only the partnership's own accounts are listed or may be unlocked."""
    require(request.user, "people.unlock_sign_in")
    partnership_id = request.user.partnership_id
    if request.method == "POST":
        try:
            attempt = sign_in.unlock(_attempt_id(request), partnership_id=partnership_id, by=request.user)
        except LookupError:
            # Lifted by someone else, expired since the page was shown, or never one of ours: the same answer.
            messages.info(request, "There is no such lock to lift now: it may have been lifted already or expired.")
        else:
            messages.success(request, f"The lock on {attempt.username} is lifted: they can sign in again now.")
        return redirect(reverse("sign-in-locks"))
    attempts = [(attempt, sign_in.is_locked(attempt)) for attempt in sign_in.locks_for(partnership_id)]
    audit.listed(request.user, User, detail="recent failed sign-ins")
    return render(request, "people/sign_in_locks.html", {"attempts": attempts, "limit": settings.AXES_FAILURE_LIMIT})


def _attempt_id(request: AuthedRequest) -> int:
    try:
        return int(request.POST.get("attempt", ""))
    except ValueError:
        raise LookupError("no lock was chosen") from None
