"""Issue 11: no answer is kept by a browser or proxy, browsers are told what the service never needs,
and text no one could type (a NUL, half a surrogate pair) is refused in one place, before any view,
with a clear message, instead of a 500 from the database."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from cepathway.core.request_guards import UNREADABLE, is_unreadable
from cepathway.people.models import ApiToken, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def cerar(world, client_for):
    return client_for(world.users[Role.CERAR_LEAD])


def test_a_signed_in_page_and_an_api_answer_are_never_stored(world, cerar):
    _, key = ApiToken.issue(world.users[Role.CERAR_LEAD], name="Test token")
    for response in (
        cerar.get(reverse("my-work")),
        Client().get("/api/children", headers={"Authorization": f"Bearer {key}"}),
    ):
        assert "no-store" in response["Cache-Control"]
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"


def test_a_nul_in_a_search_is_refused_with_a_clear_page_not_a_server_error(world, cerar):
    response = cerar.get(reverse("children:list"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert UNREADABLE in response.content.decode()


def test_a_nul_in_a_form_is_refused_and_nothing_is_saved(world, cerar):
    response = cerar.post(reverse("my-work"), {"anything": "x\x00y"})
    assert response.status_code == 400


def test_a_lone_surrogate_in_an_api_body_is_refused_in_the_apis_shape(world):
    _, key = ApiToken.issue(world.users[Role.PARTNER_PROFESSIONAL], name="Test token")
    body = '{"first_name": "\\ud800Sam"}'
    assert json.loads(body)["first_name"].startswith("\ud800")
    response = Client().post(
        "/api/referrals", body, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": [UNREADABLE]}


@pytest.mark.parametrize(
    ("text", "unreadable"),
    [("Sam", False), ("Zoë", False), ("a\x00b", True), ("\ud800", True), ("\udfff x", True), ("😀", False)],
)
def test_what_counts_as_unreadable(text, unreadable):
    assert is_unreadable(text) is unreadable
