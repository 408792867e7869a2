"""The short names pages use, and what they stand for, so that every page spells each one out once.

Apps register their terms in `AppConfig.ready()`, as they register navigation:

    glossary.register("CERAR", "Child Exploitation Risk and Review")

The base template wraps each page's content in `{% spell_out_terms %}`: the first time a term appears
in the text of the page's content it becomes `<abbr title="…">CERAR</abbr>`; later uses stay as they
are. Tags, attribute values and text where markup cannot go (options, text areas, titles, scripts) are
left alone, so pages need do nothing.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TERMS: dict[str, str] = {}
# Elements whose text is left as it is: no markup may go in them, or the term is already marked.
_RAW = ("abbr", "option", "textarea", "title", "script", "style", "select")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9-]+)")


def register(term: str, meaning: str) -> None:
    _TERMS[term] = meaning


def meaning(term: str) -> str:
    return _TERMS.get(term, "")


def spell_out_first(html: str) -> SafeString:
    """`html` (already safe) with the first use of each registered term in its text as `<abbr title>`."""
    if not _TERMS:
        return mark_safe(html)  # noqa: S308 - the caller's HTML, unchanged
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in sorted(_TERMS, key=len, reverse=True)) + r")\b")
    todo = set(_TERMS)
    raw_depth = 0
    parts = _TAG.split(html)
    for index, part in enumerate(parts):
        if not todo:
            break
        if index % 2:  # a tag
            match = _TAG_NAME.match(part)
            if match and match[2].lower() in _RAW and not part.endswith("/>"):
                raw_depth += -1 if match[1] else 1
                raw_depth = max(raw_depth, 0)
            continue
        if raw_depth or not part.strip():
            continue
        parts[index] = pattern.sub(lambda found: _first(found[1], todo), part)
    return mark_safe("".join(parts))  # noqa: S308 - only registered terms and their escaped meaning are added


def _first(term: str, todo: set[str]) -> str:
    if term not in todo:
        return term
    todo.discard(term)
    return f'<abbr title="{escape(_TERMS[term])}">{term}</abbr>'
