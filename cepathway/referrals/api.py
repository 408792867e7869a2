"""Referrals through the JSON API: the same forms, services, permissions, scope and audit."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django import forms
from ninja import Field, Query, Router, Schema, Status

from cepathway.children.access import child_for
from cepathway.children.services import PossibleMatch
from cepathway.core import audit
from cepathway.core.api_support import FormInvalid, In, responds, validated
from cepathway.core.permissions import require
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest

from . import services, triage
from .access import RELATED, referral_for
from .forms import (
    ConsultationForm,
    ConsultationRequestForm,
    ContactForm,
    DecisionForm,
    HubAssessmentForm,
    checklist_indicators,
)
from .models import Indicator, Modifier, ProtectiveFactor, Referral, ReferralStatus, TriageEvent

router = Router(tags=["referrals"])


class AnswerIn(In):
    indicator_id: UUID
    recency: str = Field(description="current or past")
    evidence: str = Field(description="evidenced or suspected")


class ChecklistIn(In):
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

    @staticmethod
    def resolve_id(match: PossibleMatch) -> Any:
        return match.child.pk

    @staticmethod
    def resolve_name(match: PossibleMatch) -> str:
        return match.child.full_name

    @staticmethod
    def resolve_date_of_birth(match: PossibleMatch) -> date:
        return match.child.date_of_birth

    @staticmethod
    def resolve_address(match: PossibleMatch) -> str:
        return match.child.address


def sees_triage_detail(referral: Referral, context: Any) -> bool:
    return context["request"].user.has_perm("referrals.view_triage_detail", referral)


def triage_detail(attribute: str) -> Any:
    """A resolver: the referral's `attribute` (null when blank) for those who see triage detail, as
    the referral page shows it to them; null for anyone else."""

    def resolve(referral: Referral, context: Any) -> Any:
        if not sees_triage_detail(referral, context):
            return None
        value = getattr(referral, attribute)
        return None if value in ("", None) else value

    return staticmethod(resolve)


class TriageStepOut(Schema):
    at: datetime
    by: str
    step: str
    from_status: str
    to_status: str
    note: str

    @staticmethod
    def resolve_at(event: TriageEvent) -> datetime:
        return event.created_at

    @staticmethod
    def resolve_by(event: TriageEvent) -> str:
        return event.created_by.display_name if event.created_by else ""


class ReferralOut(Schema):
    """A referral as its page shows it to the caller. Everyone who may see the referral is given what
    was referred and, once decided, the outcome and the advice for the referrer. The triage detail
    (the checklist's suggestion, the hub's assessment, the consultation, the decider's judgement and
    rationale, the triage steps) is given only to those the page shows it to (the
    referrals.view_triage_detail permission); to anyone else those fields are null."""

    id: UUID
    reference: str
    route: str
    status: str
    child_id: UUID
    child_name: str
    referrer: str = Field(description="Who made the referral.")
    referrer_agency: str
    created_at: datetime
    urgency: str
    concern: str
    parent_name: str
    parent_relationship: str
    parent_aware: str
    legal_basis: str
    consent_not_sought_reason: str
    # the outcome, as the referrer is told it
    decision: str | None = Field(None, description="end or level1, once decided.")
    advice_given: str | None = Field(None, description="The advice for the referrer, when the pathway ends.")
    # triage detail
    suggested_level: str | None = None
    suggestion_reasons: list[str] | None = None
    hub_assessment: str | None = Field(None, description="The hub's multi-agency assessment.")
    hub_agencies_consulted: str | None = None
    hub_ce_concern: bool | None = Field(None, description="Whether the hub found child exploitation a concern.")
    hub_rationale: str | None = Field(
        None, description="Why the hub found no CE concern against a Medium or High suggestion."
    )
    consultation_reason: str | None = None
    consultation_notes: str | None = None
    end_reason: str | None = Field(None, description="Why the pathway ends.")
    judged_level: str | None = Field(None, description="The decider's judgement: none, low, medium or high.")
    decision_rationale: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    events: list[TriageStepOut] | None = Field(None, description="The triage steps, oldest first.")
    possible_matches: list[PossibleMatchOut] = Field(
        [],
        description=(
            "Children already known who may be the child this referral is about. Given by GET "
            "/api/referrals/{pk} while the referral waits for the hub, to those who may record the hub's "
            "assessment; empty otherwise."
        ),
    )

    @staticmethod
    def resolve_child_name(referral: Referral) -> str:
        return referral.child.full_name

    @staticmethod
    def resolve_referrer(referral: Referral) -> str:
        return referral.referrer.display_name

    @staticmethod
    def resolve_referrer_agency(referral: Referral) -> str:
        return str(referral.referrer_agency)

    @staticmethod
    def resolve_decision(referral: Referral) -> str | None:
        return referral.decision or None

    @staticmethod
    def resolve_advice_given(referral: Referral) -> str | None:
        return (referral.advice_given or None) if referral.decision else None

    resolve_suggested_level = triage_detail("suggested_level")
    resolve_suggestion_reasons = triage_detail("suggestion_reasons")
    resolve_hub_assessment = triage_detail("hub_assessment")
    resolve_hub_agencies_consulted = triage_detail("hub_agencies_consulted")
    resolve_hub_ce_concern = triage_detail("hub_ce_concern")
    resolve_hub_rationale = triage_detail("hub_rationale")
    resolve_consultation_reason = triage_detail("consultation_reason")
    resolve_consultation_notes = triage_detail("consultation_notes")
    resolve_end_reason = triage_detail("end_reason")
    resolve_judged_level = triage_detail("judged_level")
    resolve_decision_rationale = triage_detail("decision_rationale")
    resolve_decided_at = triage_detail("decided_at")
    resolve_events = triage_detail("events")

    @staticmethod
    def resolve_decided_by(referral: Referral, context: Any) -> str | None:
        if not (referral.decided_by and sees_triage_detail(referral, context)):
            return None
        return referral.decided_by.display_name


class HubAssessmentIn(In):
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


class ConsultationIn(In):
    notes: str


class DecisionIn(In):
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

    @staticmethod
    def resolve_category(indicator: Indicator) -> str:
        return indicator.category.name


class ProtectiveFactorOut(Schema):
    id: UUID = Field(description="Send this in protective_factors.")
    text: str
    weight: int


class ModifierOut(Schema):
    """A fact about the child (from its record and the contact form) that changes how the answers are
    read: it adds points, and may set a floor under the suggested level."""

    code: str
    label: str
    points: int
    floor_level: str
    active: bool

    @staticmethod
    def resolve_label(modifier: Modifier) -> str:
        return modifier.get_code_display()


class ChecklistOut(Schema):
    indicators: list[IndicatorOut]
    protective_factors: list[ProtectiveFactorOut]
    modifiers: list[ModifierOut]


def reply(request: AuthedRequest, referral: Referral, matches: list[PossibleMatch] | None = None) -> ReferralOut:
    """The referral as the caller may see it, with the possible matches the operation offered them."""
    out = ReferralOut.model_validate(referral, context={"request": request})
    out.possible_matches = [PossibleMatchOut.model_validate(match) for match in matches or []]
    return out


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


ANSWER_HELP = "send recency as current or past, and evidence as evidenced or suspected"


def with_checklist(form_class: type[forms.BaseForm], data: dict[str, Any], **form_kwargs: Any) -> Any:
    """`validated`, for a form with the checklist: the form asks one question per indicator
    (`indicator_<pk>`), the caller answered them in `answers`, so that is where their errors go,
    each naming its indicator."""
    try:
        return validated(form_class, data, **form_kwargs)
    except FormInvalid as invalid:
        by_field = invalid.form.errors.as_data() if invalid.form is not None else {}
        for indicator in getattr(invalid.form, "indicators", []):
            for error in by_field.get(f"indicator_{indicator.pk}", []):
                why = ANSWER_HELP if error.code == "invalid_choice" else " ".join(error.messages)
                invalid.errors.setdefault("answers", []).append(f"Indicator {indicator.pk} ({indicator.text}): {why}")
            invalid.errors.pop(f"indicator_{indicator.pk}", None)
        raise


@router.get(
    "/checklist", response=responds(ChecklistOut, 403), summary="The partnership's current checklist and modifiers"
)
def checklist(request: AuthedRequest) -> Any:
    """The questions a contact form or consultation request answers (active indicators and protective
    factors), and every modifier the partnership has set, active or not."""
    require(request.user, "referrals.submit_contact")
    partnership = request.user.partnership
    return {
        "indicators": checklist_indicators(partnership),
        "protective_factors": ProtectiveFactor.objects.filter(partnership=partnership, active=True),
        "modifiers": Modifier.objects.filter(partnership=partnership),
    }


@router.get("", response=responds(list[ReferralOut], 422), summary="Referrals you may see")
def list_referrals(
    request: AuthedRequest,
    status: ReferralStatus | None = None,
    offset: int = Query(0, ge=0, le=2**31 - 1, description="Skip this many (to page: 0, then the limit, and so on)."),
    limit: int = Query(100, ge=1, le=200, description="At most this many (1 to 200)."),
) -> Any:
    """Newest first. Page with `offset` and `limit`: a page shorter than `limit` is the last."""
    require(request.user, "referrals.list_referrals")
    rows = visible_to(request.user, Referral).select_related(*RELATED).prefetch_related("events__created_by")
    if status is not None:
        rows = rows.filter(status=status)
    audit.listed(request.user, Referral, detail=f"status={status or 'all'}")
    return list(rows.order_by("-created_at", "-pk")[offset : offset + limit])


@router.post("", response=responds(ReferralOut, 403, 404, 413, 422, status=201), summary="Submit a single contact form")
def submit_contact(request: AuthedRequest, payload: ContactIn) -> Any:
    require(request.user, "referrals.submit_contact")
    partnership = request.user.partnership
    answers = checklist_payload(payload, partnership)
    data = payload.dict(exclude={"answers", "protective_factors", "link_to_child"}) | answers
    form = with_checklist(ContactForm, data, partnership=partnership)
    link_to = None
    if payload.link_to_child:
        link_to = child_for(request.user, payload.link_to_child)
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
    referral = form.submit(link_to, by=request.user)
    return Status(201, referral_for(request.user, referral.pk))


@router.get("/{uuid:pk}", response=responds(ReferralOut, 404, 422), summary="One referral")
def get_referral(request: AuthedRequest, pk: UUID) -> Any:
    referral = referral_for(request.user, pk)
    audit.viewed(request.user, referral)
    return reply(request, referral, matches_to_offer(request, referral))


@router.post(
    "/{uuid:pk}/hub-assessment",
    response=responds(ReferralOut, 403, 404, 409, 413, 422),
    summary="Record the hub's assessment",
)
def hub_assessment(request: AuthedRequest, pk: UUID, payload: HubAssessmentIn) -> Any:
    referral = referral_for(request.user, pk, permission="referrals.record_hub_assessment")
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
    form.submit(referral, by=request.user)
    return referral_for(request.user, pk)


@router.post(
    "/consultation-requests",
    response=responds(ReferralOut, 403, 404, 409, 413, 422, status=201),
    summary="Ask CERAR for a consultation",
)
def request_consultation(request: AuthedRequest, payload: ConsultationRequestIn) -> Any:
    child = child_for(request.user, payload.child_id, permission="referrals.request_consultation")
    data = {"reason": payload.reason} | checklist_payload(payload, child.partnership)
    form = with_checklist(ConsultationRequestForm, data, partnership=child.partnership)
    referral = services.request_consultation(
        by=request.user, child=child, reason=form.cleaned_data["reason"], answers=form.checklist_return()
    )
    return Status(201, referral_for(request.user, referral.pk))


@router.post(
    "/{uuid:pk}/consultation",
    response=responds(ReferralOut, 403, 404, 409, 413, 422),
    summary="Record the CERAR consultation",
)
def record_consultation(request: AuthedRequest, pk: UUID, payload: ConsultationIn) -> Any:
    referral = referral_for(request.user, pk, permission="referrals.record_consultation")
    form = validated(ConsultationForm, payload.dict())
    services.record_consultation(referral, by=request.user, notes=form.cleaned_data["notes"])
    return referral_for(request.user, pk)


@router.post(
    "/{uuid:pk}/decision",
    response=responds(ReferralOut, 403, 404, 409, 413, 422),
    summary="CERAR's decision: end, or Level 1",
)
def decide(request: AuthedRequest, pk: UUID, payload: DecisionIn) -> Any:
    referral = referral_for(request.user, pk, permission="referrals.decide")
    form = validated(DecisionForm, payload.dict(), referral=referral)
    services.decide(referral, by=request.user, **form.cleaned_data)
    return referral_for(request.user, pk)
