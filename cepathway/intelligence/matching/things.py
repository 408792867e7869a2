"""Whether two vehicles, phones or places described by professionals may be the same one, with the
reasons shown before a handler confirms or rejects (docs/matching.md). Plain values in, a
ThingMatch out; the same verdicts as people.py."""

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .keys import address_words
from .normalise import (
    PhoneStatus,
    confusable_registration,
    normalise_phone,
    normalise_postcode,
    normalise_registration,
    registration_for_display,
)
from .people import LIKELY, NOT_PROPOSED, POSSIBLE

# A partial registration shorter than this says too little to propose anything.
MIN_PARTIAL_REGISTRATION = 3
# How alike two premises' names and addresses, words sorted, must be when each has words the
# other lacks (rapidfuzz token sort ratio): a typo, not another street.
PLACE_SPELT_ALIKE = 92
# Words that make a name a street: a street alone, with no number or postcode, is not a premises.
STREET_WORDS = frozenset(
    {"street", "road", "avenue", "lane", "drive", "close", "court", "crescent", "gardens", "grove", "place"}
    | {"square", "terrace", "parade", "way", "walk", "row", "hill", "rise", "mews", "green", "view"}
)


@dataclass
class ThingMatch:
    score: float
    verdict: str
    reasons: list[str] = field(default_factory=list)

    @property
    def proposed(self) -> bool:
        return self.verdict != NOT_PROPOSED


def _not(reason: str) -> ThingMatch:
    return ThingMatch(0.0, NOT_PROPOSED, [reason])


# Vehicles ---------------------------------------------------------------------------------------


def match_registration(asked: str, recorded: str) -> ThingMatch:
    """Full or partial registrations, spaced or not, with O/0 and I/1 confused. Make, model and
    colour are shown beside a proposal but never make one: a red Ford Fiesta is too common."""
    asked_plain, recorded_plain = normalise_registration(asked), normalise_registration(recorded)
    if not asked_plain or not recorded_plain:
        return _not("no registration to compare")
    shown_asked, shown_recorded = registration_for_display(asked_plain), registration_for_display(recorded_plain)
    if asked_plain == recorded_plain:
        return ThingMatch(1.0, LIKELY, [f"registration {shown_asked} is the same"])
    if confusable_registration(asked_plain) == confusable_registration(recorded_plain):
        reason = f"registration {shown_asked} is {shown_recorded} with O and 0, or I and 1, mixed up"
        return ThingMatch(0.95, LIKELY, [reason])
    return _partial_registration(asked_plain, recorded_plain)


def _partial_registration(asked: str, recorded: str) -> ThingMatch:
    shorter, longer = sorted((asked, recorded), key=len)
    if len(shorter) < MIN_PARTIAL_REGISTRATION or len(shorter) == len(longer):
        return _not(f"registrations {asked} and {recorded} differ")
    loose_short, loose_long = confusable_registration(shorter), confusable_registration(longer)
    shown_long = registration_for_display(longer)
    if loose_long.startswith(loose_short):
        return ThingMatch(0.8, POSSIBLE, [f"partial registration {shorter} is the start of {shown_long}"])
    if loose_long.endswith(loose_short):
        return ThingMatch(0.75, POSSIBLE, [f"partial registration {shorter} is the end of {shown_long}"])
    return _not(f"registrations {asked} and {recorded} differ")


# Phones -----------------------------------------------------------------------------------------


def match_phone(asked: str, recorded: str) -> ThingMatch:
    """The same number in E.164 (`+44 7700 900123` = `07700900123` = `07700 900 123`)."""
    asked_phone, recorded_phone = normalise_phone(asked), normalise_phone(recorded)
    if not asked_phone.text or not recorded_phone.text:
        return _not("no number to compare")
    if asked_phone.text != recorded_phone.text:
        return _not(f"numbers {asked_phone.text} and {recorded_phone.text} differ")
    if asked_phone.status == PhoneStatus.INVALID:
        return ThingMatch(0.9, LIKELY, [f"the same digits {asked_phone.text} (not a number that can be dialled)"])
    return ThingMatch(1.0, LIKELY, [f"number {asked_phone.text} is the same"])


# Places -----------------------------------------------------------------------------------------


def _house_numbers(words: list[str]) -> set[str]:
    return {word for word in words if word[0].isdigit()}


def match_place(asked: tuple[str, str, str], recorded: tuple[str, str, str]) -> ThingMatch:
    """Places as (name, address, postcode). Different postcodes, or different house numbers, are
    different premises; otherwise the words of name and address are compared whatever their order
    ("Chicken Palace, 12 High St" = "12 High Street, Chicken Palace takeaway")."""
    asked_words = address_words(asked[0]) + address_words(asked[1])
    recorded_words = address_words(recorded[0]) + address_words(recorded[1])
    asked_postcode, recorded_postcode = normalise_postcode(asked[2]), normalise_postcode(recorded[2])
    reasons: list[str] = []
    if asked_postcode.text and recorded_postcode.text:
        if asked_postcode.text != recorded_postcode.text:
            return _not(f"postcodes {asked_postcode.text} and {recorded_postcode.text} differ")
        reasons.append(f"postcode {asked_postcode.text} is the same")
    asked_numbers, recorded_numbers = _house_numbers(asked_words), _house_numbers(recorded_words)
    if asked_numbers and recorded_numbers:
        # Each has a number the other lacks (12 and 14; flat 2 and flat 5 of number 27).
        if asked_numbers - recorded_numbers and recorded_numbers - asked_numbers:
            shown = f"{', '.join(sorted(asked_numbers))} and {', '.join(sorted(recorded_numbers))}"
            return _not(f"house numbers {shown} differ")
        reasons.append(f"number {', '.join(sorted(asked_numbers & recorded_numbers))} is the same")
    return _place_words(asked_words, recorded_words, reasons)


def _place_words(asked: list[str], recorded: list[str], reasons: list[str]) -> ThingMatch:
    """Words in any order. Pinned (the same postcode or house number), one side's words all found
    in the other's is likely; unpinned, at most possible: "High Street" alone is a street, not a
    premises. Words on both sides that the other lacks ("High" and "Market") are different
    places, unless the two are spelt alike overall (a typo)."""
    asked_set, recorded_set = set(asked), set(recorded)
    if not asked_set or not recorded_set:
        return _not("no name or address to compare" if not reasons else "nothing but the postcode to compare")
    pinned = bool(reasons)
    smaller = min(asked_set, recorded_set, key=len)
    if asked_set <= recorded_set or recorded_set <= asked_set:
        reason = f"every word of '{' '.join(sorted(smaller))}' is in the other, in any order"
        if pinned:
            return ThingMatch(1.0, LIKELY, [*reasons, reason])
        if len(smaller) >= 2 and not smaller & STREET_WORDS:
            return ThingMatch(0.8, POSSIBLE, [*reasons, reason])
        return _not(f"only '{' '.join(sorted(smaller))}' in common, with no number or postcode")
    ratio = fuzz.token_sort_ratio(" ".join(sorted(asked_set)), " ".join(sorted(recorded_set)))
    if ratio >= PLACE_SPELT_ALIKE:
        reason = f"name and address spelt alike ({ratio:.0f}%, in any order)"
        return ThingMatch(ratio / 100, LIKELY if pinned else POSSIBLE, [*reasons, reason])
    return ThingMatch(ratio / 100, NOT_PROPOSED, [*reasons, f"name and address differ ({ratio:.0f}% alike)"])
