"""Candidates found in a partnership's registers before scoring (matching.candidates): one SQL query
a search, only the partnership's own current records, rejected pairs never proposed again. Runs
on SQLite by default and on PostgreSQL with DATABASE_URL (then through the trigram index too)."""

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection

from cepathway.intelligence.matching.candidates import (
    person_candidates,
    phone_candidates,
    place_candidates,
    rejected_candidate_ids,
    vehicle_candidates,
)
from cepathway.intelligence.matching.indexes import create_search_indexes
from cepathway.intelligence.matching.people import LIKELY, Person
from cepathway.intelligence.models import (
    MatchDecision,
    MatchVerdict,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceOfConcern,
    VehicleOfConcern,
)
from tests.database_role import as_database_owner
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 1)


@pytest.fixture
def registers() -> dict[str, Any]:
    if connection.vendor == "postgresql":  # the trigram index, as the migration makes it
        with as_database_owner(), connection.schema_editor() as editor:
            create_search_indexes(None, editor)
        connection._cepathway_pg_trgm = None  # type: ignore[attr-defined]
    home: Any = PartnershipFactory()
    elsewhere: Any = PartnershipFactory()

    def person(partnership: Any, first: str, last: str, aliases: str = "", **more: Any) -> PersonOfConcern:
        return PersonOfConcern.objects.create(
            partnership=partnership, first_name=first, last_name=last, aliases=aliases, fictional=True, **more
        )

    jonathan = person(home, "Jonathan", "Smith", "Kez\nBig J", date_of_birth=datetime.date(2001, 4, 2))
    kept = person(home, "Mohammed", "Rashid")
    merged = person(home, "Muhammad", "Rashid", merged_into=kept)
    pennington = person(home, "Gary", "Pennington")
    for first, last in [("Peter", "Smith"), ("Jane", "Barlow"), ("Sara", "Jonas"), ("Tariq", "Ahmad")]:
        person(home, first, last)
    person(elsewhere, "Jonathan", "Smith")
    vehicle = VehicleOfConcern.objects.create(partnership=home, registration="AB12 COE", fictional=True)
    VehicleOfConcern.objects.create(partnership=home, registration="AB12 CDF", colour="red", fictional=True)
    partial = VehicleOfConcern.objects.create(partnership=home, registration="KX19", fictional=True)
    phone = PhoneOfConcern.objects.create(partnership=home, number="07700 900 123", fictional=True)
    PhoneOfConcern.objects.create(partnership=elsewhere, number="07700900123", fictional=True)
    palace = PlaceOfConcern.objects.create(
        partnership=home, name="Chicken Palace", address="12 High St", postcode="m1 1ae", fictional=True
    )
    PlaceOfConcern.objects.create(partnership=home, address="14 High Street", postcode="M1 1AE", fictional=True)
    return {
        "home": home,
        "jonathan": jonathan,
        "pennington": pennington,
        "kept": kept,
        "merged": merged,
        "vehicle": vehicle,
        "partial": partial,
        "phone": phone,
        "palace": palace,
    }


def test_a_short_form_and_a_sound_alike_find_the_person_in_one_query(registers, django_assert_num_queries) -> None:
    person_candidates(registers["home"], Person("Warm", "Up"))  # PostgreSQL asks once whether it has pg_trgm
    with django_assert_num_queries(1):
        found = person_candidates(registers["home"], Person("Jonny", "Smyth"), on=ON)
    assert [record for record, _ in found] == [registers["jonathan"]]
    record, match = found[0]
    assert match.verdict == LIKELY
    assert "first name Jonny is a short form of Jonathan" in match.reasons


def test_stored_keys_hold_every_name_and_alias(registers) -> None:
    keys = registers["jonathan"].name_keys.split()
    assert {"n:jonathan;", "n:smith;", "n:kez;", "n:kerry;", "p:SM0;"} <= set(keys)


def test_an_alias_and_swapped_names_are_found(registers) -> None:
    by_alias = person_candidates(registers["home"], Person("Kez", "Smith"), on=ON)
    assert [record for record, _ in by_alias] == [registers["jonathan"]]
    assert "matches recorded alias 'Kez'" in by_alias[0][1].reasons
    swapped = person_candidates(registers["home"], Person("Smith", "Jonathan"), on=ON)
    assert swapped[0][0] == registers["jonathan"]


def test_another_partnership_and_merged_records_are_never_candidates(registers) -> None:
    found = person_candidates(registers["home"], Person("Muhammad", "Rashid"), on=ON)
    assert [record for record, _ in found] == [registers["kept"]]
    everywhere = person_candidates(registers["home"], Person("Jonathan", "Smith"), on=ON)
    assert all(record.partnership_id == registers["home"].pk for record, _ in everywhere)


def test_a_date_of_birth_vetoes(registers) -> None:
    asked = Person("Jonathan", "Smith", date_of_birth=datetime.date(1975, 1, 1))
    assert person_candidates(registers["home"], asked, on=ON) == []


def test_a_rejected_pair_is_not_proposed_again(registers) -> None:
    subject_id = uuid.uuid4()
    MatchDecision.objects.create(
        partnership=registers["home"],
        kind=NodeKind.PERSON,
        proposed_type="submission_subject",
        proposed_id=subject_id,
        candidate_id=registers["jonathan"].pk,
        verdict=MatchVerdict.REJECTED,
    )
    rejected = rejected_candidate_ids(registers["home"], "submission_subject", subject_id)
    assert rejected == {registers["jonathan"].pk}
    assert person_candidates(registers["home"], Person("Jonny", "Smith"), exclude=rejected, on=ON) == []


def test_vehicles_partial_spaced_and_confused(registers, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        found = vehicle_candidates(registers["home"], "ab12 c0e")
    assert [record for record, _ in found] == [registers["vehicle"]]
    partial = vehicle_candidates(registers["home"], "AB12")
    assert {record for record, _ in partial} >= {registers["vehicle"]}
    assert [record for record, _ in vehicle_candidates(registers["home"], "KX19 LPT")] == [registers["partial"]]
    assert vehicle_candidates(registers["home"], "ZZ99 ZZZ") == []


def test_phones_by_e164_in_their_partnership_only(registers) -> None:
    found = phone_candidates(registers["home"], "+44 7700 900123")
    assert [record for record, _ in found] == [registers["phone"]]
    assert registers["phone"].number_e164 == "+447700900123"


def test_places_by_name_and_address_or_postcode(registers) -> None:
    found = place_candidates(registers["home"], "", "12 High Street, Chicken Palace takeaway", "")
    assert [record for record, _ in found] == [registers["palace"]]
    by_postcode = place_candidates(registers["home"], "", "12 High Street", "M11AE")
    assert [record for record, _ in by_postcode] == [registers["palace"]]  # number 14 is not proposed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm: PostgreSQL only")
def test_on_postgresql_a_typo_that_changes_the_sound_is_found_by_trigrams(registers) -> None:
    # "Penningtom" sounds otherwise than Pennington (Double Metaphone) and has other letters: no
    # stored key finds it; the trigram word similarity does (0.82).
    found = person_candidates(registers["home"], Person("Gary", "Penningtom"), on=ON)
    assert [record for record, _ in found] == [registers["pennington"]]
    assert "last name Penningtom is spelt like Pennington (Jaro-Winkler 0.96)" in found[0][1].reasons


def test_letters_swapped_by_a_typo_are_found_on_any_database(registers) -> None:
    found = person_candidates(registers["home"], Person("Gary", "Pennignton"), on=ON)
    assert [record for record, _ in found] == [registers["pennington"]]
    assert "last name Pennignton is spelt like Pennington (Jaro-Winkler 0.98)" in found[0][1].reasons
