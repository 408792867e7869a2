"""Normalisers: one written form for each kind of value, so that what a professional typed and
what a register holds can be compared. Pure functions of plain values; nothing here reads the
database.

- Phone numbers: E.164 through `phonenumbers` (Google's libphonenumber metadata), region GB.
- UK postcodes: uppercase, one space before the inward code, checked against the format.
- Vehicle registrations (GB): no maintained library exists, so a small one of our own: the
  current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D) and dateless formats.
- Names: case, accents, apostrophes, hyphens and other punctuation, and (as every request's text
  already is, `core.text`) invisible characters: "Jo\u200bhn" is "john", not "jo" and "hn".
"""

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from cepathway.core.text import normalise

DEFAULT_REGION = "GB"

# Names ------------------------------------------------------------------------------------------

# Apostrophes join (O'Neil = ONeil); every other non-letter separates (Smith-Jones = Smith Jones).
_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_LETTER = re.compile(r"[\W\d_]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_tokens(text: str) -> list[str]:
    """The words of a name, lowercase, without accents or punctuation: "O'Néil-Smith" ->
    ["oneil", "smith"]. Letters of other scripts are kept as they are."""
    folded = strip_accents(strip_accents(normalise(text or "")).casefold())
    folded = _APOSTROPHES.sub("", folded)
    return [token for token in _NOT_LETTER.split(folded) if token]


def normalise_name(text: str) -> str:
    return " ".join(name_tokens(text))


# Phone numbers ----------------------------------------------------------------------------------


class PhoneStatus:
    VALID = "valid"  # an allocated number
    POSSIBLE = "possible"  # the right length, but not in an allocated range (e.g. Ofcom's drama range)
    INVALID = "invalid"  # could not be read as a number: kept as its digits


@dataclass(frozen=True)
class Phone:
    text: str  # E.164 (+447700900123) when it could be read; otherwise its digits, with a + if it had one
    status: str

    @property
    def is_number(self) -> bool:
        return self.status != PhoneStatus.INVALID


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> Phone:
    """`+44 7700 900123`, `07700900123` and `07700 900 123` are all `+447700900123`."""
    stripped = (text or "").strip()
    # Only digits and a leading + count, so that what is kept for an unreadable number reads the
    # same when normalised again.
    raw = ("+" if stripped.startswith("+") else "") + "".join(char for char in stripped if char.isdigit())
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None:
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        if reason == phonenumbers.ValidationResult.IS_POSSIBLE:
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            valid = phonenumbers.is_valid_number(parsed)
            return Phone(e164, PhoneStatus.VALID if valid else PhoneStatus.POSSIBLE)
    return Phone(raw if raw != "+" else "", PhoneStatus.INVALID)


# Postcodes --------------------------------------------------------------------------------------

# Outward code (area, district, optional sub-district letter) and inward code (sector, unit).
_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) [0-9][A-Z]{2}$")


@dataclass(frozen=True)
class Postcode:
    text: str  # "M1 1AE"; for an unreadable postcode, its letters and digits, uppercase
    valid: bool


def normalise_postcode(text: str) -> Postcode:
    compact = "".join(char for char in (text or "").upper() if char.isalnum())
    spaced = f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact
    if _POSTCODE.match(spaced):
        return Postcode(spaced, True)
    return Postcode(compact, False)


# Vehicle registrations --------------------------------------------------------------------------

# Letter (L) and digit (N) positions of the GB formats since 1963, longest first. Dateless
# ("cherished") marks are 1-3 letters and 1-4 digits, either way round.
_GB_FORMATS = (
    "LLNNLLL",  # current, since 2001: AB12 CDE
    "LNNNLLL",  # prefix, 1983-2001: A123 BCD
    "LNNLLL",
    "LNLLL",
    "LLLNNNL",  # suffix, 1963-1983: ABC 123D
    "LLLNNL",
    "LLLNL",
    *("L" * letters + "N" * digits for letters in (3, 2, 1) for digits in (4, 3, 2, 1)),
    *("N" * digits + "L" * letters for digits in (4, 3, 2, 1) for letters in (3, 2, 1)),
)
# Characters a witness or a keyboard confuses, read as a letter and as a digit.
_AS_DIGIT = {"O": "0", "I": "1"}
_AS_LETTER = {"0": "O", "1": "I"}


def normalise_registration(text: str) -> str:
    """Uppercase, letters and digits only: `ab 12cde` -> `AB12CDE`."""
    return "".join(char for char in (text or "").upper() if char.isascii() and char.isalnum())


def confusable_registration(text: str) -> str:
    """One key for registrations that differ only by O/0 and I/1: every O reads as 0 and every I
    as 1, whatever the position (`AB12 C0E` and `AB12 COE` share `AB12C0E`)."""
    return "".join(_AS_DIGIT.get(char, char) for char in normalise_registration(text))


def _fits(registration: str, pattern: str, confusing: bool) -> bool:
    letters = _AS_LETTER if confusing else {}
    digits = _AS_DIGIT if confusing else {}
    return len(registration) == len(pattern) and all(
        (char.isalpha() or char in letters) if kind == "L" else (char.isdigit() or char in digits)
        for char, kind in zip(registration, pattern, strict=True)
    )


def gb_format(text: str) -> str:
    """The GB format the registration fits as written, or else allowing O/0 and I/1 either way
    ("" if none)."""
    registration = normalise_registration(text)
    for confusing in (False, True):
        pattern = next((pattern for pattern in _GB_FORMATS if _fits(registration, pattern, confusing)), "")
        if pattern:
            return pattern
    return ""


def corrected_registration(text: str) -> str:
    """The registration read in its GB format: a 0 where a letter belongs is an O, an I where a
    digit belongs is a 1 (`AB12 C0E` -> `AB12COE`, `AB1Z CDE` stays as it is: no format fits)."""
    registration = normalise_registration(text)
    pattern = gb_format(registration)
    if not pattern:
        return registration
    return "".join(
        _AS_LETTER.get(char, char) if kind == "L" else _AS_DIGIT.get(char, char)
        for char, kind in zip(registration, pattern, strict=True)
    )


def registration_for_display(text: str) -> str:
    """`AB12CDE` -> `AB12 CDE`: the space where the format puts it (before the last three of the
    current and prefix formats, after the first three of the suffix format)."""
    registration = normalise_registration(text)
    pattern = gb_format(registration)
    if pattern in ("LLNNLLL", "LNNNLLL", "LNNLLL", "LNLLL"):
        return f"{registration[:-3]} {registration[-3:]}"
    if pattern in ("LLLNNNL", "LLLNNL", "LLLNL"):
        return f"{registration[:3]} {registration[3:]}"
    return registration
