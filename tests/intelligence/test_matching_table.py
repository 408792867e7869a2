"""Matching a professional can trust (issue 9, step 4): a table of pairs, every name invented, each
one that must be proposed as a match or must not be. The last test computes precision and recall
over the whole table and prints them."""

import datetime

import pytest

from cepathway.intelligence.matching.people import LIKELY, Person, match_person
from cepathway.intelligence.matching.things import match_phone, match_place, match_registration

ON = datetime.date(2026, 12, 1)  # the day ages are reckoned at
P = Person


def born(year: int, month: int = 6, day: int = 15) -> datetime.date:
    return datetime.date(year, month, day)


# (what it shows, kind, asked, recorded, must match). People are Person values; vehicles and
# phones strings; places (name, address, postcode).
PAIRS: list[tuple[str, str, object, object, bool]] = [
    # People: short forms, from the kept list and our British list
    ("Jonny ~ Jonathan", "person", P("Jonny", "Hartley"), P("Jonathan", "Hartley"), True),
    ("Kez ~ Kerry", "person", P("Kez", "Ashworth"), P("Kerry", "Ashworth"), True),
    ("Baz ~ Barry, Clarke ~ Clark", "person", P("Baz", "Clarke"), P("Barry", "Clark"), True),
    ("Gaz ~ Gary", "person", P("Gaz", "Pennington"), P("Gary", "Pennington"), True),
    ("Shaz ~ Sharon", "person", P("Shaz", "Midgley"), P("Sharon", "Midgley"), True),
    ("Del ~ Derek", "person", P("Del", "Oakes"), P("Derek", "Oakes"), True),
    ("Tel ~ Terry", "person", P("Tel", "Brennan"), P("Terry", "Brennan"), True),
    ("Becky ~ Rebecca", "person", P("Becky", "Thornton"), P("Rebecca", "Thornton"), True),
    ("Mo ~ Mohammed", "person", P("Mo", "Iqbal"), P("Mohammed", "Iqbal"), True),
    ("Jon ~ Jonny, both forms of Jonathan", "person", P("Jon", "Ridley"), P("Jonny", "Ridley"), True),
    ("Tom ~ Thomas", "person", P("Tom", "Garside"), P("Thomas", "Garside"), True),
    # People: sound-alike, transliterated and transposed spellings
    ("Smyth ~ Smith", "person", P("Callum", "Smyth"), P("Callum", "Smith"), True),
    ("Mohammed ~ Muhammad", "person", P("Mohammed", "Rashid"), P("Muhammad", "Rashid"), True),
    ("Mohamed ~ Mohammad", "person", P("Mohamed", "Farooq"), P("Mohammad", "Farooq"), True),
    ("Hussain ~ Hussein", "person", P("Imran", "Hussain"), P("Imran", "Hussein"), True),
    ("Ayesha ~ Aisha", "person", P("Ayesha", "Begum"), P("Aisha", "Begum"), True),
    ("transposed letters: Jonathna", "person", P("Jonathna", "Pryce"), P("Jonathan", "Pryce"), True),
    ("transposed letters: Whitaekr", "person", P("Nadia", "Whitaekr"), P("Nadia", "Whitaker"), True),
    ("O'Neil ~ ONeil", "person", P("Liam", "O'Neil"), P("Liam", "ONeil"), True),
    ("accents and hyphens", "person", P("Zoë", "Brown-Leigh"), P("Zoe", "Brown Leigh"), True),
    ("part of a double-barrelled name", "person", P("Keira", "Dobson"), P("Keira", "Dobson-Hale"), True),
    # People: swapped names and recorded aliases
    ("first and last swapped", "person", P("Patel", "Ravi"), P("Ravi", "Patel"), True),
    ("swapped with a short form", "person", P("Ahmed", "Tariq"), P("Tariq", "Ahmad"), True),
    ("recorded alias 'Kez'", "person", P("Kez", "Lomas"), P("Kieran", "Lomas", ("Kez",)), True),
    ("only the alias is known", "person", P("Big Tone"), P("Anthony", "Marsh", ("Big Tone",)), True),
    ("alias is a full name", "person", P("Danny", "Royle"), P("Daniel", "Coates", ("Danny Royle",)), True),
    (
        "age range fits",
        "person",
        P("Jon", "Sykes", age_from=19, age_to=23),
        P("Jonathan", "Sykes", (), born(2005)),
        True,
    ),
    (
        "same date of birth",
        "person",
        P("Kez", "Marsh", date_of_birth=born(2001)),
        P("Kerry", "Marsh", (), born(2001)),
        True,
    ),
    (
        "day and month swapped",
        "person",
        P("Amir", "Shah", date_of_birth=born(1999, 3, 7)),
        P("Amir", "Shah", (), born(1999, 7, 3)),
        True,
    ),
    ("initial and last name", "person", P("J", "Fairclough"), P("Josh", "Fairclough"), True),
    ("Dunn ~ Dunne", "person", P("Kelly", "Dunn"), P("Kelly", "Dunne"), True),
    ("Ellie ~ Eleanor", "person", P("Ellie", "Grant"), P("Eleanor", "Grant"), True),
    ("Chantelle ~ Shantelle", "person", P("Chantelle", "Ward"), P("Shantelle", "Ward"), True),
    ("a one-word alias alone", "person", P("Kez"), P("Kieran", "Lomas", ("Kez",)), True),
    # People: must not match
    (
        "Sarah Jones / Sara Jonas born 20 years apart",
        "person",
        P("Sarah", "Jones", date_of_birth=born(1986)),
        P("Sara", "Jonas", (), born(2006)),
        False,
    ),
    (
        "same name, born 23 years apart",
        "person",
        P("Daniel", "Harris", date_of_birth=born(1985)),
        P("Daniel", "Harris", (), born(2008)),
        False,
    ),
    (
        "ages far apart",
        "person",
        P("Jon", "Sykes", age_from=40, age_to=45),
        P("Jonathan", "Sykes", (), born(2005)),
        False,
    ),
    ("different first names", "person", P("John", "Barlow"), P("Peter", "Barlow"), False),
    ("different last names", "person", P("Mohammed", "Khan"), P("Mohammed", "Ali"), False),
    ("Tom / Tim: sound alike, different names", "person", P("Tom", "Evans"), P("Tim", "Evans"), False),
    ("Kerry / Karen", "person", P("Kerry", "Walsh"), P("Karen", "Walsh"), False),
    ("different sex recorded", "person", P("Alex", "Brown", sex="male"), P("Alexandra", "Brown", sex="female"), False),
    ("first name alone, not an alias", "person", P("Jamal"), P("Jamal", "Okafor"), False),
    ("alias of someone else", "person", P("Kez", "Lomas"), P("Kieran", "Broadbent", ("Kez",)), False),
    ("initial that does not fit", "person", P("J", "Fairclough"), P("Mark", "Fairclough"), False),
    ("nothing alike", "person", P("Chloe", "Nash"), P("Ibrahim", "Sesay"), False),
    ("Liam / Leah", "person", P("Liam", "Hurst"), P("Leah", "Hurst"), False),
    ("Connor / Conrad", "person", P("Connor", "Webb"), P("Conrad", "Webb"), False),
    ("Aaron / Adam", "person", P("Aaron", "Mills"), P("Adam", "Mills"), False),
    ("Megan / Morgan", "person", P("Megan", "Hill"), P("Morgan", "Hill"), False),
    ("Jordan / Jason", "person", P("Jordan", "Pike"), P("Jason", "Pike"), False),
    ("Shannon / Sharon", "person", P("Shannon", "Reid"), P("Sharon", "Reid"), False),
    ("Stacey / Tracey", "person", P("Stacey", "Lyons"), P("Tracey", "Lyons"), False),
    ("Bentley / Benson", "person", P("Kyle", "Benson"), P("Kyle", "Bentley"), False),
    ("short form, but Fox / Foxton", "person", P("Jamie", "Fox"), P("James", "Foxton"), False),
    (
        "Mo / Mohammed born 34 years apart",
        "person",
        P("Mohammed", "Iqbal", date_of_birth=born(1970)),
        P("Mo", "Iqbal", (), born(2004)),
        False,
    ),
    (
        "age ranges 14 years apart",
        "person",
        P("Kayleigh", "Moss", age_from=14, age_to=16),
        P("Kayleigh", "Moss", age_from=30, age_to=35),
        False,
    ),
    ("Jonny / Joan: one sound, another name", "person", P("Jonny", "Hartley"), P("Joan", "Hartley"), False),
    ("a short alias that only sounds alike", "person", P("Chloe", "Taylor"), P("Lynn", "Taylor", ("Chl",)), False),
    ("swapped names of two people", "person", P("Patel", "Sanjay"), P("Ravi", "Patel"), False),
    # Vehicles
    ("partial registration", "vehicle", "AB12", "AB12 CDE", True),
    ("spaced and lower case", "vehicle", "ab 12cde", "AB12 CDE", True),
    ("0 for O", "vehicle", "AB12 C0E", "AB12 COE", True),
    ("1 for I", "vehicle", "AB12 CD1", "AB12 CDI", True),
    ("I for 1 in the age identifier", "vehicle", "YI17 XKP", "Y117 XKP", True),
    ("end of the registration", "vehicle", "CDE", "AB12 CDE", True),
    ("prefix format, spaced", "vehicle", "p 123 abc", "P123ABC", True),
    ("suffix format", "vehicle", "ABC 123D", "abc123d", True),
    ("one letter different", "vehicle", "AB12 CDE", "AB12 CDF", False),
    ("same make and colour, different registrations", "vehicle", "KX19 LPT", "KX19 LTP", False),
    ("8 is not B", "vehicle", "A812 CDE", "AB12 CDE", False),
    ("partial that is not the start", "vehicle", "AB13", "AB12 CDE", False),
    ("too short to propose", "vehicle", "AB", "AB12 CDE", False),
    ("one digit different", "vehicle", "LM05 RTY", "LM55 RTY", False),
    ("end that differs", "vehicle", "CDE", "AB12 CDF", False),
    # Phones
    ("international and national", "phone", "+44 7700 900123", "07700900123", True),
    ("spaced", "phone", "07700 900 123", "+447700900123", True),
    ("0044 prefix", "phone", "0044 7700 900123", "07700 900123", True),
    ("brackets and dashes", "phone", "(0161) 496-0000", "+44 161 496 0000", True),
    ("one digit different", "phone", "07700 900123", "07700 900124", False),
    ("another country", "phone", "+33 7700 900123", "07700 900123", False),
    ("landline and mobile", "phone", "0161 496 0000", "07700 900000", False),
    # Places
    (
        "the same premises by name and address",
        "place",
        ("Chicken Palace", "12 High St", ""),
        ("", "12 High Street, Chicken Palace takeaway", ""),
        True,
    ),
    ("postcode spacing and case", "place", ("", "3 Mill Lane", "m11ae"), ("", "3 Mill Ln", "M1 1AE"), True),
    (
        "name and postcode only",
        "place",
        ("The Crown Hotel", "", "LS1 4AP"),
        ("Crown Hotel", "Station Road", "ls14ap"),
        True,
    ),
    ("abbreviated street", "place", ("", "Flat 2, 27 Victoria Rd", ""), ("", "27 Victoria Road, flat 2", ""), True),
    ("different house numbers on one street", "place", ("", "12 High Street", ""), ("", "14 High Street", ""), False),
    (
        "same name, different postcode",
        "place",
        ("Chicken Palace", "", "M1 1AE"),
        ("Chicken Palace", "", "LS1 4AP"),
        False,
    ),
    (
        "different premises",
        "place",
        ("Chicken Palace", "12 High St", ""),
        ("Pizza Place", "40 Station Road", ""),
        False,
    ),
    ("same postcode, different house", "place", ("", "5 Mill Lane", "M1 1AE"), ("", "9 Mill Lane", "M1 1AE"), False),
    ("same number, another street", "place", ("", "10 Station Road", ""), ("", "10 Park Road", ""), False),
    (
        "same name and number, another street",
        "place",
        ("Chicken Palace", "12 High St", ""),
        ("Chicken Palace", "12 Market St", ""),
        False,
    ),
    (
        "another flat in the same building",
        "place",
        ("", "Flat 2, 27 Victoria Road", ""),
        ("", "Flat 5, 27 Victoria Road", ""),
        False,
    ),
    ("a bare street is not a premises", "place", ("", "High Street", ""), ("", "12 High Street", ""), False),
    ("the building, flat not known", "place", ("", "Flat 2, 27 Victoria Road", ""), ("", "27 Victoria Road", ""), True),
    ("a typo in the street", "place", ("", "12 Hgih Street", "M1 1AE"), ("", "12 High Street", "M1 1AE"), True),
]


def proposed(kind: str, asked: object, recorded: object) -> bool:
    if kind == "person":
        assert isinstance(asked, Person) and isinstance(recorded, Person)
        return match_person(asked, recorded, ON).proposed
    if kind == "vehicle":
        return match_registration(str(asked), str(recorded)).proposed
    if kind == "phone":
        return match_phone(str(asked), str(recorded)).proposed
    assert isinstance(asked, tuple) and isinstance(recorded, tuple)
    return match_place(asked, recorded).proposed


@pytest.mark.parametrize(
    ("kind", "asked", "recorded", "must_match"), [pair[1:] for pair in PAIRS], ids=[p[0] for p in PAIRS]
)
def test_pair(kind: str, asked: object, recorded: object, must_match: bool) -> None:
    assert proposed(kind, asked, recorded) is must_match
    # Matching is about the pair, not who asked: the same verdict the other way round.
    assert proposed(kind, recorded, asked) is must_match


def test_the_table_is_big_enough_and_balanced() -> None:
    must, must_not = sum(pair[4] for pair in PAIRS), sum(not pair[4] for pair in PAIRS)
    assert must + must_not >= 40
    assert abs(must - must_not) <= (must + must_not) // 4
    assert {pair[1] for pair in PAIRS} == {"person", "vehicle", "phone", "place"}


def test_reasons_a_professional_can_read() -> None:
    match = match_person(P("Jonny", "Smyth"), P("Jonathan", "Smith"), ON)
    assert match.verdict == LIKELY
    assert "first name Jonny is a short form of Jonathan" in match.reasons
    assert "last name Smyth sounds like Smith (Double Metaphone)" in match.reasons
    vetoed = match_person(P("Sarah", "Jones", date_of_birth=born(1986)), P("Sara", "Jonas", (), born(2006)), ON)
    assert "born 20 years apart" in vetoed.reasons
    assert "names swapped (first and last)" in match_person(P("Patel", "Ravi"), P("Ravi", "Patel"), ON).reasons
    assert "matches recorded alias 'Kez'" in match_person(P("Kez", "Lomas"), P("Kieran", "Lomas", ("Kez",)), ON).reasons


def test_precision_and_recall_over_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    true_positive = false_positive = false_negative = 0
    failing = []
    for label, kind, asked, recorded, must_match in PAIRS:
        got = proposed(kind, asked, recorded)
        true_positive += got and must_match
        false_positive += got and not must_match
        false_negative += must_match and not got
        if got is not must_match:
            failing.append(label)
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    with capsys.disabled():
        print(f"\nMatching table: {len(PAIRS)} pairs, precision {precision:.3f}, recall {recall:.3f}")
    assert failing == []
    assert (precision, recall) == (1.0, 1.0)
