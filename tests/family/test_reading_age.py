"""Every family-facing text is written for a reading age of 11 or under.

A family-facing template starts with the line `{# family-facing #}`. This test finds every such
template in the project, strips it to its words (each variable read as a short name, each tag left
out, each block of text ended as a sentence) and measures it with the Flesch-Kincaid grade level
(textstat 0.7.8). A UK reading age is the US school grade plus 5, so a grade of 6 or under is a
reading age of 11 or under. The guide and both letters are also rendered, as a family would get
them, with the partnership's policy filled in, and measured the same way; and a template with one
hard paragraph in it fails (the test proves it can).

Flesch-Kincaid, because it reads sentence length and word length only, so it works on short texts
(a letter of a dozen sentences) where SMOG needs 30 sentences, and needs no word list (Dale-Chall's
is American and would count "carer" and "council" as hard). docs/family-guide-and-letters.md says more.
"""

import html
import re
from pathlib import Path

import pytest
import textstat
from django.urls import reverse

from cepathway.core.policy import PARENTS_GUIDE_POLICY
from cepathway.people.models import Role
from tests.factories import adopt_policy

ROOT = Path(__file__).resolve().parents[2]
MARKER = "{# family-facing #}"
MOST_GRADE = 6  # Flesch-Kincaid grade 6 = reading age 11
LONG_PARAGRAPH_WORDS = 25  # a paragraph this long is measured on its own too: on one short sentence
# Flesch-Kincaid reads a single long word ("professional") as a hard text
NAME = "Sam"  # what a variable reads as

BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|dt|dd|td|th|legend|label|title|div|strong)>", re.I)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
RAW_BLOCK = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


def family_facing_templates() -> list[Path]:
    found = []
    for path in sorted((ROOT / "cepathway").glob("**/templates/**/*")):
        if path.suffix in (".html", ".txt") and path.is_file():
            first = path.read_text(encoding="utf-8").lstrip().split("\n", 1)[0].strip()
            if first == MARKER:
                found.append(path)
    return found


def paragraphs_of(source: str) -> list[str]:
    """The template's (or page's) words, a paragraph a block, each ending as a sentence."""
    text = COMMENT_BLOCK.sub(" ", source)
    text = re.sub(r"{#.*?#}", " ", text, flags=re.S)
    text = RAW_BLOCK.sub(" ", text)
    text = re.sub(r"{{.*?}}", NAME, text, flags=re.S)
    text = re.sub(r"{%.*?%}", " ", text, flags=re.S)
    text = BLOCK_END.sub("\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    text = re.sub(r"\b(?:https?://|mailto:)\S+|\S+@\S+", "the link", text)  # an address is read, not sounded out
    paragraphs = []
    for line in text.split("\n"):
        words = " ".join(line.split())
        if not re.search(r"[A-Za-z]", words):
            continue
        paragraphs.append(words if words[-1] in ".?!:" else f"{words}.")
    return paragraphs


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def too_hard(paragraphs: list[str]) -> list[str]:
    """What is too hard: the text as a whole, and any long paragraph on its own."""
    problems = []
    whole = " ".join(paragraphs)
    if whole and grade(whole) > MOST_GRADE:
        problems.append(f"the whole text: grade {grade(whole):.1f}")
    for paragraph in paragraphs:
        if len(paragraph.split()) >= LONG_PARAGRAPH_WORDS and grade(paragraph) > MOST_GRADE:
            problems.append(f"grade {grade(paragraph):.1f}: {paragraph}")
    return problems


def test_family_facing_templates_are_found():
    names = {path.name for path in family_facing_templates()}
    assert {"guide.html", "invitation_body.html", "outcome_body.html"} <= names


@pytest.mark.parametrize("path", family_facing_templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_each_family_facing_template_has_a_reading_age_of_11_or_under(path):
    problems = too_hard(paragraphs_of(path.read_text(encoding="utf-8")))
    assert not problems, f"{path.relative_to(ROOT)} is too hard to read (reading age = grade + 5):\n" + "\n".join(
        problems
    )


HARD = (
    "Notwithstanding the aforementioned considerations, the multi-agency partnership's statutory "
    "safeguarding arrangements necessitate comprehensive information-sharing protocols, "
    "proportionate interventions and collaborative decision-making between organisations, "
    "in accordance with the relevant legislative and procedural requirements of the authority."
)


def test_a_hard_paragraph_fails():
    easy = Path(ROOT / "cepathway/family/templates/family/guide/guide.html").read_text(encoding="utf-8")
    assert not too_hard(paragraphs_of(easy))
    hard = easy.replace("</h1>", f'</h1>\n<p class="govuk-body">{HARD}</p>', 1)
    problems = too_hard(paragraphs_of(hard))
    assert problems and any("Notwithstanding" in problem for problem in problems)


def test_variables_and_tags_are_read_as_words():
    source = "{# family-facing #}\n{% if x %}<p>Dear {{ letter.to_name }},</p>{% endif %}<ul><li>Call us</li></ul>"
    assert paragraphs_of(source) == ["Dear Sam,.", "Call us."]


def main_text(response) -> str:
    page = response.content.decode()
    start, end = page.find("<main"), page.find("</main>")
    return page[start:end] if start >= 0 else page


@pytest.mark.django_db
@pytest.mark.parametrize("policy", [None, PARENTS_GUIDE_POLICY], ids=["briefing", "parents-guide"])
def test_the_guide_as_a_family_reads_it(world, client, policy):
    if policy is not None:
        adopt_policy(world.home, policy)
    response = client.get(reverse("family:guide", args=[world.home.code]))
    problems = too_hard(paragraphs_of(main_text(response)))
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_letters_as_a_family_reads_them(world, client_for):
    meeting = world.meeting[world.child.pk]
    client = client_for(world.users[Role.SOCIAL_WORKER])
    invitation = client.post(
        reverse("family:invitation-letter", args=[meeting.pk]), {"first_name": "Alex", "voice_of": "parent_carer"}
    )
    to_child = client.post(
        reverse("family:invitation-letter", args=[meeting.pk]), {"first_name": "Alex", "voice_of": "child"}
    )
    outcome = client.get(reverse("family:outcome-letter", args=[meeting.pk]))
    for response in (invitation, to_child, outcome):
        assert response.status_code == 200
        letter = response.content.decode().split('<div class="app-letter">', 1)[1]
        problems = too_hard(paragraphs_of(letter))
        assert not problems, "\n".join(problems)
