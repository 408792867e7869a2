"""The checklist's suggested level, and the reasons for it.

The suggestion supports professional judgement; it never sets a child's status. Every point of
the score is explained: which answers, modifiers and protective factors moved it, and why the
level is what it is. Weighting is partnership policy (cepathway.core.policy.ChecklistWeighting)
and data (indicator weights and floors, modifiers, protective factors).

Following the cautions in the research (see docs/adr/0002-checklist-suggestion.md): signs of
actual harm are kept apart from risk indicators; suspected counts less than evidenced; a child
under 13 or with a learning disability is never suggested below the modifier's floor when any
indicator is present; protective factors lower the score but never below a floor.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cepathway.children.models import CEStatus
from cepathway.core.policy import ChecklistWeighting

from .models import Evidence, ModifierCode, Recency

LEVEL_ORDER = [CEStatus.NONE, CEStatus.LOW, CEStatus.MEDIUM, CEStatus.HIGH]


def rank(level: str) -> int:
    return LEVEL_ORDER.index(CEStatus(level))


def higher(a: str, b: str) -> str:
    return a if rank(a) >= rank(b) else b


@dataclass(frozen=True)
class Answer:
    text: str
    weight: int
    recency: str
    evidence: str
    floor_level: str = CEStatus.NONE
    category: str = ""


@dataclass(frozen=True)
class ModifierHit:
    label: str
    points: int
    floor_level: str


@dataclass(frozen=True)
class Protection:
    text: str
    weight: int


@dataclass
class Suggestion:
    level: str
    score: Decimal
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return CEStatus(self.level).label


def contribution(answer: Answer, weighting: ChecklistWeighting) -> Decimal:
    recency = weighting.current if answer.recency == Recency.CURRENT else weighting.past_three_to_six_months
    evidence = weighting.evidenced if answer.evidence == Evidence.EVIDENCED else weighting.suspected
    return Decimal(str(answer.weight)) * Decimal(str(recency)) * Decimal(str(evidence))


def level_for(score: Decimal, weighting: ChecklistWeighting) -> str:
    if score >= Decimal(str(weighting.high_from)):
        return CEStatus.HIGH
    if score >= Decimal(str(weighting.medium_from)):
        return CEStatus.MEDIUM
    if score >= Decimal(str(weighting.low_from)):
        return CEStatus.LOW
    return CEStatus.NONE


def suggest(
    answers: Iterable[Answer],
    modifiers: Iterable[ModifierHit],
    protections: Iterable[Protection],
    weighting: ChecklistWeighting,
) -> Suggestion:
    answers, modifiers, protections = list(answers), list(modifiers), list(protections)
    if not answers:
        return Suggestion(CEStatus.NONE, Decimal(0), ["No indicators were answered: no level is suggested."])

    reasons: list[str] = []
    score = Decimal(0)
    floor: str = CEStatus.NONE
    floor_reasons: list[str] = []
    for answer in answers:
        points = contribution(answer, weighting)
        score += points
        reasons.append(f"{answer.text} ({_describe(answer)}): +{_fmt(points)}")
        if answer.floor_level != CEStatus.NONE and _counts_for_floor(answer):
            floor = higher(floor, answer.floor_level)
            floor_reasons.append(f"{answer.text} is current and evidenced: never below {_label(answer.floor_level)}")
    for modifier in modifiers:
        if modifier.points:
            score += modifier.points
            reasons.append(f"{modifier.label}: +{modifier.points}")
        if modifier.floor_level != CEStatus.NONE:
            floor = higher(floor, modifier.floor_level)
            floor_reasons.append(f"{modifier.label}: never below {_label(modifier.floor_level)}")
    for protection in protections:
        score -= protection.weight
        reasons.append(f"Protective factor – {protection.text}: −{protection.weight}")
    score = max(score, Decimal(0))

    by_score = level_for(score, weighting)
    level = higher(by_score, floor)
    reasons.append(f"Score {_fmt(score)} suggests {_label(by_score)}.")
    if level != by_score:
        reasons.extend(floor_reasons)
        reasons.append(f"Suggested level raised to {_label(level)} by the rules above.")
    return Suggestion(level, score, reasons)


def modifiers_for_child(child_facts: dict[str, bool], configured: Iterable[tuple[str, int, str]]) -> list[ModifierHit]:
    """The configured modifiers (code, points, floor) whose condition holds for this child."""
    hits = []
    for code, points, floor_level in configured:
        if child_facts.get(code):
            hits.append(ModifierHit(ModifierCode(code).label, points, floor_level))
    return hits


def child_facts(date_of_birth: date, on: date, *, send: bool, looked_after: bool, uasc: bool) -> dict[str, bool]:
    age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    return {
        ModifierCode.UNDER_13: age < 13,
        ModifierCode.SEND: send,
        ModifierCode.LOOKED_AFTER: looked_after,
        ModifierCode.UASC: uasc,
    }


def _counts_for_floor(answer: Answer) -> bool:
    return answer.recency == Recency.CURRENT and answer.evidence == Evidence.EVIDENCED


def _describe(answer: Answer) -> str:
    recency = "current" if answer.recency == Recency.CURRENT else "past 3–6 months"
    return f"{recency}, {Evidence(answer.evidence).label.lower()}"


def _label(level: str) -> str:
    return CEStatus(level).label


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
