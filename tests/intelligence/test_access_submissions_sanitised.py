"""The sanitised version never names the source, whatever words surround the name, however it is
cased, and however the submitter's phone number is spaced; and a text about something else is let
through (so the check does not refuse everything)."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from cepathway.intelligence.submissions.services import names_the_source

SUBMISSION = SimpleNamespace(
    submitter_name="Fictional Ambersmith",
    submitter_agency=SimpleNamespace(name="Fictional Academy Trust"),
    submitter_email="fictional.teacher@example.org",
    submitter_phone="01632 960555",
)
WORDS = st.lists(st.sampled_from(["a", "grey", "car", "park", "seen", "child", "Friday", "at", "the", "van"]))


def sentence(before: list[str], middle: str, after: list[str]) -> str:
    return " ".join([*before, middle, *after])


@given(before=WORDS, after=WORDS, upper=st.booleans())
def test_the_name_the_surname_and_the_agency_are_found_anywhere(before, after, upper) -> None:
    for middle in ("Fictional Ambersmith", "Ambersmith", "Fictional Academy Trust"):
        text = sentence(before, middle.upper() if upper else middle, after)
        assert names_the_source(SUBMISSION, text), text  # type: ignore[arg-type]


@given(before=WORDS, after=WORDS, spacing=st.lists(st.sampled_from(["", " ", "-"]), min_size=10, max_size=10))
def test_the_phone_is_found_however_it_is_spaced(before, after, spacing) -> None:
    digits = "01632960555"
    spaced = "".join(digit + gap for digit, gap in zip(digits, [*spacing, ""], strict=False))
    assert names_the_source(SUBMISSION, sentence(before, spaced, after)) == "their phone number"  # type: ignore[arg-type]


@given(before=WORDS, after=WORDS)
def test_a_text_about_something_else_is_let_through(before, after) -> None:
    assert names_the_source(SUBMISSION, sentence(before, "somebody", after)) == ""  # type: ignore[arg-type]
