"""What is known about single given names and surnames: short forms (the `nicknames` package and our
own British list), transliterations, and how they sound (Double Metaphone). Words are the
normalised tokens of `normalise.name_tokens`."""

from functools import cache
from pathlib import Path

from doublemetaphone import doublemetaphone
from nicknames import NickNamer

DATA = Path(__file__).resolve().parent / "data"


def _data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


@cache
def _british_forms() -> dict[str, frozenset[str]]:
    """Full name -> its short forms, from data/british_forms.txt."""
    forms: dict[str, set[str]] = {}
    for line in _data_lines("british_forms.txt"):
        full, shorts = line.split(":", 1)
        forms.setdefault(full.strip(), set()).update(short.strip() for short in shorts.split(",") if short.strip())
    return {full: frozenset(shorts) for full, shorts in forms.items()}


@cache
def _transliteration_groups() -> dict[str, str]:
    """Each spelling -> the spelling that names its group, from data/transliterations.txt."""
    groups: dict[str, str] = {}
    for line in _data_lines("transliterations.txt"):
        spellings = [spelling.strip() for spelling in line.split(",") if spelling.strip()]
        for spelling in spellings:
            groups[spelling] = spellings[0]
    return groups


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def transliteration_group(word: str) -> str:
    """The spelling naming the group of transliterations `word` belongs to ("" if none)."""
    return _transliteration_groups().get(word, "")


@cache
def full_forms(word: str) -> frozenset[str]:
    """The full names `word` is a short form of: "jonny" -> {"jonathan", "john", ...}."""
    british = {full for full, shorts in _british_forms().items() if word in shorts}
    return frozenset(_nicknamer().canonicals_of(word) | british)


@cache
def short_forms(word: str) -> frozenset[str]:
    return frozenset(_nicknamer().nicknames_of(word) | _british_forms().get(word, frozenset()))


def is_short_form_of(short: str, full: str) -> bool:
    return full in full_forms(short) or short in short_forms(full)


def common_full_form(first: str, second: str) -> str:
    """A full name both words are short forms of, or forms of ("jon", "jonny" -> "jonathan")."""
    shared = (full_forms(first) | {first}) & (full_forms(second) | {second})
    return min(shared) if shared else ""


@cache
def phonetic_keys(word: str) -> frozenset[str]:
    """Double Metaphone's primary and alternative keys ("smyth" -> {"SM0", "XMT"}). None for an
    initial: one letter sounds like too much."""
    if len(word) < 2:
        return frozenset()
    return frozenset(key for key in doublemetaphone(word) if key)


def primary_phonetic_key(word: str) -> str:
    """Double Metaphone's primary key ("" for an initial)."""
    return doublemetaphone(word)[0] if len(word) >= 2 else ""


def name_forms(word: str) -> frozenset[str]:
    """The word, the full names it is a short form of, and its transliteration group: the forms
    a search for this word should also find."""
    forms = {word} | full_forms(word)
    group = transliteration_group(word)
    if group:
        forms.add(group)
    return frozenset(forms)
