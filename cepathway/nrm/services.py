"""Recording an NRM referral and what happens to it: the referral, the decisions, the Independent
Child Trafficking Guardian, the outcome. Each takes the acting person (`by`), checks its rules
(`NrmError`, naming the field), saves in one transaction, audits and, for a decision, tells the
child's allocated social worker."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.policy.wording import long_date

from . import notices
from .models import Decision, Exploitation, NrmReferral

DECISION_FIELDS = (
    "reasonable_grounds",
    "reasonable_grounds_on",
    "conclusive_grounds",
    "conclusive_grounds_on",
    "reconsideration_requested_on",
)
GUARDIAN_FIELDS = ("guardian_name", "guardian_organisation", "guardian_allocated_on")
OUTCOME_FIELDS = ("outcome", "closed_on")


class NrmError(RuleError):
    """What was entered breaks a rule of an NRM referral; nothing was saved."""


def _not_future(day: date | None, field: str, what: str) -> None:
    if day is not None and day > timezone.localdate():
        raise NrmError(f"The date {what} must be today or in the past.", field=field)


def _not_before_referral(day: date | None, referral: NrmReferral, field: str, what: str) -> None:
    if day is not None and day < referral.referred_on:
        raise NrmError(
            f"The date {what} cannot be before the referral was made ({long_date(referral.referred_on)}).",
            field=field,
        )


@transaction.atomic
def make_referral(
    child: Child,
    *,
    first_responder_kind: str,
    first_responder_name: str,
    referred_on: date,
    exploitation: list[str],
    exploitation_detail: str = "",
    referred_by: Any = None,
    by: Any,
) -> NrmReferral:
    """Record that `child` was referred to the NRM (by `referred_by`, else the person recording)."""
    _not_future(referred_on, "referred_on", "of the referral")
    if referred_on < child.date_of_birth:
        raise NrmError("The date of the referral cannot be before the child was born.", field="referred_on")
    if not exploitation:
        raise NrmError("Choose the exploitation suspected.", field="exploitation")
    unknown = set(exploitation) - set(Exploitation.values)
    if unknown:
        raise NrmError("Choose the exploitation suspected from the list.", field="exploitation")
    if Exploitation.OTHER in exploitation and not exploitation_detail.strip():
        raise NrmError("Say what other exploitation is suspected.", field="exploitation_detail")
    referral = NrmReferral(
        child=child,
        first_responder_kind=first_responder_kind,
        first_responder_name=first_responder_name.strip(),
        referred_on=referred_on,
        referred_by=referred_by or by,
        exploitation=[value for value in Exploitation.values if value in exploitation],
        exploitation_detail=exploitation_detail.strip() if Exploitation.OTHER in exploitation else "",
    )
    referral.save_tracked(by)
    audit.created(by, referral)
    return referral


def check_decisions(
    referral: NrmReferral,
    *,
    reasonable_grounds: str,
    reasonable_grounds_on: date | None,
    conclusive_grounds: str,
    conclusive_grounds_on: date | None,
    reconsideration_requested_on: date | None,
) -> None:
    """The rules of the decisions (each refusal names its field)."""
    if reasonable_grounds == Decision.AWAITED:
        if reasonable_grounds_on is not None:
            raise NrmError(
                "Leave the date of the reasonable grounds decision empty while it is awaited.",
                field="reasonable_grounds_on",
            )
    elif reasonable_grounds_on is None:
        raise NrmError("Enter the date of the reasonable grounds decision.", field="reasonable_grounds_on")
    what_rg = "of the reasonable grounds decision"
    _not_future(reasonable_grounds_on, "reasonable_grounds_on", what_rg)
    _not_before_referral(reasonable_grounds_on, referral, "reasonable_grounds_on", what_rg)
    if conclusive_grounds != Decision.AWAITED:
        if reasonable_grounds != Decision.POSITIVE:
            raise NrmError(
                "A conclusive grounds decision follows only a positive reasonable grounds decision: record that first.",
                field="conclusive_grounds",
            )
        if conclusive_grounds_on is None:
            raise NrmError("Enter the date of the conclusive grounds decision.", field="conclusive_grounds_on")
    elif conclusive_grounds_on is not None:
        raise NrmError(
            "Leave the date of the conclusive grounds decision empty while it is awaited.",
            field="conclusive_grounds_on",
        )
    what_cg = "of the conclusive grounds decision"
    _not_future(conclusive_grounds_on, "conclusive_grounds_on", what_cg)
    _not_before_referral(conclusive_grounds_on, referral, "conclusive_grounds_on", what_cg)
    if conclusive_grounds_on and reasonable_grounds_on and conclusive_grounds_on < reasonable_grounds_on:
        raise NrmError(
            "The conclusive grounds decision cannot be dated before the reasonable grounds decision "
            f"({long_date(reasonable_grounds_on)}).",
            field="conclusive_grounds_on",
        )
    if reconsideration_requested_on is not None:
        if Decision.NEGATIVE not in (reasonable_grounds, conclusive_grounds):
            raise NrmError(
                "A reconsideration is asked for only after a negative decision.",
                field="reconsideration_requested_on",
            )
        what = "a reconsideration was asked for"
        _not_future(reconsideration_requested_on, "reconsideration_requested_on", what)
        _not_before_referral(reconsideration_requested_on, referral, "reconsideration_requested_on", what)


@transaction.atomic
def record_decisions(
    referral: NrmReferral,
    *,
    reasonable_grounds: str,
    reasonable_grounds_on: date | None,
    conclusive_grounds: str,
    conclusive_grounds_on: date | None,
    reconsideration_requested_on: date | None = None,
    expected_version: int,
    by: Any,
) -> list[str]:
    """Record (or correct) the competent authority's decisions. Two people recording at once: the
    second is told (StaleRecordError) and nothing of theirs is saved."""
    values: dict[str, Any] = {
        "reasonable_grounds": reasonable_grounds,
        "reasonable_grounds_on": reasonable_grounds_on,
        "conclusive_grounds": conclusive_grounds,
        "conclusive_grounds_on": conclusive_grounds_on,
        "reconsideration_requested_on": reconsideration_requested_on,
    }
    check_decisions(referral, **values)
    before = audit.snapshot(referral, DECISION_FIELDS)
    for name, value in values.items():
        setattr(referral, name, value)
    changed = audit.changed_fields(before, audit.snapshot(referral, DECISION_FIELDS))
    referral.save_versioned(by, expected_version)
    audit.changed(by, referral, changed, detail="NRM decisions")
    decided = [
        stage
        for stage in ("reasonable_grounds", "conclusive_grounds")
        if {stage, f"{stage}_on"} & set(changed) and values[stage] != Decision.AWAITED
    ]
    if decided:
        notices.decision_recorded(referral, decided, by=by)
    return changed


@transaction.atomic
def record_guardian(
    referral: NrmReferral,
    *,
    guardian_name: str,
    guardian_organisation: str,
    guardian_allocated_on: date | None,
    expected_version: int,
    by: Any,
) -> list[str]:
    """Record the Independent Child Trafficking Guardian allocated to the child (or take it off when
    it was recorded in error: every field empty)."""
    name, organisation = guardian_name.strip(), guardian_organisation.strip()
    if name or organisation or guardian_allocated_on:
        if not name:
            raise NrmError("Enter the guardian's name.", field="guardian_name")
        if not organisation:
            raise NrmError("Enter the guardian's organisation.", field="guardian_organisation")
        if guardian_allocated_on is None:
            raise NrmError("Enter the date the guardian was allocated.", field="guardian_allocated_on")
        _not_future(guardian_allocated_on, "guardian_allocated_on", "the guardian was allocated")
        _not_before_referral(guardian_allocated_on, referral, "guardian_allocated_on", "the guardian was allocated")
    before = audit.snapshot(referral, GUARDIAN_FIELDS)
    referral.guardian_name, referral.guardian_organisation = name, organisation
    referral.guardian_allocated_on = guardian_allocated_on
    changed = audit.changed_fields(before, audit.snapshot(referral, GUARDIAN_FIELDS))
    referral.save_versioned(by, expected_version)
    audit.changed(by, referral, changed, detail="Independent Child Trafficking Guardian")
    return changed


@transaction.atomic
def record_outcome(
    referral: NrmReferral, *, outcome: str, closed_on: date | None, expected_version: int, by: Any
) -> list[str]:
    """The outcome and notes, and the date the partnership closed its record of the referral."""
    _not_future(closed_on, "closed_on", "closed")
    _not_before_referral(closed_on, referral, "closed_on", "closed")
    before = audit.snapshot(referral, OUTCOME_FIELDS)
    referral.outcome, referral.closed_on = outcome.strip(), closed_on
    changed = audit.changed_fields(before, audit.snapshot(referral, OUTCOME_FIELDS))
    referral.save_versioned(by, expected_version)
    audit.changed(by, referral, changed, detail="NRM outcome")
    return changed
