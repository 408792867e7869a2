"""Properties of the matching normalisers (hypothesis): each is idempotent, and the way a value is
spaced or cased never changes what it normalises to."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cepathway.intelligence.matching.keys import person_search_keys, place_keys, vehicle_keys
from cepathway.intelligence.matching.normalise import (
    PhoneStatus,
    confusable_registration,
    corrected_registration,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    normalise_registration,
)
from cepathway.intelligence.matching.people import LIKELY, Person, match_person

letters = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
digits = st.sampled_from("0123456789")


@st.composite
def respaced(draw: st.DrawFn, text: str) -> str:
    """`text` with spaces put between its characters at random and each letter's case flipped at
    random."""
    out = []
    for char in text:
        out.append(char.lower() if draw(st.booleans()) else char)
        out.append(" " * draw(st.integers(0, 2)))
    return "".join(out)


@st.composite
def uk_mobiles(draw: st.DrawFn) -> str:
    return "07" + "".join(draw(st.lists(digits, min_size=9, max_size=9)))


@st.composite
def postcodes(draw: st.DrawFn) -> str:
    area = "".join(draw(st.lists(letters, min_size=1, max_size=2)))
    district = draw(digits) + draw(st.sampled_from(["", *"0123456789ABCDEFGHJKMNPRSTUVWXY"]))
    return f"{area}{district} {draw(digits)}{draw(letters)}{draw(letters)}"


@st.composite
def registrations(draw: st.DrawFn) -> str:
    pattern = draw(st.sampled_from(["LLNNLLL", "LNNNLLL", "LLLNNNL", "LLNNNN", "NNNLL", "LLNN"]))
    return "".join(draw(letters if kind == "L" else digits) for kind in pattern)


phone_like = st.text(alphabet="0123456789 +()-.", max_size=20)
# Latin letters: no casing rule makes Turkish dotless i, upper-cased, come back to itself.
names = st.text(alphabet=st.characters(codec="latin-1", categories=["L", "Zs", "Pd", "Po"]), max_size=30)


@given(phone_like)
def test_phone_normalising_is_idempotent(text: str) -> None:
    once = normalise_phone(text)
    assert normalise_phone(once.text).text == once.text


@given(uk_mobiles().flatmap(lambda number: st.tuples(st.just(number), respaced(number))))
def test_phone_spacing_and_the_country_code_do_not_matter(pair: tuple[str, str]) -> None:
    number, spaced = pair
    expected = normalise_phone(number)
    assert expected.text == "+44" + number[1:]
    assert normalise_phone(spaced).text == expected.text
    assert normalise_phone("+44 " + spaced[1:].lstrip()).text == expected.text


def test_the_issues_three_ways_of_writing_one_number() -> None:
    forms = {normalise_phone(text).text for text in ["+44 7700 900123", "07700900123", "07700 900 123"]}
    assert forms == {"+447700900123"}
    # Ofcom keeps 07700 900xxx for drama: the right length, not an allocated number.
    assert normalise_phone("07700 900123").status == PhoneStatus.POSSIBLE
    assert normalise_phone("0161 496 0000").status == PhoneStatus.VALID
    assert normalise_phone("12-34").text == "1234"
    assert normalise_phone("12-34").status == PhoneStatus.INVALID


@given(postcodes().flatmap(lambda code: st.tuples(st.just(code), respaced(code))))
def test_postcodes_are_uppercase_with_one_space(pair: tuple[str, str]) -> None:
    code, spaced = pair
    normalised = normalise_postcode(spaced)
    assert normalised.valid
    assert normalised.text == code
    assert normalise_postcode(normalised.text) == normalised


@given(st.text(max_size=12))
def test_postcode_normalising_is_idempotent(text: str) -> None:
    once = normalise_postcode(text)
    assert normalise_postcode(once.text) == once


@pytest.mark.parametrize("text", ["M1 1AE", "m11ae", " sw1a 1aa ", "EC1A1BB", "B33 8TH", "GIR 0AA"])
def test_valid_postcodes(text: str) -> None:
    assert normalise_postcode(text).valid


@pytest.mark.parametrize("text", ["M1", "11AE", "ABC1 1AE", "M1 1A", "Q"])
def test_invalid_postcodes_are_flagged(text: str) -> None:
    assert not normalise_postcode(text).valid


@given(registrations().flatmap(lambda reg: st.tuples(st.just(reg), respaced(reg))))
def test_registrations_ignore_spacing_and_case(pair: tuple[str, str]) -> None:
    registration, spaced = pair
    assert normalise_registration(spaced) == registration
    assert vehicle_keys(spaced) == vehicle_keys(registration)


@given(st.text(max_size=12))
def test_registration_keys_are_idempotent(text: str) -> None:
    normalised, confusable = vehicle_keys(text)
    assert normalise_registration(normalised) == normalised
    assert confusable_registration(confusable) == confusable
    assert corrected_registration(corrected_registration(text)) == corrected_registration(text)


@given(registrations())
def test_o_and_0_i_and_1_share_a_key(registration: str) -> None:
    swapped = registration.translate(str.maketrans("O0I1", "0O1I"))
    assert confusable_registration(swapped) == confusable_registration(registration)


def test_a_0_where_a_letter_belongs_reads_as_o() -> None:
    assert corrected_registration("ab12 c0e") == "AB12COE"
    assert corrected_registration("AB1Z CDE") == "AB1ZCDE"  # no format fits: left as written


@given(names)
def test_name_normalising_is_idempotent_and_ignores_case(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert normalise_name(text.upper()) == normalise_name(text.lower()) == once


def test_names_lose_accents_apostrophes_and_hyphens() -> None:
    assert normalise_name("O'Neil") == normalise_name("ONeil") == "oneil"
    assert normalise_name("Zoë Brown-Leigh") == "zoe brown leigh"
    assert normalise_name("  JOSÉ   d’Souza ") == "jose dsouza"


@given(names, names, names)
def test_search_keys_ignore_case_and_spacing(first: str, last: str, alias: str) -> None:
    keys = person_search_keys(first, last, alias)
    assert person_search_keys(f"  {first.upper()} ", last.lower(), f"\n{alias}\n\n") == keys


@given(st.text(max_size=40), st.text(max_size=60), st.text(max_size=10))
def test_place_keys_are_idempotent(name: str, address: str, postcode: str) -> None:
    postcode_normalised, address_key = place_keys(name, address, postcode)
    assert place_keys("", address_key, postcode_normalised) == (postcode_normalised, address_key)


@given(st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True), st.from_regex(r"[A-Z][a-z]{1,12}", fullmatch=True))
def test_a_person_always_matches_themselves(first: str, last: str) -> None:
    person = Person(first, last)
    assert match_person(person, person).verdict == LIKELY


def test_search_keys_hold_names_their_full_forms_and_sounds() -> None:
    keys = person_search_keys("Jonny", "Smyth", "Kez\nBig Tone").split()
    assert {"n:jonny;", "n:jonathan;", "n:smyth;", "p:SM0;", "n:kez;", "n:kerry;", "n:tone;", "s:hmsty;"} <= set(keys)
    assert keys == sorted(keys)
    assert "p:J;" not in person_search_keys("J", "", "")  # an initial has no sound of its own


def test_place_keys_read_one_premises_written_two_ways() -> None:
    assert place_keys("Chicken Palace", "12 High St", "m11ae") == (
        "M1 1AE",
        "12 chicken high palace street",
    )
    assert place_keys("", "12 High Street, Chicken Palace takeaway", "M1 1AE")[1] == "12 chicken high palace street"
