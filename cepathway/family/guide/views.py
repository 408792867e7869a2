"""The guide for parents and carers: public pages, no sign-in (a parent has no account)."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cepathway.people.models import Partnership
from cepathway.policy.services import policy_for

from .content import guide_for


@login_not_required
@require_GET
def guide_index(request: HttpRequest) -> HttpResponse:
    """Every partnership's guide, for a parent who reaches the service without a link to theirs."""
    partnerships = Partnership.objects.order_by("name").only("name", "code")
    return render(request, "family/guide/index.html", {"partnerships": partnerships})


@login_not_required
@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    """One partnership's guide, from its own policy. An unknown code is a 404."""
    partnership = get_object_or_404(Partnership, code=code)
    context: dict[str, Any] = {"guide": guide_for(partnership.name, policy_for(partnership.pk))}
    return render(request, "family/guide/guide.html", context)
