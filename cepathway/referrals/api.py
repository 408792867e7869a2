"""Referrals through the JSON API: the same forms, services, permissions, scope and audit."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

from cepathway.children.models import Child
from cepathway.children.services import PossibleMatch
from cepathway.core import audit
from cepathway.core.api_support import FormInvalid, validated
from cepathway.core.permissions import require
from cepathway.core.scoping import get_visible_or_404, visible_to
from cepathway.people.types import AuthedRequest

from . import services, triage
from .forms import (
    ConsultationForm,
    ConsultationRequestForm,
    ContactForm,
    DecisionForm,
    HubAssessmentForm,
    checklist_indicators,
)
from .models import ChecklistCategory, ProtectiveFactor, Referral, ReferralStatus

router = Router(tags=["referrals"])


class AnswerIn(Schema):
    indicator_id: UUID
    recency: str = Field(description="current or past")
    evidence: str = Field(description="evidenced or suspected")


class ChecklistIn(Schema):
    answers: list[AnswerIn] = []
    protective_factors: list[UUID] = []


class ContactIn(ChecklistIn):
    first_name: str
    last_name: str
    other_names: str = ""
    date_of_birth: date | str
    sex: str = "not_known"
    gender: str = ""
    ethnicity: str = "NOBT"
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    school: str = ""
    open_to_childrens_services: bool = False
    looked_after: bool = False
    send: bool = False
    uasc: bool = False
    referrer_phone: str = ""
    parent_name: str = ""
    parent_relationship: str = ""
    parent_phone: str = ""
    parent_aware: str = "not_known"
    concern: str
    ce_types: list[str] = []
    legal_basis: str
    consent_not_sought_reason: str = ""
    urgency: str = "standard"
    not_in_immediate_danger: bool
    link_to_child: UUID | None = Field(None, description="A child you can see who this is about (from the matches).")


class PossibleMatchOut(Schema):
    id: UUID = Field(description="Send this as link_to_child to the hub assessment when it is this child.")
    name: str
    date_of_birth: date
    address: str
    reasons: list[str] = Field(description="Why this child may be the one the referral is about.")


class ReferralOut(Schema):
    id: UUID
    reference: str
    route: str
    status: str
    child_id: UUID
    child_name: str
    referrer_agency: str
    created_at: datetime
    suggested_level: str | None = None
    suggestion_reasons: list[str] | None = None
    decision: str | None = None
    advice_given: str | None = None
    hub_rationale: str | None = Field(
        None, description="Why the hub found no CE concern against a Medium or High suggestion."
    )
    possible_matches: list[PossibleMatchOut] = Field(
        [],
        description=(
            "Children already known who may be the child this referral is about. Given by GET "
            "/api/referrals/{pk} while the referral waits for the hub, to those who may record the hub's "
            "assessment; empty otherwise."
        ),
    )


class HubAssessmentIn(Schema):
    ce_concern: bool
    assessment: str
    agencies_consulted: str = ""
    end_reason: str = ""
    advice_given: str = ""
    rationale: str = Field(
        "",
        description="When ce_concern is false and the checklist suggests Medium or High: why CE is not a concern.",
    )
    link_to_child: UUID | None = None
    new_child: bool = Field(False, description="True when none of the possible matches is this child.")


class ConsultationRequestIn(ChecklistIn):
    child_id: UUID
    reason: str


class ConsultationIn(Schema):
    notes: str


class DecisionIn(Schema):
    decision: str = Field(description="end or level1")
    judged_level: str = Field(description="none, low, medium or high")
    rationale: str = ""
    end_reason: str = ""
    advice_given: str = ""


class IndicatorOut(Schema):
    id: UUID
    category: str
    text: str
    kind: str
    ce_types: list[str]
    weight: int


class ChecklistOut(Schema):
    indicators: list[IndicatorOut]
    protective_factors: list[dict[str, Any]]


def out(request: AuthedRequest, referral: Referral, matches: list[PossibleMatch] | None = None) -> ReferralOut:
    detail = request.user.has_perm("referrals.view_triage_detail", referral)
    return ReferralOut(
        id=referral.pk,
        reference=referral.reference,
        route=referral.route,
        status=referral.status,
        child_id=referral.child_id,
        child_name=referral.child.full_name,
        referrer_agency=str(referral.referrer_agency),
        created_at=referral.created_at,
        suggested_level=referral.suggested_level if detail else None,
        suggestion_reasons=referral.suggestion_reasons if detail else None,
        decision=referral.decision or None,
        advice_given=referral.advice_given or None,
        hub_rationale=(referral.hub_rationale or None) if detail else None,
        possible_matches=[
            PossibleMatchOut(
                id=match.child.pk,
                name=match.child.full_name,
                date_of_birth=match.child.date_of_birth,
                address=match.child.address,
                reasons=match.reasons,
            )
            for match in matches or []
        ],
    )


def matches_to_offer(request: AuthedRequest, referral: Referral) -> list[PossibleMatch]:
    """The possible matches for a referral waiting for the hub, for someone who may record the hub's
    assessment (the same as the hub's page offers), each audited as shown; none for anyone else."""
    may_assess = request.user.has_perm("referrals.record_hub_assessment", referral)
    if not (may_assess and triage.can_take(referral, "hub_assessment")):
        return []
    matches = services.matches_for_referral(request.user, referral)
    services.audit_matches_shown(request, matches)
    return matches


def choose_a_match(referral: Referral, matches: list[PossibleMatch], sent: UUID | None) -> str:
    """What the hub is told through the API when the child this referral is about is not settled."""
    ids = ", ".join(str(match.child.pk) for match in matches)
    start = (
        f"{sent} is not one of the possible matches for this referral"
        if sent
        else "Select the child this is about, or say it is a different child"
    )
    return (
        f"{start}: children already known may be this child ({ids}). See their names, dates of birth and "
        f"why they match in possible_matches at GET /api/referrals/{referral.pk}, then send link_to_child "
        "with the id of the one it is, or new_child: true if it is none of them."
    )


def checklist_payload(payload: ChecklistIn, partnership: Any) -> dict[str, Any]:
    """The answers as the form's fields. The form asks only the current checklist's questions, so an
    answer to any other indicator is refused here rather than silently dropped."""
    asked = {indicator.pk for indicator in checklist_indicators(partnership)}
    given = [answer.indicator_id for answer in payload.answers]
    problems = [
        f"Indicator {pk} is not on your partnership's current checklist: answer only the "
        "indicators listed at /api/referrals/checklist"
        for pk in given
        if pk not in asked
    ]
    problems += [f"Indicator {pk} is answered more than once: give one answer each" for pk in _repeated(given)]
    if problems:
        raise FormInvalid.with_errors({"answers": problems})
    data: dict[str, Any] = {f"indicator_{a.indicator_id}": f"{a.recency}:{a.evidence}" for a in payload.answers}
    data["protective_factors"] = [str(pk) for pk in payload.protective_factors]
    return data


def _repeated(values: list[Any]) -> list[Any]:
    return sorted({value for value in values if values.count(value) > 1}, key=str)


def visible_referral(request: AuthedRequest, pk: UUID) -> Referral:
    rows = visible_to(request.user, Referral).select_related("child", "referrer_agency")
    return get_visible_or_404(request.user, Referral, rows, pk=pk)


@router.get("/checklist", response=ChecklistOut, summary="The partnership's current checklist")
def checklist(request: AuthedRequest) -> Any:
    require(request.user, "referrals.submit_contact")
    partnership = request.user.partnership
    categories = ChecklistCategory.objects.filter(partnership=partnership).prefetch_related("indicators")
    indicators = [
        IndicatorOut(id=i.pk, category=c.name, text=i.text, kind=i.kind, ce_types=i.ce_types, weight=i.weight)
        for c in categories
        for i in c.indicators.all()
        if i.active
    ]
    factors = ProtectiveFactor.objects.filter(partnership=partnership, active=True)
    return ChecklistOut(indicators=indicators, protective_factors=[{"id": f.pk, "text": f.text} for f in factors])


@router.get("", response=list[ReferralOut], summary="Referrals you may see")
def list_referrals(request: AuthedRequest, status: str = "") -> Any:
    rows = visible_to(request.user, Referral).select_related("child", "referrer_agency")
    if status in ReferralStatus.values:
        rows = rows.filter(status=status)
    audit.listed(request.user, Referral, detail=f"status={status or 'all'}")
    return [out(request, referral) for referral in rows[:200]]


@router.post("", response={201: ReferralOut, 409: ReferralOut}, summary="Submit a single contact form")
def submit_contact(request: AuthedRequest, payload: ContactIn) -> Any:
    require(request.user, "referrals.submit_contact")
    partnership = request.user.partnership
    answers = checklist_payload(payload, partnership)
    data = payload.dict(exclude={"answers", "protective_factors", "link_to_child"}) | answers
    form = validated(ContactForm, data, partnership=partnership)
    link_to = None
    if payload.link_to_child:
        link_to = get_visible_or_404(request.user, Child, pk=payload.link_to_child)
    else:
        matches = services.matches_for_details(request.user, form.cleaned_data)
        if matches and not request.GET.get("confirm_new_child"):
            services.audit_matches_shown(request, matches)
            raise FormInvalid.with_errors(
                {
                    "link_to_child": [
                        "Children like this one are already known to you: send link_to_child with one of "
                        f"{', '.join(str(m.child.pk) for m in matches)}, or repeat with ?confirm_new_child=1"
                    ]
                }
            )
    referral = services.submit_contact(
        by=request.user,
        child_details=form.child_details(),
        contact=form.contact(),
        answers=form.checklist_return(),
        link_to=link_to,
    )
    return Status(201, out(request, referral))


@router.get("/{uuid:pk}", response=ReferralOut, summary="One referral")
def get_referral(request: AuthedRequest, pk: UUID) -> Any:
    referral = visible_referral(request, pk)
    audit.viewed(request.user, referral)
    return out(request, referral, matches_to_offer(request, referral))


@router.post("/{uuid:pk}/hub-assessment", response=ReferralOut, summary="Record the hub's assessment")
def hub_assessment(request: AuthedRequest, pk: UUID, payload: HubAssessmentIn) -> Any:
    referral = visible_referral(request, pk)
    require(request.user, "referrals.record_hub_assessment", referral)
    if not triage.can_take(referral, "hub_assessment"):
        raise triage.TriageError(triage.refusal(referral, "hub_assessment"))
    matches = services.matches_for_referral(request.user, referral)
    data = payload.dict(exclude={"link_to_child", "new_child"})
    data["ce_concern"] = "yes" if payload.ce_concern else "no"
    if matches:
        data["match"] = "new" if payload.new_child else str(payload.link_to_child or "")
    try:
        form = validated(HubAssessmentForm, data, matches=matches, referral=referral)
    except FormInvalid as invalid:
        if "match" in invalid.errors:
            # The page's radio buttons are link_to_child and new_child here: say which ids to choose from.
            del invalid.errors["match"]
            sent = None if payload.new_child else payload.link_to_child
            invalid.errors["link_to_child"] = [choose_a_match(referral, matches, sent)]
            services.audit_matches_shown(request, matches)
        raise
    services.record_hub_assessment(
        referral,
        by=request.user,
        link_to=form.chosen_child(),
        assessment=form.cleaned_data["assessment"],
        agencies_consulted=form.cleaned_data["agencies_consulted"],
        ce_concern=payload.ce_concern,
        end_reason=form.cleaned_data["end_reason"],
        advice_given=form.cleaned_data["advice_given"],
        rationale=form.cleaned_data["rationale"],
    )
    return out(request, visible_referral(request, pk))


@router.post("/consultation-requests", response={201: ReferralOut}, summary="Ask CERAR for a consultation")
def request_consultation(request: AuthedRequest, payload: ConsultationRequestIn) -> Any:
    child = get_visible_or_404(request.user, Child, pk=payload.child_id)
    require(request.user, "referrals.request_consultation", child)
    data = {"reason": payload.reason} | checklist_payload(payload, child.partnership)
    form = validated(ConsultationRequestForm, data, partnership=child.partnership)
    referral = services.request_consultation(
        by=request.user, child=child, reason=form.cleaned_data["reason"], answers=form.checklist_return()
    )
    return Status(201, out(request, referral))


@router.post("/{uuid:pk}/consultation", response=ReferralOut, summary="Record the CERAR consultation")
def record_consultation(request: AuthedRequest, pk: UUID, payload: ConsultationIn) -> Any:
    referral = visible_referral(request, pk)
    require(request.user, "referrals.record_consultation", referral)
    form = validated(ConsultationForm, payload.dict())
    services.record_consultation(referral, by=request.user, notes=form.cleaned_data["notes"])
    return out(request, visible_referral(request, pk))


@router.post("/{uuid:pk}/decision", response=ReferralOut, summary="CERAR's decision: end, or Level 1")
def decide(request: AuthedRequest, pk: UUID, payload: DecisionIn) -> Any:
    referral = visible_referral(request, pk)
    require(request.user, "referrals.decide", referral)
    form = validated(DecisionForm, payload.dict(), referral=referral)
    services.decide(referral, by=request.user, **form.cleaned_data)
    return out(request, visible_referral(request, pk))
