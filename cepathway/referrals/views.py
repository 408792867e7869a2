"""Referral pages. Each view parses, authorises, calls a service, audits and redirects."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cepathway.children.access import child_for
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.permissions import require
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for
from cepathway.ui.listing import read_listing

from . import listing as listing_rules
from . import progress, readback, services, triage
from .access import referral_for
from .forms import (
    ConsultationForm,
    ConsultationRequestForm,
    ContactForm,
    DecisionForm,
    HubAssessmentForm,
    MatchForm,
)
from .models import Referral, ReferralStatus


def new_contact(request: AuthedRequest) -> HttpResponse:
    require(request.user, "referrals.submit_contact")
    partnership = request.user.partnership
    form = ContactForm(request.POST or None, partnership=partnership, initial=prefilled(request))
    match_form = None
    if request.method == "POST" and form.is_valid():
        matches = services.matches_for_details(request.user, form.cleaned_data)
        match_form = MatchForm(request.POST if "match" in request.POST else None, matches=matches)
        if not matches or match_form.is_valid():
            link_to = match_form.chosen_child() if matches else None
            referral = form.submit(link_to, by=request.user)
            messages.success(request, f"Referral {referral.reference} sent to the safeguarding hub.")
            return redirect("referrals:detail", pk=referral.pk)
        services.audit_matches_shown(request, matches)
    context = {"form": form, "match_form": match_form, "partnership": partnership}
    return render(request, "referrals/contact_form.html", context)


# What another page may fill in on the contact form through its address (an intelligence handler
# starting a referral from a submission, say): text only, never a choice the referrer must make.
PREFILLABLE = ("first_name", "last_name", "other_names", "concern")


def prefilled(request: AuthedRequest) -> dict[str, str]:
    return {name: request.GET[name][:2000] for name in PREFILLABLE if request.GET.get(name)}


def referral_list(request: AuthedRequest) -> HttpResponse:
    """The referrals the person may see, paged, sorted by a column and filtered by status or the
    referring agency; a filter or sort the page does not offer is refused (400) and named."""
    require(request.user, "referrals.list_referrals")
    rows = visible_to(request.user, Referral).select_related("child", "referrer_agency")
    rows = listing_rules.with_status_order(rows)
    agencies = listing_rules.agencies_of(rows)
    listing = read_listing(
        request,
        sorts=listing_rules.SORTS,
        default=listing_rules.DEFAULT_SORT,
        descending=True,
        filters=listing_rules.filters(agencies),
        filter_labels=listing_rules.FILTER_LABELS,
    )
    listing.paginate(listing_rules.filtered(rows, listing.filters))
    shown = ", ".join(f"{name}={value}" for name, value in listing.filters.items() if value) or "status=all"
    audit.listed(request.user, Referral, detail=shown)
    context = {
        "listing": listing,
        "referrals": progress.follow(listing.rows),
        "status": listing.filters["status"],
        "statuses": ReferralStatus.choices,
        "agencies": agencies,
    }
    return render(request, "referrals/list.html", context, status=listing.status)


def referral_detail(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = referral_for(request.user, pk)
    audit.viewed(request.user, referral)
    detail = request.user.has_perm("referrals.view_triage_detail", referral)
    policy = policy_for(referral.partnership_id)
    mine = referral.referrer_id == request.user.pk
    context = {
        "referral": referral,
        "detail": detail,
        "submitted": readback.submitted(referral),
        "next_steps": readback.what_happens_next(referral, policy) if mine else [],
        "urgent_line": readback.urgent_line(referral, policy),
        "events": referral.events.select_related("created_by") if detail else [],
        "steps": next_steps(request, referral),
    }
    return render(request, "referrals/detail.html", context)


def next_steps(request: AuthedRequest, referral: Referral) -> list[tuple[str, str]]:
    user, steps = request.user, []
    if triage.can_take(referral, "hub_assessment") and user.has_perm("referrals.record_hub_assessment", referral):
        steps.append(("referrals:hub-assessment", "Record the hub's assessment"))
    if triage.can_take(referral, "consultation") and user.has_perm("referrals.record_consultation", referral):
        steps.append(("referrals:consultation", "Record the consultation"))
    if triage.can_take(referral, "decision") and user.has_perm("referrals.decide", referral):
        steps.append(("referrals:decide", "Make the decision"))
    return steps


def refuse_step(request: AuthedRequest, referral: Referral, error: RuleError) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("referrals:detail", pk=referral.pk)


def hub_assessment(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = referral_for(request.user, pk, permission="referrals.record_hub_assessment")
    if not triage.can_take(referral, "hub_assessment"):
        return refuse_step(request, referral, triage.TriageError(triage.refusal(referral, "hub_assessment")))
    matches = services.matches_for_referral(request.user, referral)
    form = HubAssessmentForm(request.POST or None, matches=matches, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            form.submit(referral, by=request.user)
        except RuleError as error:
            return refuse_step(request, referral, error)
        messages.success(request, "Assessment recorded.")
        return redirect("referrals:detail", pk=referral.pk)
    audit.viewed(request.user, referral, detail="hub assessment form")
    services.audit_matches_shown(request, matches)
    return render(request, "referrals/hub_assessment.html", {"referral": referral, "form": form})


def request_consultation(request: AuthedRequest, child_pk: UUID) -> HttpResponse:
    child = child_for(request.user, child_pk, permission="referrals.request_consultation")
    form = ConsultationRequestForm(request.POST or None, partnership=child.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.request_consultation(
                by=request.user, child=child, reason=form.cleaned_data["reason"], answers=form.checklist_return()
            )
        except RuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Consultation {referral.reference} requested from CERAR.")
            return redirect("referrals:detail", pk=referral.pk)
    audit.viewed(request.user, child, detail="consultation request form")
    waiting = services.waiting_consultation(child)
    shown = visible_to(request.user, Referral).filter(pk=waiting.pk).first() if waiting else None
    context = {"child": child, "form": form, "waiting": waiting, "waiting_shown": shown}
    return render(request, "referrals/consultation_request.html", context)


def record_consultation(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = referral_for(request.user, pk, permission="referrals.record_consultation")
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consultation(referral, by=request.user, notes=form.cleaned_data["notes"])
        except RuleError as error:
            return refuse_step(request, referral, error)
        messages.success(request, "Consultation recorded. The decision is next.")
        return redirect("referrals:decide", pk=referral.pk)
    if not triage.can_take(referral, "consultation"):
        return refuse_step(request, referral, triage.TriageError(triage.refusal(referral, "consultation")))
    audit.viewed(request.user, referral, detail="consultation form")
    return render(request, "referrals/consultation.html", {"referral": referral, "form": form})


def decide(request: AuthedRequest, pk: UUID) -> HttpResponse:
    referral = referral_for(request.user, pk, permission="referrals.decide")
    form = DecisionForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(referral, by=request.user, **form.cleaned_data)
        except RuleError as error:
            return refuse_step(request, referral, error)
        messages.success(request, f"Decision recorded: {referral.get_decision_display().lower()}.")
        return redirect("referrals:detail", pk=referral.pk)
    if not triage.can_take(referral, "decision"):
        return refuse_step(request, referral, triage.TriageError(triage.refusal(referral, "decision")))
    audit.viewed(request.user, referral, detail="decision form")
    context = {"referral": referral, "form": form, "answers": referral.answers.all()}
    return render(request, "referrals/decide.html", context)
