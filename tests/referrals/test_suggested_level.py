"""The checklist suggests a level and shows which answers drove it; it never decides."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cepathway.children.models import CEStatus
from cepathway.core.policy import ChecklistWeighting
from cepathway.referrals.checklist import Answer, ModifierHit, Protection, rank, suggest

W = ChecklistWeighting()


def answer(text: str = "Goes missing", weight: int = 3, recency: str = "current", evidence: str = "evidenced", **kw):
    return Answer(text=text, weight=weight, recency=recency, evidence=evidence, **kw)


def test_no_answers_suggest_no_level():
    result = suggest([], [], [], W)
    assert result.level == CEStatus.NONE
    assert result.score == 0
    assert "No indicators" in result.reasons[0]


def test_each_answer_is_named_with_its_points():
    result = suggest([answer("Goes missing", 3), answer("Second phone", 4)], [], [], W)
    assert result.score == Decimal(7)
    assert result.level == CEStatus.MEDIUM
    assert any(reason.startswith("Goes missing (current, evidenced): +3") for reason in result.reasons)
    assert any(reason.startswith("Second phone (current, evidenced): +4") for reason in result.reasons)


def test_only_suspected_answers_count_half():
    evidenced = suggest([answer(weight=4), answer("Cash", 4)], [], [], W)
    suspected = suggest([answer(weight=4, evidence="suspected"), answer("Cash", 4, evidence="suspected")], [], [], W)
    assert evidenced.score == 8 and evidenced.level == CEStatus.MEDIUM
    assert suspected.score == 4 and suspected.level == CEStatus.LOW
    assert "suspected" in suspected.reasons[0]


def test_past_answers_count_half():
    assert suggest([answer(weight=6, recency="past")], [], [], W).score == 3


def test_under_13_is_never_below_medium_when_anything_is_answered():
    under_13 = ModifierHit("Child is under 13", 2, CEStatus.MEDIUM)
    result = suggest([answer(weight=1, evidence="suspected")], [under_13], [], W)
    assert result.score == Decimal("2.5")
    assert result.level == CEStatus.MEDIUM
    assert any("Child is under 13: never below Medium" in reason for reason in result.reasons)
    assert result.reasons[-1] == "Suggested level raised to Medium by the rules above."


def test_under_13_with_no_answers_suggests_nothing():
    under_13 = ModifierHit("Child is under 13", 2, CEStatus.MEDIUM)
    assert suggest([], [under_13], [], W).level == CEStatus.NONE


def test_protective_factors_lower_the_score_but_never_below_zero():
    result = suggest([answer(weight=2)], [], [Protection("Trusted adult", 2), Protection("At school", 1)], W)
    assert result.score == 0
    assert result.level == CEStatus.NONE
    assert "Protective factor – Trusted adult: −2" in result.reasons


def test_protective_factors_cannot_lower_below_a_floor():
    harm = answer("Found in a trap house", weight=8, floor_level=CEStatus.HIGH)
    result = suggest([harm], [], [Protection("Trusted adult", 5)], W)
    assert result.score == 3
    assert result.level == CEStatus.HIGH


def test_a_harm_floor_needs_current_and_evidenced():
    suspected_harm = answer("Found in a trap house", weight=8, evidence="suspected", floor_level=CEStatus.HIGH)
    assert suggest([suspected_harm], [], [], W).level == CEStatus.LOW


def test_thresholds_are_policy():
    strict = ChecklistWeighting(medium_from=3, high_from=5)
    assert suggest([answer(weight=3)], [], [], strict).level == CEStatus.MEDIUM
    assert suggest([answer(weight=3)], [], [], W).level == CEStatus.LOW


answers = st.lists(
    st.builds(
        Answer,
        text=st.text(min_size=1, max_size=20),
        weight=st.integers(1, 10),
        recency=st.sampled_from(["current", "past"]),
        evidence=st.sampled_from(["evidenced", "suspected"]),
        floor_level=st.sampled_from(list(CEStatus)),
    ),
    max_size=12,
)
protections = st.lists(st.builds(Protection, text=st.just("factor"), weight=st.integers(1, 5)), max_size=5)


@settings(deadline=None)  # pure, but a loaded CI machine can be slow
@given(answers, protections)
def test_more_concern_never_lowers_the_suggestion(found, protective):
    base = suggest(found, [], protective, W)
    more = suggest([*found, answer("Extra worry", 5)], [], protective, W)
    assert rank(more.level) >= rank(base.level)


@settings(deadline=None)  # pure, but a loaded CI machine can be slow
@given(answers, protections)
def test_every_answer_is_explained(found, protective):
    result = suggest(found, [], protective, W)
    for item in found:
        assert any(reason.startswith(f"{item.text} (") for reason in result.reasons)
    assert result.score >= 0
