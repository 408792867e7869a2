"""Whether two descriptions of a person may be the same person, with the reasons a professional
reads before confirming or rejecting a proposed match (docs/matching.md).

Names are compared word by word: the same, one a short form of the other (the `nicknames` package
and data/british_forms.txt), spellings of one name (data/transliterations.txt), the same sound
(Double Metaphone), a close spelling (Jaro-Winkler, jellyfish), or an initial. First and last
names are also tried swapped, and against each recorded alias. Dates of birth and ages can only
lower a score, or veto: people born years apart are not the same person, however alike the name.
"""

import datetime
from dataclasses import dataclass, field

import jellyfish
from rapidfuzz import fuzz

from .names import common_full_form, is_short_form_of, phonetic_keys, transliteration_group
from .normalise import name_tokens

LIKELY = "likely"
POSSIBLE = "possible"
NOT_PROPOSED = ""

# A name score of at least LIKELY_SCORE is proposed as a likely match, at least POSSIBLE_SCORE as
# a possible one; anything lower is not proposed (docs/matching.md explains the scale).
LIKELY_SCORE = 0.85
POSSIBLE_SCORE = 0.78
# Sound and spelling compare words of at least this many letters; two words that share a Double
# Metaphone key count as sounding alike when their Jaro-Winkler similarity is at least this (Jonny
# and Joan share JN, at 0.83).
SPELLING_MIN_LENGTH = 4
SOUNDS_ALIKE_SPELLING = 0.85
# Born this many years apart (or ages this far apart) is not the same person.
VETO_YEARS = 5
# A recorded alias matched alone is never more than possible; a first or last name alone is never
# proposed.
ALIAS_ALONE_FACTOR = 0.8
NAME_ALONE_FACTOR = 0.75


@dataclass(frozen=True)
class Person:
    first_name: str = ""
    last_name: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: datetime.date | None = None
    age_from: int | None = None
    age_to: int | None = None
    sex: str = ""  # "" when not known

    def age_range(self, on: datetime.date) -> tuple[int, int] | None:
        if self.date_of_birth:
            age = _age(self.date_of_birth, on)
            return age, age
        if self.age_from is None and self.age_to is None:
            return None
        low = self.age_from if self.age_from is not None else self.age_to
        high = self.age_to if self.age_to is not None else self.age_from
        assert low is not None and high is not None
        return min(low, high), max(low, high)


@dataclass
class PersonMatch:
    score: float
    verdict: str  # LIKELY, POSSIBLE or NOT_PROPOSED
    reasons: list[str] = field(default_factory=list)

    @property
    def proposed(self) -> bool:
        return self.verdict != NOT_PROPOSED


@dataclass(frozen=True)
class WordMatch:
    score: float
    reason: str


NO_MATCH = WordMatch(0.0, "")


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# Words ------------------------------------------------------------------------------------------


def compare_words(asked: str, recorded: str, label: str) -> WordMatch:
    """How alike two single name words are, strongest reason first. `label` is "first name",
    "last name" or "alias"."""
    if not asked or not recorded:
        return NO_MATCH
    if asked == recorded:
        return WordMatch(1.0, f"{label} {asked.title()} is the same")
    group = transliteration_group(asked)
    if group and group == transliteration_group(recorded):
        return WordMatch(0.95, f"{label} {asked.title()} and {recorded.title()} are spellings of one name")
    if is_short_form_of(asked, recorded):
        return WordMatch(0.9, f"{label} {asked.title()} is a short form of {recorded.title()}")
    if is_short_form_of(recorded, asked):
        return WordMatch(0.9, f"{label} {recorded.title()} (recorded) is a short form of {asked.title()}")
    shared_full = common_full_form(asked, recorded)
    if shared_full:
        reason = f"{label} {asked.title()} and {recorded.title()} are both forms of {shared_full.title()}"
        return WordMatch(0.6, reason)
    return _compare_spelling(asked, recorded, label)


def _compare_spelling(asked: str, recorded: str, label: str) -> WordMatch:
    """Sound and spelling, for words of SPELLING_MIN_LENGTH letters or more (shorter words sound
    like too many others: "Clo" and "Chl"); an initial fits a name it starts."""
    if len(asked) == 1 and recorded.startswith(asked) or len(recorded) == 1 and asked.startswith(recorded):
        initial, name = sorted((asked, recorded), key=len)
        return WordMatch(0.6, f"{label}: initial {initial.upper()} fits {name.title()}")
    if min(len(asked), len(recorded)) < SPELLING_MIN_LENGTH:
        return NO_MATCH
    similarity = jellyfish.jaro_winkler_similarity(asked, recorded)
    sounds_alike = bool(phonetic_keys(asked) & phonetic_keys(recorded))
    if sounds_alike and similarity >= SOUNDS_ALIKE_SPELLING:
        return WordMatch(0.88, f"{label} {asked.title()} sounds like {recorded.title()} (Double Metaphone)")
    if similarity >= 0.92:
        reason = f"{label} {asked.title()} is spelt like {recorded.title()} (Jaro-Winkler {similarity:.2f})"
        return WordMatch(0.85, reason)
    if sounds_alike:
        return WordMatch(0.5, f"{label} {asked.title()} sounds a little like {recorded.title()} (Double Metaphone)")
    return NO_MATCH


def compare_names(asked: str, recorded: str, label: str) -> WordMatch:
    """Two names of one or more words (double-barrelled, two given names): the best pairing of
    their words; a name whose words are all in the other matches as part of it."""
    asked_words, recorded_words = name_tokens(asked), name_tokens(recorded)
    if not asked_words or not recorded_words:
        return NO_MATCH
    if asked_words == recorded_words:
        return WordMatch(1.0, f"{label} {' '.join(word.title() for word in asked_words)} is the same")
    if "".join(asked_words) == "".join(recorded_words):
        return WordMatch(0.95, f"{label} {asked.strip()} is {recorded.strip()} written another way")
    if len(asked_words) == 1 and len(recorded_words) == 1:
        return compare_words(asked_words[0], recorded_words[0], label)
    best = max((compare_words(a, r, label) for a in asked_words for r in recorded_words), key=lambda match: match.score)
    if set(asked_words) <= set(recorded_words) or set(recorded_words) <= set(asked_words):
        return WordMatch(0.88, f"{label} {asked.strip()} is part of {recorded.strip()}")
    ratio = fuzz.token_sort_ratio(" ".join(asked_words), " ".join(recorded_words)) / 100
    if ratio >= 0.9:
        return WordMatch(0.85, f"{label} {asked.strip()} is spelt like {recorded.strip()}")
    return WordMatch(best.score * 0.9, best.reason) if best.score else NO_MATCH


# Whole names ------------------------------------------------------------------------------------


def _pair(first: WordMatch, last: WordMatch, extra_reason: str = "") -> PersonMatch:
    score = (first.score + last.score) / 2 if first.score and last.score else 0.0
    reasons = [reason for reason in (extra_reason, first.reason, last.reason) if reason]
    return PersonMatch(score, NOT_PROPOSED, reasons)


def _best_given_name(asked: str, recorded: Person) -> tuple[WordMatch, str]:
    """The asked first name against the recorded first name and each recorded alias."""
    best = compare_names(asked, recorded.first_name, "first name")
    via_alias = ""
    for alias in recorded.aliases:
        match = compare_names(asked, alias, "first name")
        if match.score > best.score:
            best, via_alias = match, f"matches recorded alias '{alias}'"
    return best, via_alias


def _name_match(asked: Person, recorded: Person) -> PersonMatch:
    candidates: list[PersonMatch] = []
    if asked.first_name and asked.last_name:
        first, via_alias = _best_given_name(asked.first_name, recorded)
        last = compare_names(asked.last_name, recorded.last_name, "last name")
        candidates.append(_pair(first, last, via_alias))
        swapped_first = compare_names(asked.first_name, recorded.last_name, "first name")
        swapped_last = compare_names(asked.last_name, recorded.first_name, "last name")
        swapped = _pair(swapped_first, swapped_last, "names swapped (first and last)")
        swapped.score *= 0.97
        candidates.append(swapped)
    candidates.extend(_whole_name_against_aliases(asked, recorded))
    candidates.extend(_single_names(asked, recorded))
    return max(candidates, key=lambda match: match.score, default=PersonMatch(0.0, NOT_PROPOSED))


def _whole_name_against_aliases(asked: Person, recorded: Person) -> list[PersonMatch]:
    """Names against aliases: the asked full name or an asked alias against each recorded alias,
    and each asked alias against the recorded full name. An alias of one word is a single name."""
    asked_full = " ".join(part for part in (asked.first_name, asked.last_name) if part)
    recorded_full = " ".join(part for part in (recorded.first_name, recorded.last_name) if part)
    matches: list[PersonMatch] = []
    for asked_name in (asked_full, *asked.aliases):
        for recorded_name in (*recorded.aliases, *((recorded_full,) if asked_name != asked_full else ())):
            match = compare_names(asked_name, recorded_name, "name")
            if not match.score:
                continue
            whole_name = asked_name == asked_full and bool(asked.first_name and asked.last_name)
            single = not whole_name or min(len(name_tokens(asked_name)), len(name_tokens(recorded_name))) < 2
            if recorded_name == recorded_full:
                reason = f"alias '{asked_name}' given, recorded name {recorded_full}"
            elif asked_name == asked_full:
                reason = f"matches recorded alias '{recorded_name}'"
            else:
                reason = f"alias '{asked_name}' matches recorded alias '{recorded_name}'"
            factor = ALIAS_ALONE_FACTOR if single else 1.0
            matches.append(PersonMatch(match.score * factor, NOT_PROPOSED, [reason, match.reason]))
    return matches


def _single_names(asked: Person, recorded: Person) -> list[PersonMatch]:
    """One side lacks a first or a last name: the names both have are compared, each alone; a
    first or last name alone is never proposed (every Jamal in a register would be)."""
    if asked.first_name and asked.last_name and recorded.first_name and recorded.last_name:
        return []
    matches: list[PersonMatch] = []
    if asked.first_name and (recorded.first_name or recorded.aliases):
        first, via_alias = _best_given_name(asked.first_name, recorded)
        reasons = [reason for reason in (via_alias, first.reason, "only one name to compare") if reason]
        factor = ALIAS_ALONE_FACTOR if via_alias else NAME_ALONE_FACTOR
        matches.append(PersonMatch(first.score * factor, NOT_PROPOSED, reasons))
    if asked.last_name and recorded.last_name:
        last = compare_names(asked.last_name, recorded.last_name, "last name")
        reasons = [reason for reason in (last.reason, "only one name to compare") if reason]
        matches.append(PersonMatch(last.score * NAME_ALONE_FACTOR, NOT_PROPOSED, reasons))
    return matches


# Dates of birth, ages and sex ---------------------------------------------------------------------


def _dates_of_birth(asked: datetime.date, recorded: datetime.date) -> tuple[float, str, bool]:
    """(change to the score, reason, veto)."""
    if asked == recorded:
        return 0.1, f"same date of birth ({asked:%d %B %Y})", False
    years_apart = abs((asked - recorded).days) / 365.25
    if years_apart >= VETO_YEARS:
        return 0.0, f"born {round(years_apart)} years apart", True
    swapped = (asked.day, asked.month) == (recorded.month, recorded.day) and asked.year == recorded.year
    if swapped:
        return 0.0, "dates of birth differ only by day and month swapped", False
    parts_same = sum((asked.day == recorded.day, asked.month == recorded.month, asked.year == recorded.year))
    if parts_same == 2:
        return -0.05, "dates of birth differ in one part (day, month or year)", False
    return -0.2, f"dates of birth differ ({asked:%d %b %Y} and {recorded:%d %b %Y})", False


def _ages(asked: tuple[int, int], recorded: tuple[int, int]) -> tuple[float, str, bool]:
    gap = max(asked[0] - recorded[1], recorded[0] - asked[1], 0)
    if gap == 0:
        return 0.0, "ages fit", False
    if gap >= VETO_YEARS:
        return 0.0, f"ages {gap} years apart", True
    return -0.1, f"ages {gap} year{'s' if gap > 1 else ''} apart", False


def _life_facts(asked: Person, recorded: Person, on: datetime.date) -> tuple[float, list[str], bool]:
    adjustment, reasons, veto = 0.0, [], False
    if asked.sex and recorded.sex and asked.sex != recorded.sex:
        return 0.0, [f"recorded as {recorded.sex}, described as {asked.sex}"], True
    if asked.date_of_birth and recorded.date_of_birth:
        adjustment, reason, veto = _dates_of_birth(asked.date_of_birth, recorded.date_of_birth)
        reasons.append(reason)
    else:
        asked_ages, recorded_ages = asked.age_range(on), recorded.age_range(on)
        if asked_ages and recorded_ages:
            adjustment, reason, veto = _ages(asked_ages, recorded_ages)
            reasons.append(reason)
    return adjustment, reasons, veto


def match_person(asked: Person, recorded: Person, on: datetime.date | None = None) -> PersonMatch:
    """Score `recorded` (a register record) as the person `asked` describes; `on` is the date ages
    are reckoned at (today if not given)."""
    on = on or datetime.date.today()
    names = _name_match(asked, recorded)
    if names.score < POSSIBLE_SCORE:
        return PersonMatch(names.score, NOT_PROPOSED, names.reasons or ["names do not match"])
    adjustment, reasons, veto = _life_facts(asked, recorded, on)
    if veto:
        return PersonMatch(0.0, NOT_PROPOSED, names.reasons + reasons)
    score = min(1.0, names.score + adjustment)
    if score >= LIKELY_SCORE:
        verdict = LIKELY
    elif score >= POSSIBLE_SCORE:
        verdict = POSSIBLE
    else:
        verdict = NOT_PROPOSED
    return PersonMatch(round(score, 3), verdict, names.reasons + reasons)


def rank_people(
    asked: Person, candidates: list[tuple[object, Person]], on: datetime.date | None = None
) -> list[tuple[object, PersonMatch]]:
    """Each proposed candidate (its key, and its match), likeliest first."""
    scored = [(key, match_person(asked, person, on)) for key, person in candidates]
    proposed = [(key, match) for key, match in scored if match.proposed]
    return sorted(proposed, key=lambda pair: pair[1].score, reverse=True)
