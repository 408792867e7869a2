"""The search keys the registers store on save (PersonOfConcern.name_keys, VehicleOfConcern's
registration columns, PhoneOfConcern.number_e164, PlaceOfConcern's postcode and address key), so
that candidates are found by the database before they are scored (candidates.py).

A person's `name_keys` is a space-separated list of keys, each written `kind:value;`:
- `n:jonathan;` a name word, and every full name it is a short form of and its transliteration
  group (a stored "Jonny" also gets `n:jonathan;`, so a search for Jonathan finds it);
- `p:JN0N;` a Double Metaphone key of a name word (Smyth and Smith share `p:SM0;`);
- `i:j;` the initial of a name word (so that "J Smith" finds John Smith);
- `s:aehlrty;` the sorted letters of a name word of four letters or more (so that a typo that swaps
  letters, "Hratley", finds Hartley though it sounds otherwise).
The prefix and the closing `;` make each key a whole word for a plain `LIKE '%n:jon;%'`, which
works the same on SQLite and (with a trigram GIN index) on PostgreSQL.
"""

import re

from .names import name_forms, phonetic_keys
from .normalise import confusable_registration, name_tokens, normalise_phone, normalise_postcode, normalise_registration


def sorted_letters(word: str) -> str:
    """A word's letters in order: letters swapped by a typo give the same ("hratley", "hartley")."""
    return "".join(sorted(word))


def name_key_set(names: list[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        for word in name_tokens(name):
            keys.update(f"n:{form};" for form in name_forms(word))
            keys.update(f"p:{key};" for key in phonetic_keys(word))
            keys.add(f"i:{word[0]};")
            if len(word) >= 4:
                keys.add(f"s:{sorted_letters(word)};")
    return keys


def alias_lines(aliases: str) -> list[str]:
    return [line.strip() for line in (aliases or "").splitlines() if line.strip()]


def person_search_keys(first_name: str, last_name: str, aliases: str) -> str:
    """Every name and alias (one per line) as keys: "Jonny Smyth" -> "n:john; n:jonathan; ...
    n:jonny; n:smyth; p:AN; p:JN; p:SM0; p:XMT;"."""
    return " ".join(sorted(name_key_set([first_name, last_name, *alias_lines(aliases)])))


def vehicle_keys(registration: str) -> tuple[str, str]:
    """(normalised, confusable): `ab 12c0e` -> ("AB12C0E", "AB12C0E"), `AB12 COE` -> ("AB12COE",
    "AB12C0E")."""
    return normalise_registration(registration), confusable_registration(registration)


def phone_e164(number: str) -> str:
    """E.164 when the number can be read (`07700 900 123` -> `+447700900123`), else its digits."""
    return normalise_phone(number).text


# Words an address or a premises' name is written with or without, which say nothing about which
# premises it is.
_ADDRESS_ABBREVIATIONS = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "gr": "grove",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "pde": "parade",
    "hse": "house",
    "apt": "flat",
    "apartment": "flat",
}
_ADDRESS_NOISE = frozenset(
    {"the", "and", "of", "at", "ltd", "limited", "takeaway", "shop", "store", "premises", "uk", "co"}
)
_ADDRESS_WORD = re.compile(r"[a-z]+|[0-9]+[a-z]?")


def address_words(text: str) -> list[str]:
    """Lowercase words and house numbers of an address or a premises' name, abbreviations
    written out and noise words left out: "12a High St." -> ["12a", "high", "street"]."""
    folded = (text or "").casefold().replace("'", "").replace("’", "")
    words = [_ADDRESS_ABBREVIATIONS.get(word, word) for word in _ADDRESS_WORD.findall(folded)]
    return [word for word in words if word not in _ADDRESS_NOISE]


def place_keys(name: str, address: str, postcode: str) -> tuple[str, str]:
    """(postcode normalised, address key). The address key is the sorted set of the words of the
    name and address: "Chicken Palace, 12 High St" and "12 High Street, Chicken Palace takeaway"
    both give "12 chicken high palace street"."""
    postcode_text = normalise_postcode(postcode).text if postcode else ""
    words = sorted(set(address_words(name) + address_words(address)))
    return postcode_text, " ".join(words)[:300]
