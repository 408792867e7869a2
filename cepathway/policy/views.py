"""The partnership's policy: read it, change it (administrators), and look back at its versions.

Everyone reads only their own partnership's policy; another partnership's version is not found.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.models import StaleRecordError
from cepathway.core.permissions import require
from cepathway.core.scoping import get_visible_or_404
from cepathway.people.types import AuthedRequest

from . import presenters, services
from .forms import PolicyForm, field_name
from .models import PolicyVersion
from .services import REVIEWABLE
from .wording import status_label

PUBLISHED = (
    "Version {number} of the policy is published. Its rules apply to meetings scheduled from now on; "
    "reviews already scheduled keep their dates."
)


def current(request: AuthedRequest) -> HttpResponse:
    require(request.user, "policy.view_policy")
    version = services.current_version(request.user.partnership_id)
    audit.viewed(request.user, version, detail="our policy")
    context = {
        "page": presenters.policy_page(services.version_policy(version), version),
        "may_change": request.user.has_perm("policy.change_policy"),
    }
    return render(request, "policy/current.html", context)


def version_detail(request: AuthedRequest, pk: UUID) -> HttpResponse:
    require(request.user, "policy.view_policy")
    version = get_visible_or_404(request.user, PolicyVersion, pk=pk)
    audit.viewed(request.user, version)
    latest = services.current_version(version.partnership_id)
    context = {
        "page": presenters.policy_page(services.version_policy(version), version),
        "is_current": latest.pk == version.pk,
    }
    return render(request, "policy/version.html", context)


def history(request: AuthedRequest) -> HttpResponse:
    require(request.user, "policy.view_policy")
    entries = services.history(request.user.partnership_id)
    audit.listed(request.user, PolicyVersion, detail="policy history")
    return render(request, "policy/history.html", {"rows": presenters.history_rows(entries)})


@dataclass(frozen=True)
class StaleNotice:
    """What the second of two editors is told: who published meanwhile, and what they changed."""

    published: str
    changes: list[str]


def _stale_notice(request: AuthedRequest, based_on: int) -> StaleNotice:
    latest = services.current_version(request.user.partnership_id)
    earlier = services.version_numbered(request.user.partnership_id, based_on)
    changes = (
        services.changes_between(services.version_policy(earlier), services.version_policy(latest)) if earlier else []
    )
    return StaleNotice(presenters.published_text(latest), changes)


def _refuse(form: PolicyForm, error: RuleError) -> None:
    if isinstance(error, services.PolicyInvalid):
        form.add_problems(error.problems)
        return
    name = field_name(error.field) if error.field else None
    form.add_error(name if name in form.fields else None, error.message)


@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest) -> HttpResponse:
    require(request.user, "policy.change_policy")
    partnership_id = request.user.partnership_id
    policy = services.policy_for(partnership_id)
    form = PolicyForm(request.POST or None, policy=policy)
    stale: StaleNotice | None = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish(
                partnership_id,
                form.policy(policy),
                based_on=form.cleaned_data["based_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except StaleRecordError:
            stale = _stale_notice(request, form.cleaned_data["based_on"])
            form = PolicyForm(policy=services.policy_for(partnership_id))
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, PUBLISHED.format(number=version.number))
            return redirect("policy:current")
    context: dict[str, Any] = {
        "form": form,
        "title": "Change the policy",
        "submit": "Publish the new policy",
        "back": reverse("policy:current"),
        "stale": stale,
        "status_sections": [(status_label(status), form.status_fields(status)) for status in REVIEWABLE],
    }
    return render(request, "policy/edit.html", context)
