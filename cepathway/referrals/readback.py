"""What a referral's page reads back and tells the referrer: what was submitted, grouped as the
form asked it, and what happens next.

Pages show what the person who made the referral (and anyone else who may see it) submitted: the
checklist's answers by category, in the checklist's order, with the protective factors. The
suggestion and its score are not part of it: they are for the people who decide.
"""

from dataclasses import dataclass
from typing import Any

from cepathway.policy import wording

from .models import CEType, IndicatorKind, Referral, ReferralAnswer, ReferralStatus, Route, Urgency


@dataclass(frozen=True)
class AnswerGroup:
    category: str
    answers: list[ReferralAnswer]


@dataclass(frozen=True)
class Submitted:
    """What was submitted with a referral, as its page reads it back."""

    groups: list[AnswerGroup]
    protective: list[str]
    ce_types: list[str]

    @property
    def any_harm(self) -> bool:
        return any(answer.indicator_kind == IndicatorKind.HARM for group in self.groups for answer in group.answers)


def submitted(referral: Referral) -> Submitted:
    """The referral's checklist answers by category, in the order the form asked them."""
    answers = referral.answers.select_related("indicator__category").order_by(
        "indicator__category__order", "indicator__order", "indicator_text"
    )
    groups: dict[str, list[ReferralAnswer]] = {}
    for answer in answers:
        groups.setdefault(answer.category_name, []).append(answer)
    labels = dict(CEType.choices)
    return Submitted(
        groups=[AnswerGroup(category, items) for category, items in groups.items()],
        protective=[factor.text for factor in referral.protective_factors.order_by("factor__order", "text")],
        ce_types=[labels.get(value, value) for value in referral.ce_types],
    )


def what_happens_next(referral: Referral, policy: Any) -> list[str]:
    """What happens next to an open referral, and when, as its referrer is told. Empty once decided
    (the page's outcome says what followed). No timescale is invented: the hub's comes from the
    urgency the referrer chose; the rest is the order of the pathway and the partnership's policy."""
    decides = "CERAR decides whether the pathway ends or a Level 1 meeting is held."
    told = "You will be emailed when there is an outcome, and this page will show it."
    if referral.status == ReferralStatus.SUBMITTED:
        when = (
            "The safeguarding hub will look at it today, because you said it is a priority."
            if referral.urgency == Urgency.PRIORITY
            else "The safeguarding hub will look at it within its usual timescales."
        )
        return [
            when,
            "The hub checks what other agencies know about the child and may call you"
            + (f" on {referral.referrer_phone}." if referral.referrer_phone else "."),
            f"If the hub finds child exploitation is a concern, {decides} {wording.level1_chair_sentence(policy)}",
            told,
        ]
    if referral.status == ReferralStatus.CONSULTATION_REQUESTED:
        return ["CERAR will talk the child's situation through with you in a consultation.", f"Then {decides}", told]
    if referral.status == ReferralStatus.AWAITING_DECISION:
        return [decides, told]
    return []


def urgent_line(referral: Referral, policy: Any) -> str:
    """Who to phone if things get worse before then (the partnership's contacts)."""
    phone = policy.contacts.hub_urgent_phone
    if referral.route == Route.CONSULTATION:
        cerar = policy.contacts.cerar_phone
        return f"If you are more worried before then, phone CERAR on {cerar}." if cerar else ""
    return f"If you are more worried before then, phone the safeguarding hub on {phone}." if phone else ""
