"""Issue 11, bad input: names with invisible characters. A name typed with a zero-width space or a
right-to-left override looked like another name but was stored, searched and matched as something
else. Every text a request sends is now put in one form (NFC, no invisible formatting or control
characters) before any view reads it (`core.request_guards`, `core.text`)."""

import pytest
from django.urls import reverse

from cepathway.children.models import Child
from cepathway.core.text import needs_normalising, normalise
from cepathway.intelligence.matching.normalise import name_tokens
from cepathway.people.models import Role
from cepathway.referrals.models import Referral
from tests.factories import ChildFactory
from tests.referrals.helpers import contact_payload, contact_post

pytestmark = pytest.mark.django_db

ZWSP, RLO, PDF, LRI, PDI, BOM = "\u200b", "\u202e", "\u202c", "\u2066", "\u2069", "\ufeff"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (f"Jo{ZWSP}hn", "John"),
        (f"{RLO}Smith{PDF}", "Smith"),
        (f"{BOM}Ann{LRI}e{PDI}", "Anne"),
        ("Zoe\u0308", "Zoë"),  # e and a combining diaeresis: one letter, as typed on most keyboards
        ("O\u2019Neil-Smith", "O\u2019Neil-Smith"),
        ("Zoë", "Zoë"),
        ("محمد", "محمد"),
        ("Line one\r\nLine\ttwo", "Line one\r\nLine\ttwo"),
        ("bell\x07", "bell"),
    ],
)
def test_the_one_written_form(typed, stored):
    assert normalise(typed) == stored
    assert needs_normalising(typed) is (typed != stored)


def test_intelligence_matching_reads_a_name_as_it_looks():
    assert name_tokens(f"Jo{ZWSP}hn {RLO}Sm{ZWSP}ith") == ["john", "smith"]


def test_a_contact_form_stores_the_child_s_name_as_it_looks(world, client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    data = contact_post(world.home, first_name=f"Jo{ZWSP}nah{BOM}", last_name=f"{RLO}Quill{ZWSP}feather{PDF}")
    sent = client_for(school).post(reverse("referrals:new"), data)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    child = Referral.objects.filter(referrer=school).latest("created_at").child
    assert (child.first_name, child.last_name) == ("Jonah", "Quillfeather")


def test_the_api_stores_the_child_s_name_as_it_looks(world, api_client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    payload = contact_payload(world.home, first_name=f"Zoe\u0308{ZWSP}", last_name=f"Quill{RLO}feather")
    made = api_client_for(school).post("/api/referrals", payload, content_type="application/json")
    assert made.status_code == 201, made.content
    child = Referral.objects.get(pk=made.json()["id"]).child
    assert (child.first_name, child.last_name) == ("Zoë", "Quillfeather")


@pytest.fixture
def jonah(world) -> Child:
    return ChildFactory(partnership=world.home, first_name="Jonah", last_name="Quillfeather")


def test_a_search_with_invisible_characters_finds_the_child_on_the_page(world, client_for, jonah):
    page = client_for(world.users[Role.CERAR_LEAD])
    found = page.get(reverse("children:list"), {"q": f"Jo{ZWSP}nah Quill{RLO}feather"})
    assert found.status_code == 200
    assert str(jonah.pk) in found.content.decode()


def test_a_search_with_invisible_characters_finds_the_child_through_the_api(world, api_client_for, jonah):
    api = api_client_for(world.users[Role.CERAR_LEAD])
    found = api.get("/api/children", {"q": f"Quill{ZWSP}feather"})
    assert found.status_code == 200, found.content
    assert str(jonah.pk) in [child["id"] for child in found.json()]
