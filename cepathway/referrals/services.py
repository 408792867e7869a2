"""Referral business rules: submit a contact or consultation request, the hub's assessment, the
CERAR consultation and decision, and telling the referrer. Views and the API call these."""

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children import services as children
from cepathway.children.models import CEStatus, Child, IdentityStatus, InvolvementKind
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.policy.services import policy_for

from . import checklist, notifications, triage
from .models import (
    Decision,
    Indicator,
    Modifier,
    ProtectiveFactor,
    Referral,
    ReferralAnswer,
    ReferralProtectiveFactor,
    ReferralStatus,
    Route,
)

CHILD_FIELDS = (
    "first_name",
    "last_name",
    "other_names",
    "date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "school",
    "open_to_childrens_services",
    "looked_after",
    "send",
    "uasc",
)
CONTACT_FIELDS = (
    "referrer_phone",
    "parent_name",
    "parent_relationship",
    "parent_phone",
    "parent_aware",
    "concern",
    "ce_types",
    "legal_basis",
    "consent_not_sought_reason",
    "urgency",
)


@dataclass
class ChecklistAnswer:
    indicator: Indicator
    recency: str
    evidence: str


@dataclass
class ChecklistReturn:
    answers: list[ChecklistAnswer] = field(default_factory=list)
    protective: list[ProtectiveFactor] = field(default_factory=list)


def new_reference() -> str:
    return f"CE-{timezone.localdate():%y%m}-{secrets.token_hex(3).upper()}"


def facts_of(child: Child, on: date) -> dict[str, bool]:
    return checklist.child_facts(
        child.date_of_birth, on, send=child.send, looked_after=child.looked_after, uasc=child.uasc
    )


def reported_modifiers(child_details: dict[str, Any], on: date) -> list[str]:
    """The modifiers the contact form gave for the child (none when it gave no details)."""
    born = child_details.get("date_of_birth")
    if born is None:
        return []
    flags = {name: bool(child_details.get(name)) for name in ("send", "looked_after", "uasc")}
    return [code for code, holds in checklist.child_facts(born, on, **flags).items() if holds]


def modifier_facts(referral: Referral, child: Child | None = None) -> dict[str, bool]:
    """What the form said about the child together with what the child's record holds."""
    on = timezone.localdate(referral.created_at)
    facts = facts_of(child or referral.child, on)
    return {code: holds or code in referral.reported_modifiers for code, holds in facts.items()}


def suggestion_of(referral: Referral, child: Child | None = None) -> dict[str, Any]:
    """The checklist's suggestion, as the referral's field values, from the answers given and the
    modifiers of the child the referral is about (or of `child`, the record it is to be linked to)."""
    configured = Modifier.objects.filter(partnership=referral.partnership, active=True).values_list(
        "code", "points", "floor_level"
    )
    answers = referral.answers.order_by("indicator__category__order", "indicator__order", "indicator_text")
    suggestion = checklist.suggest(
        [
            checklist.Answer(
                text=a.indicator_text,
                weight=a.weight,
                recency=a.recency,
                evidence=a.evidence,
                floor_level=a.floor_level,
                category=a.category_name,
            )
            for a in answers
        ],
        checklist.modifiers_for_child(modifier_facts(referral, child), configured),
        [checklist.Protection(p.text, p.weight) for p in referral.protective_factors.all()],
        policy_for(referral.partnership_id).checklist,
    )
    return {
        "suggested_level": suggestion.level,
        "suggestion_score": suggestion.score,
        "suggestion_reasons": suggestion.reasons,
    }


def matches_for_details(user: Any, details: dict[str, Any]) -> list[children.PossibleMatch]:
    """Children `user` may see who could be the child described on a contact form."""
    return children.possible_matches(
        Child.objects.visible_to(user),
        first_name=details["first_name"],
        last_name=details["last_name"],
        date_of_birth=details["date_of_birth"],
        postcode=details.get("postcode", ""),
        address_line_1=details.get("address_line_1", ""),
    )


def matches_for_referral(user: Any, referral: Referral) -> list[children.PossibleMatch]:
    """Other children `user` may see who could be the child this referral is about."""
    child = referral.child
    return children.possible_matches(
        Child.objects.visible_to(user),
        first_name=child.first_name,
        last_name=child.last_name,
        date_of_birth=child.date_of_birth,
        postcode=child.postcode,
        address_line_1=child.address_line_1,
        exclude=child,
    )


def audit_matches_shown(request: Any, matches: list[children.PossibleMatch]) -> None:
    """A page or API answer offering possible matches shows other children's details: one `viewed`
    entry for each child offered, so their record's audit trail shows who saw them and why."""
    audit.viewed_each(request.user, [match.child for match in matches], detail="offered as a possible match")


@transaction.atomic
def submit_contact(
    *, by: Any, child_details: dict[str, Any], contact: dict[str, Any], answers: ChecklistReturn, link_to: Child | None
) -> Referral:
    """A professional's single contact form with the checklist, for a child not open to
    children's services. Creates a provisional child record unless the referrer linked a child
    they can already see; the hub confirms the identity or links it to the existing record."""
    if link_to is None:
        child = Child(partnership=by.agency.partnership, **child_details)
        child.save_tracked(by)
        audit.created(by, child, detail="provisional record from a contact form")
    else:
        child = link_to
    children.involve(child, by, InvolvementKind.REFERRER, by=by, reason="made a CE referral")
    reported = reported_modifiers(child_details, timezone.localdate())
    referral = _new_referral(by, child, Route.CONTACT, {**contact, "reported_modifiers": reported})
    _save_checklist(referral, answers, by)
    triage.start(referral, "submit_contact", by=by)
    audit.created(by, referral, detail=f"contact form {referral.reference}")
    return referral


@transaction.atomic
def request_consultation(*, by: Any, child: Child, reason: str, answers: ChecklistReturn) -> Referral:
    """The allocated social worker of a child open to children's services asks CERAR to consult.
    One at a time: while one waits for CERAR, a second is refused, pointing to the first."""
    refuse_second_consultation(child)
    referral = _new_referral(
        by, child, Route.CONSULTATION, {"concern": reason, "consultation_reason": reason, "legal_basis": "safeguarding"}
    )
    _save_checklist(referral, answers, by)
    triage.start(referral, "request_consultation", by=by)
    audit.created(by, referral, detail=f"consultation request {referral.reference}")
    return referral


def waiting_consultation(child: Child) -> Referral | None:
    """The child's consultation request still waiting for CERAR's consultation or decision."""
    waiting = [ReferralStatus.CONSULTATION_REQUESTED, ReferralStatus.AWAITING_DECISION]
    rows = Referral.objects.filter(child=child, route=Route.CONSULTATION, status__in=waiting)
    return rows.order_by("created_at").first()


def refuse_second_consultation(child: Child) -> None:
    waiting = waiting_consultation(child)
    if waiting is not None:
        raise triage.TriageError(
            f"A consultation for this child is already waiting for CERAR: {waiting.reference}, requested on "
            f"{timezone.localtime(waiting.created_at):%-d %B %Y}. CERAR considers it once: if something has "
            "changed since it was made, tell CERAR directly rather than asking again."
        )


def _new_referral(by: Any, child: Child, route: str, contact: dict[str, Any]) -> Referral:
    values = dict(contact)
    if values.get("legal_basis") == "safeguarding" and not values.get("consent_not_sought_reason"):
        values["consent_not_sought_reason"] = "Open to children's services: shared within the statutory case."
    referral = Referral(
        partnership=child.partnership,
        reference=new_reference(),
        route=route,
        status="",
        child=child,
        referrer=by,
        referrer_agency=by.agency,
        **values,
    )
    referral.save_tracked(by)
    return referral


def _save_checklist(referral: Referral, answers: ChecklistReturn, by: Any) -> None:
    for answer in answers.answers:
        indicator = answer.indicator
        row = ReferralAnswer(
            referral=referral,
            indicator=indicator,
            category_name=indicator.category.name,
            indicator_text=indicator.text,
            indicator_kind=indicator.kind,
            weight=indicator.weight,
            floor_level=indicator.floor_level,
            recency=answer.recency,
            evidence=answer.evidence,
        )
        row.save_tracked(by)
    for factor in answers.protective:
        ReferralProtectiveFactor(referral=referral, factor=factor, text=factor.text, weight=factor.weight).save_tracked(
            by
        )
    suggestion = suggestion_of(referral)
    for name, value in suggestion.items():
        setattr(referral, name, value)
    referral.save(update_fields=list(suggestion))


def suggested_level_about(referral: Referral, child: Child | None) -> str:
    """The level the checklist suggests for `referral` once it is about `child` (the record the hub
    links it to), or as it stands when the child stays the same."""
    if child is None or child.pk == referral.child_id:
        return referral.suggested_level
    return str(suggestion_of(referral, child)["suggested_level"])


def refuse_problems(problems: dict[str, str]) -> None:
    """Refuse a step with what is missing (the forms check the same first, so only a caller that
    skipped them meets this)."""
    if problems:
        field, message = next(iter(problems.items()))
        raise RuleError(" ".join(problems.values()) if len(problems) > 1 else message, field=field)


def hub_assessment_problems(suggested_level: str, data: dict[str, Any]) -> dict[str, str]:
    """What is missing from the hub's assessment, by field. Used by the form, the API and
    `record_hub_assessment`. "No CE concern" ends the pathway, so it needs the reason and the
    referrer's advice; against a Medium or High suggestion, also the hub's rationale."""
    problems: dict[str, str] = {}
    if data.get("ce_concern") is not False:
        return problems
    if not (data.get("end_reason") or "").strip():
        problems["end_reason"] = "Enter why the pathway ends"
    if not (data.get("advice_given") or "").strip():
        problems["advice_given"] = "Enter the advice"
    suggested = CEStatus(suggested_level or CEStatus.NONE)
    if checklist.rank(suggested) >= checklist.rank(CEStatus.MEDIUM) and not (data.get("rationale") or "").strip():
        problems["rationale"] = (
            f"The checklist suggests {suggested.label}: explain why child exploitation is not a concern"
        )
    return problems


@transaction.atomic
def record_hub_assessment(
    referral: Referral,
    *,
    by: Any,
    link_to: Child | None,
    assessment: str,
    agencies_consulted: str,
    ce_concern: bool,
    end_reason: str = "",
    advice_given: str = "",
    rationale: str = "",
) -> Referral:
    """The hub's multi-agency assessment. Resolves the child's identity first (link to an
    existing record or confirm a new one); a CE concern puts the referral in front of CERAR. No CE
    concern against a Medium or High suggestion needs the hub's rationale, kept with the step."""
    about = referral.child_id
    _resolve_identity(referral, link_to, by)
    to = ReferralStatus.AWAITING_DECISION if ce_concern else ReferralStatus.ENDED
    changes: dict[str, Any] = {
        "child": referral.child,
        "hub_assessment": assessment,
        "hub_agencies_consulted": agencies_consulted,
        "hub_ce_concern": ce_concern,
    }
    if referral.child_id != about:
        changes.update(suggestion_of(referral))
    data = {"ce_concern": ce_concern, "end_reason": end_reason, "advice_given": advice_given, "rationale": rationale}
    refuse_problems(hub_assessment_problems(changes.get("suggested_level", referral.suggested_level), data))
    if not ce_concern:
        changes.update(end_reason=end_reason, advice_given=advice_given, decision=Decision.END)
        changes.update(decided_by=by, decided_at=timezone.now(), hub_rationale=rationale.strip())
    note = (rationale.strip() or end_reason) if not ce_concern else "CE flagged"
    triage.move(referral, "hub_assessment", to, by=by, note=note, **changes)
    audit.changed(by, referral, [*changes, "status"], detail="hub assessment recorded")
    if not ce_concern:
        notifications.tell_referrer(referral, by=by)
    return referral


def _resolve_identity(referral: Referral, link_to: Child | None, by: Any) -> None:
    child = referral.child
    if link_to is not None and link_to.pk != child.pk:
        others = list(Referral.objects.filter(child=child).exclude(pk=referral.pk))
        # The merge moves every referral of the provisional record, this one too (a saved change,
        # so its version moves on: the assessment's own move expects that, and nothing else).
        referral.child = children.merge_into(child, link_to, by=by)
        referral.version += 1
        for other in others:
            _about_the_linked_child(other, by)
    elif child.identity_status == IdentityStatus.PROVISIONAL:
        children.confirm_identity(child, by=by)


def _about_the_linked_child(referral: Referral, by: Any) -> None:
    """Another referral the merge moved to the linked child: while it is still open, the checklist's
    suggestion is recomputed with that child's modifiers, as for the referral being assessed."""
    referral.refresh_from_db()
    if not referral.is_open:
        return  # decided: the suggestion stays what the decider saw
    suggestion = suggestion_of(referral)
    if all(getattr(referral, name) == value for name, value in suggestion.items()):
        return
    for name, value in suggestion.items():
        setattr(referral, name, value)
    referral.save_tracked(by, update_fields=[*suggestion, *children.TRACKING])
    audit.changed(by, referral, list(suggestion), detail="suggestion recomputed for the linked child")


@transaction.atomic
def record_consultation(referral: Referral, *, by: Any, notes: str) -> Referral:
    triage.move(referral, "consultation", ReferralStatus.AWAITING_DECISION, by=by, consultation_notes=notes)
    audit.changed(by, referral, ["consultation_notes", "status"], detail="consultation recorded")
    return referral


def decision_problems(referral: Referral, data: dict[str, Any]) -> dict[str, str]:
    """What is missing from a decision, by field. Used by the form, the API and `decide`."""
    problems = {}
    differs = bool(data.get("judged_level")) and data["judged_level"] != referral.suggested_level
    if differs and not (data.get("rationale") or "").strip():
        problems["rationale"] = (
            "Explain why your judgement differs from the checklist's suggestion "
            f"({referral.get_suggested_level_display()})"
        )
    if data.get("decision") == Decision.END:
        if not (data.get("end_reason") or "").strip():
            problems["end_reason"] = "Enter why the pathway ends"
        if not (data.get("advice_given") or "").strip():
            problems["advice_given"] = "Enter the advice given to the referrer"
    return problems


@transaction.atomic
def decide(
    referral: Referral,
    *,
    by: Any,
    decision: str,
    judged_level: str,
    rationale: str = "",
    end_reason: str = "",
    advice_given: str = "",
) -> Referral:
    """CERAR's decision: the pathway ends, or a Level 1 meeting is held. Made once."""
    data = {"decision": decision, "judged_level": judged_level, "rationale": rationale}
    data.update(end_reason=end_reason, advice_given=advice_given)
    refuse_problems(decision_problems(referral, data))
    to = ReferralStatus.LEVEL1_REQUIRED if decision == Decision.LEVEL1 else ReferralStatus.ENDED
    changes = {
        "decision": decision,
        "judged_level": judged_level,
        "decision_rationale": rationale,
        "end_reason": end_reason if decision == Decision.END else "",
        "advice_given": advice_given,
        "decided_by": by,
        "decided_at": timezone.now(),
    }
    triage.move(referral, "decision", to, by=by, note=rationale or end_reason, **changes)
    audit.changed(by, referral, [*changes, "status"], detail=f"decision: {decision}")
    notifications.tell_referrer(referral, by=by)
    return referral
