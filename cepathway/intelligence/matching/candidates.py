"""Finding candidates in the registers before they are scored: the database narrows a partnership's
register to the few records that share a search key with what was asked (keys.py), then people.py
and things.py score those few in Python, with their reasons. One SQL query per search, whatever
the size of the register (bench/matching.py measures it at 1,000 and 100,000 persons).

- Persons: records holding two of the asked name words (a word is held when one of its keys is in
  `name_keys`: `n:` the word or a full form of it, `p:` its Double Metaphone key, `s:` its
  sorted letters, `i:` an initial); those holding most words first, at most CANDIDATE_LIMIT of them. On
  PostgreSQL the `LIKE`s use a trigram GIN index (indexes.py), and each longer name word also
  finds records whose keys hold a word spelt like it (pg_trgm word similarity, `<%`), for typos
  that change how a name sounds. SQLite reads the register through; the same keys, without the
  trigram branch.
- Vehicles: the O/0 I/1 key equal, or one registration the start or end of the other.
- Phones: E.164 equal. Places: the postcode equal, or the name and address words all present.

Each finder takes the register to search (`register`, a queryset: pass
`Model.objects.visible_to(user)` from a view) and the ids not to propose again (`exclude`: the
pairs a handler rejected, `rejected_candidate_ids`). The models are imported inside the functions:
they import this package's keys on save.
"""

import datetime
import itertools
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from .indexes import PERSON_NAME_KEYS_INDEX
from .keys import address_words, alias_lines, sorted_letters, vehicle_keys
from .keys import phone_e164 as to_e164
from .names import name_forms, primary_phonetic_key
from .normalise import name_tokens, normalise_postcode
from .people import Person, PersonMatch, match_person
from .things import STREET_WORDS, ThingMatch, match_phone, match_place, match_registration

# How many records the database hands over for scoring, the likeliest first.
CANDIDATE_LIMIT = 50
# Name words at least this long are also looked for by trigram word similarity (PostgreSQL).
TRIGRAM_MIN_WORD = 4
# The shortest partial registration searched for.
MIN_PARTIAL = 3


def _current(register: QuerySet[Any], partnership: Any) -> QuerySet[Any]:
    return register.filter(partnership=partnership, merged_into__isnull=True)


def rejected_candidate_ids(partnership: Any, proposed_type: str, proposed_id: Any) -> set[uuid.UUID]:
    """The register records a handler said are not the same as this submitted subject, place,
    vehicle or phone (or register record): never proposed again."""
    from cepathway.intelligence.models import MatchDecision, MatchVerdict

    decisions = MatchDecision.objects.filter(
        partnership=partnership, proposed_type=proposed_type, proposed_id=proposed_id, verdict=MatchVerdict.REJECTED
    )
    return set(decisions.values_list("candidate_id", flat=True))


# Persons ----------------------------------------------------------------------------------------


def word_keys(word: str) -> list[str]:
    """The keys that find one asked word: every name form of it, its primary Double Metaphone key
    (the stored keys hold both of a word's keys, so a stored alternative is found too) and its
    sorted letters; for an initial, the initial."""
    if len(word) == 1:
        return [f"i:{word};"]
    keys = {f"n:{form};" for form in name_forms(word)}
    primary = primary_phonetic_key(word)
    if primary:
        keys.add(f"p:{primary};")
    if len(word) >= 4:
        keys.add(f"s:{sorted_letters(word)};")
    return sorted(keys)


def asked_words(asked: Person) -> list[str]:
    words: list[str] = []
    for name in (asked.first_name, asked.last_name, *asked.aliases):
        words.extend(word for word in name_tokens(name) if word not in words)
    return words


def person_query_keys(asked: Person) -> list[str]:
    return sorted({key for word in asked_words(asked) for key in word_keys(word)})


class WordSimilarTo(Func):
    """`'word' <% column` (pg_trgm): the word is like some part of the column; uses the trigram
    index, unlike comparing TrigramWordSimilarity with a number."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def has_trigrams() -> bool:
    """Whether this PostgreSQL database has the trigram index on `name_keys` (indexes.py), asked
    once per connection. Without the index the word similarity would be computed on every row
    (over a second at 100,000 persons), so it is only used with it."""
    if connection.vendor != "postgresql":
        return False
    known = getattr(connection, "_cepathway_pg_trgm", None)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [PERSON_NAME_KEYS_INDEX])
            known = bool(cursor.fetchone()[0])
        connection._cepathway_pg_trgm = known  # type: ignore[attr-defined]
    return known


def holds_key(key: str) -> Q:
    """`name_keys` holds the key: `LIKE '%key%'` on PostgreSQL, which the trigram index serves;
    `instr()` on SQLite, which reads every row either way and compares bytes twice as fast as its
    case-blind LIKE."""
    if connection.vendor == "postgresql":
        return Q(name_keys__contains=key)
    return Q(GreaterThan(StrIndex("name_keys", Value(key)), 0))


def word_condition(word: str) -> Q:
    """A record holds this word: one of its keys, or (PostgreSQL) a word spelt like it."""
    condition = Q()
    for key in word_keys(word):
        condition |= holds_key(key)
    if len(word) >= TRIGRAM_MIN_WORD and has_trigrams():
        condition |= Q(WordSimilarTo(Value(word), F("name_keys")))
    return condition


def word_groups(words: list[str]) -> list[list[str]]:
    """The asked words, those sharing a key put together: an alias that sounds like the first name
    ("Chloe", alias "Clo") is one name, not two, or any Kyle would hold "two" of them."""
    groups: list[tuple[set[str], list[str]]] = []
    for word in words:
        keys = set(word_keys(word))
        joined = [group for group in groups if group[0] & keys]
        merged = (keys.union(*(group[0] for group in joined)), [w for group in joined for w in group[1]] + [word])
        groups = [group for group in groups if group not in joined] + [merged]
    return [members for _, members in groups]


def _group_condition(group: list[str]) -> Q:
    condition = Q()
    for word in group:
        condition |= word_condition(word)
    return condition


def _person_filter(groups: list[list[str]]) -> Q:
    """Two of the asked names found in the record (any two: names may be swapped, or one be an
    alias); one when only one was asked. A record sharing a single name with a two-name search
    is never proposed (people.py: a name alone), so the database need not hand it over."""
    conditions = [_group_condition(group) for group in groups]
    if len(conditions) == 1:
        return conditions[0]
    either = Q()
    for first, second in itertools.combinations(conditions, 2):
        either |= first & second
    return either


def _names_found(groups: list[list[str]]) -> Any:
    total: Any = Value(0)
    for group in groups:
        found = When(_group_condition(group), then=Value(1))
        total += Case(found, default=Value(0), output_field=IntegerField())
    return total


def as_person(record: Any) -> Person:
    return Person(
        first_name=record.first_name,
        last_name=record.last_name,
        aliases=tuple(alias_lines(record.aliases)),
        date_of_birth=record.date_of_birth,
        age_from=record.age_from,
        age_to=record.age_to,
    )


def person_candidate_rows(
    partnership: Any,
    asked: Person,
    *,
    register: QuerySet[Any] | None = None,
    exclude: Iterable[Any] = (),
    limit: int = CANDIDATE_LIMIT,
) -> QuerySet[Any]:
    """The records the database hands over for scoring: those holding two of the asked names,
    those holding most of them first."""
    from cepathway.intelligence.models import PersonOfConcern

    groups = word_groups(asked_words(asked))
    rows = _current(register if register is not None else PersonOfConcern.objects.all(), partnership)
    if not groups:
        return rows.none()
    return (
        rows.filter(_person_filter(groups))
        .exclude(pk__in=list(exclude))
        .annotate(names_found=_names_found(groups))
        .order_by("-names_found", "pk")[:limit]
    )


def person_candidates(
    partnership: Any,
    asked: Person,
    *,
    register: QuerySet[Any] | None = None,
    exclude: Iterable[Any] = (),
    on: datetime.date | None = None,
    limit: int = CANDIDATE_LIMIT,
) -> list[tuple[Any, PersonMatch]]:
    """Persons of concern who may be the person asked about, each with its match, likeliest
    first; only those proposed (likely or possible)."""
    rows = person_candidate_rows(partnership, asked, register=register, exclude=exclude, limit=limit)
    scored = [(record, match_person(asked, as_person(record), on)) for record in rows]
    proposed = [(record, match) for record, match in scored if match.proposed]
    return sorted(proposed, key=lambda pair: pair[1].score, reverse=True)


# Vehicles, phones, places -----------------------------------------------------------------------


def _ranked(pairs: list[tuple[Any, ThingMatch]]) -> list[tuple[Any, ThingMatch]]:
    return sorted((pair for pair in pairs if pair[1].proposed), key=lambda pair: pair[1].score, reverse=True)


def vehicle_candidates(
    partnership: Any, registration: str, *, register: QuerySet[Any] | None = None, exclude: Iterable[Any] = ()
) -> list[tuple[Any, ThingMatch]]:
    """Vehicles whose registration may be this one: the same with O/0 and I/1 confused, or one
    (partial) registration the start or end of the other. Make, model and colour never propose."""
    from cepathway.intelligence.models import VehicleOfConcern

    _, confusable = vehicle_keys(registration)
    if len(confusable) < MIN_PARTIAL:
        return []
    # Stored partial registrations that this one starts or ends with: a few equalities.
    pieces = {confusable[:size] for size in range(MIN_PARTIAL, len(confusable) + 1)}
    pieces |= {confusable[-size:] for size in range(MIN_PARTIAL, len(confusable) + 1)}
    condition = (
        Q(registration_confusable__in=sorted(pieces))
        | Q(registration_confusable__startswith=confusable)
        | Q(registration_confusable__endswith=confusable)
    )
    rows = _current(register if register is not None else VehicleOfConcern.objects.all(), partnership)
    rows = rows.filter(condition).exclude(pk__in=list(exclude))
    return _ranked(
        [(record, match_registration(registration, record.registration)) for record in rows[:CANDIDATE_LIMIT]]
    )


def phone_candidates(
    partnership: Any, number: str, *, register: QuerySet[Any] | None = None, exclude: Iterable[Any] = ()
) -> list[tuple[Any, ThingMatch]]:
    from cepathway.intelligence.models import PhoneOfConcern

    e164 = to_e164(number)
    if not e164:
        return []
    rows = _current(register if register is not None else PhoneOfConcern.objects.all(), partnership)
    rows = rows.filter(number_e164=e164).exclude(pk__in=list(exclude))
    return _ranked([(record, match_phone(number, record.number)) for record in rows[:CANDIDATE_LIMIT]])


def place_candidates(
    partnership: Any,
    name: str,
    address: str,
    postcode: str,
    *,
    register: QuerySet[Any] | None = None,
    exclude: Iterable[Any] = (),
) -> list[tuple[Any, ThingMatch]]:
    """Places with the same postcode, or whose name and address hold every distinctive word asked
    (not house numbers or street words, which the scoring compares)."""
    from cepathway.intelligence.models import PlaceOfConcern

    condition = Q()
    normalised_postcode = normalise_postcode(postcode)
    if normalised_postcode.valid:
        condition |= Q(postcode_normalised=normalised_postcode.text)
    words = [word for word in address_words(f"{name} {address}") if not word[0].isdigit()]
    distinctive = [word for word in words if word not in STREET_WORDS]
    if distinctive:
        all_words = Q()
        for word in distinctive:
            all_words &= Q(address_key__contains=word)
        condition |= all_words
    if not condition:
        return []
    rows = _current(register if register is not None else PlaceOfConcern.objects.all(), partnership)
    rows = rows.filter(condition).exclude(pk__in=list(exclude))
    asked = (name, address, postcode)
    return _ranked(
        [
            (record, match_place(asked, (record.name, record.address, record.postcode)))
            for record in rows[:CANDIDATE_LIMIT]
        ]
    )
