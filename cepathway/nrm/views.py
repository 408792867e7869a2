"""The NRM pages: a child's NRM referrals, recording a referral, its decisions, the guardian and the
outcome, and the partnership's list of decisions awaited past the expected time."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cepathway.core import audit, pages
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for
from cepathway.ui.listing import Sort, read_listing

from . import access, forms
from .models import NrmReferral
from .presenters import expectation, views_of

GET_POST = require_http_methods(["GET", "POST"])


def child_url(child: Any) -> str:
    return reverse("nrm:child", args=[child.pk])


@require_GET
def child_referrals(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = access.child_with_referrals(request.user, pk)
    referrals = list(access.referrals_of(request.user, child))
    audit.viewed(request.user, child, detail="NRM referrals")
    audit.viewed_each(request.user, referrals)
    context = {
        "child": child,
        "referrals": views_of(referrals, request.user),
        "may_record": request.user.has_perm("nrm.record_referral"),
        "full": request.user.has_perm("nrm.view_details"),
        "expectation": expectation(policy_for(child.partnership_id)),
    }
    return render(request, "nrm/child.html", context)


RECORD_REFERRAL = pages.FormPage(
    title="Record an NRM referral",
    submit="Save the referral",
    saved="NRM referral recorded.",
    audit_detail="record an NRM referral",
    hint=(
        "Record a referral a first responder organisation has made to the National Referral Mechanism. "
        "For a child, the referral is also the notification the Modern Slavery Act 2015 (section 52) asks for. "
        "A child does not have to consent to a referral."
    ),
)


@GET_POST
def record_referral(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = access.child_with_referrals(request.user, pk, "nrm.record_referral")
    connected = [request.user.pk, child.allocated_social_worker_id]
    form = forms.ReferralForm(
        request.POST or None,
        partnership_id=child.partnership_id,
        connected=[pk for pk in connected if pk],
        initial={"referred_on": timezone.localdate()},
    )
    back = child_url(child)
    return pages.form_page(request, child, form, RECORD_REFERRAL, done=back, back=back, caption=child.full_name)


RECORD_DECISIONS = pages.FormPage(
    title="Record the NRM decisions",
    submit="Save the decisions",
    saved="NRM decisions saved.",
    audit_detail="record NRM decisions",
    intro_template="nrm/includes/referral_intro.html",
    hint=(
        "Record the competent authority's decisions as they are made. A conclusive grounds decision "
        "follows only a positive reasonable grounds decision, and is dated on or after it."
    ),
)


@GET_POST
def record_decisions(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = access.referral_for(request.user, pk)
    form = forms.DecisionForm(request.POST or None, initial=forms.decision_initial(referral))
    return _versioned_page(request, referral, form, RECORD_DECISIONS)


RECORD_GUARDIAN = pages.FormPage(
    title="Record the Independent Child Trafficking Guardian",
    submit="Save the guardian",
    saved="Independent Child Trafficking Guardian saved.",
    audit_detail="record the guardian",
    intro_template="nrm/includes/referral_intro.html",
    hint=(
        "Independent Child Trafficking Guardians (Modern Slavery Act 2015, section 48) support children "
        "who may be victims of trafficking. Record the guardian once one is allocated; leave every field "
        "empty to take off one recorded in error."
    ),
)


@GET_POST
def record_guardian(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = access.referral_for(request.user, pk)
    form = forms.GuardianForm(request.POST or None, initial=forms.guardian_initial(referral))
    return _versioned_page(request, referral, form, RECORD_GUARDIAN)


RECORD_OUTCOME = pages.FormPage(
    title="Record the outcome of the NRM referral",
    submit="Save the outcome",
    saved="Outcome of the NRM referral saved.",
    audit_detail="record the NRM outcome",
    intro_template="nrm/includes/referral_intro.html",
    hint="A closed referral is no longer reminded about. Closing it records nothing about the child's status.",
)


@GET_POST
def record_outcome(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = access.referral_for(request.user, pk)
    form = forms.OutcomeForm(request.POST or None, initial=forms.outcome_initial(referral))
    return _versioned_page(request, referral, form, RECORD_OUTCOME)


def _versioned_page(request: AuthedRequest, referral: NrmReferral, form: Any, page: pages.FormPage) -> HttpResponse:
    back = child_url(referral.child)
    [shown] = views_of([referral], request.user)
    return pages.form_page(
        request, referral, form, page, done=back, back=back, caption=referral.child.full_name, referral=shown
    )


def overdue_rows(user: Any) -> Any:
    """The NRM referrals of `user`'s partnership whose decision is awaited past the expected time."""
    rows = NrmReferral.objects.visible_to(user).filter(child__partnership_id=user.partnership_id)
    rows = rows.awaited_past_expected(partnership_ids=[user.partnership_id])
    return rows.select_related("child", "referred_by")


SORTS = (
    Sort("referred", "Referred on", ("referred_on",)),
    Sort("child", "Child", ("child__last_name", "child__first_name")),
)


@require_GET
def overdue(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_perm("nrm.view_overdue"):
        raise PermissionDenied
    listing = read_listing(request, sorts=SORTS, default="referred")
    listing.paginate(overdue_rows(request.user))
    audit.listed(request.user, NrmReferral, detail="NRM decisions awaited past the expected time")
    audit.viewed_each(request.user, listing.rows, detail="NRM decisions awaited past the expected time")
    context = {
        "listing": listing,
        "referrals": views_of(listing.rows, request.user),
        "expectation": expectation(policy_for(request.user.partnership_id)),
    }
    return render(request, "nrm/overdue.html", context, status=listing.status)
