"""What the pages, panels, the Level 2 line and the API say about a referral: how long a decision
has been awaited against what the partnership's policy expects, in the policy's own words."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from cepathway.core.policy import TIMESCALES, PartnershipPolicy
from cepathway.policy.services import policy_for
from cepathway.policy.wording import long_date, quantity_text

from .models import Decision, NrmReferral, working_days_after

RG = "nrm_reasonable_grounds_working_days"
CG = "nrm_conclusive_grounds_days"


@dataclass(frozen=True)
class Waiting:
    """One decision awaited: what the policy expects and how long it has been awaited."""

    decision: str  # "reasonable grounds" or "conclusive grounds"
    expected: str  # "expected within 5 working days"
    awaited: str  # "awaited 12 working days"
    is_late: bool
    source: str  # where the policy's default comes from

    @property
    def sentence(self) -> str:
        return f"{self.expected}; {self.awaited}"


def waiting(referral: NrmReferral, policy: PartnershipPolicy, today: date | None = None) -> Waiting | None:
    """How long the referral's awaited decision has been awaited, or None when none is (the same
    rule as NrmReferralQuerySet.awaited_past_expected, stated for one referral)."""
    today = today or timezone.localdate()
    times = policy.timescales
    if referral.awaits == "reasonable":
        limit = times.nrm_reasonable_grounds_working_days
        unit = TIMESCALES[RG].unit
        days = working_days_after(referral.referred_on, today, policy.working_days_region)
        return Waiting(
            "reasonable grounds",
            f"expected within {quantity_text(limit, unit)} of the referral",
            f"awaited {quantity_text(days, unit)}",
            days > limit,
            TIMESCALES[RG].source,
        )
    if referral.awaits == "conclusive" and referral.reasonable_grounds_on is not None:
        limit = times.nrm_conclusive_grounds_days
        unit = TIMESCALES[CG].unit
        days = max((today - referral.reasonable_grounds_on).days, 0)
        return Waiting(
            "conclusive grounds",
            f"chased after {quantity_text(limit, unit)} from the reasonable grounds decision",
            f"awaited {quantity_text(days, unit)}",
            days > limit,
            TIMESCALES[CG].source,
        )
    return None


def decision_text(decision: str, on: date | None) -> str:
    if decision == Decision.AWAITED or on is None:
        return "awaited"
    return f"{Decision(decision).label.lower()} {long_date(on)}"


def summary_line(referral: NrmReferral) -> str:
    """ "NRM: referred 3 March 2026; reasonable grounds positive 10 March 2026; conclusive awaited"."""
    parts = [f"NRM: referred {long_date(referral.referred_on)}"]
    parts.append(f"reasonable grounds {decision_text(referral.reasonable_grounds, referral.reasonable_grounds_on)}")
    if referral.reasonable_grounds == Decision.POSITIVE:
        parts.append(f"conclusive {decision_text(referral.conclusive_grounds, referral.conclusive_grounds_on)}")
    if referral.reconsideration_requested_on:
        parts.append(f"reconsideration asked for {long_date(referral.reconsideration_requested_on)}")
    if referral.has_guardian:
        parts.append("guardian allocated")
    if referral.closed_on:
        parts.append(f"closed {long_date(referral.closed_on)}")
    return "; ".join(parts)


@dataclass
class ReferralView:
    """A referral as one person may read it: `full` for those who read the details (rules.py)."""

    referral: NrmReferral
    full: bool
    waiting: Waiting | None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "referral" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["referral"], name)

    @property
    def line(self) -> str:
        return summary_line(self.referral)

    @property
    def is_late(self) -> bool:
        return bool(self.waiting and self.waiting.is_late)


def views_of(referrals: list[NrmReferral], user: Any, today: date | None = None) -> list[ReferralView]:
    """The referrals as `user` reads them (one policy read per partnership)."""
    full = user.has_perm("nrm.view_details")
    policies: dict[Any, PartnershipPolicy] = {}
    shown = []
    for referral in referrals:
        partnership_id = referral.child.partnership_id
        if partnership_id not in policies:
            policies[partnership_id] = policy_for(partnership_id)
        shown.append(ReferralView(referral, full, waiting(referral, policies[partnership_id], today)))
    return shown


def expectation(policy: PartnershipPolicy) -> str:
    """What the partnership's policy expects of the decisions, with where its defaults come from."""
    times = policy.timescales
    rg = quantity_text(times.nrm_reasonable_grounds_working_days, TIMESCALES[RG].unit)
    cg = quantity_text(times.nrm_conclusive_grounds_days, TIMESCALES[CG].unit)
    return (
        f"Your partnership's policy expects a reasonable grounds decision within {rg} of the referral "
        f"({_source(RG)}) and chases a conclusive grounds decision {cg} after a positive reasonable "
        f"grounds decision ({_source(CG)})."
    )


def _source(name: str) -> str:
    """Where a default comes from, as a clause: "Home Office ...: within 5 working days where possible"."""
    source = TIMESCALES[name].source.rstrip(".")
    return source if source.startswith("Home Office") else source[:1].lower() + source[1:]
