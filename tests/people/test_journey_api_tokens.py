"""API tokens (issue 11): each has a name (required), an expiry (90 days), the time it was last used;
its owner revokes it on their API tokens page; at most 5 in use; a revoked or expired token is a 401.
The tokens page is under "Your account", not in every practitioner's navigation."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import ApiToken, Role

TOKENS = reverse("api-token")


@pytest.fixture
def person(world):
    return world.users[Role.POLICE_OFFICER]


def create(client: Client, name: str):
    return client.post(TOKENS, {"name": name})


def key_in(page: str) -> str:
    return re.search(r"<code>(cep_[^<]+)</code>", page).group(1)


def api(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_token_needs_a_name(world, person, client_for):
    page = create(client_for(person), "").content.decode()
    assert "There is a problem" in page and "Enter what the token is for" in page
    assert not ApiToken.objects.filter(user=person).exists()


def test_a_named_token_is_shown_once_used_and_revoked(world, person, client_for, wall):
    client = client_for(person)
    page = create(client, "Case management sync").content.decode()
    key = key_in(page)
    assert "Case management sync" in page and "Never" in page
    assert key not in client.get(TOKENS).content.decode(), "shown once"
    token = ApiToken.objects.get(user=person)
    assert (token.expires_at - token.created_at).days == 90
    assert AuditEvent.objects.filter(user=person, action=AuditAction.CREATED, record_id=str(token.pk)).exists()

    assert api(key).get("/api/me").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = client.post(TOKENS, {"revoke": str(token.pk)})
    assert response.status_code == 302
    assert "is revoked" in client.get(TOKENS).content.decode()
    assert api(key).get("/api/me").status_code == 401
    assert AuditEvent.objects.filter(user=person, action=AuditAction.CHANGED, record_id=str(token.pk)).exists()


def test_someone_elses_token_cannot_be_revoked(world, person, client_for):
    _, key = ApiToken.issue(world.users[Role.CERAR_LEAD], "Theirs")
    theirs = ApiToken.objects.get(user=world.users[Role.CERAR_LEAD], name="Theirs")
    page = client_for(person).post(TOKENS, {"revoke": str(theirs.pk)}, follow=True).content.decode()
    assert "There is no such token in use now" in page
    assert api(key).get("/api/me").status_code == 200
    assert "no such token" in client_for(person).post(TOKENS, {"revoke": "nonsense"}, follow=True).content.decode()


def test_a_token_expires_after_90_days(world, person, wall):
    _, key = ApiToken.issue(person, "Nightly report")
    wall.advance(days=89, hours=23)
    assert api(key).get("/api/me").status_code == 200
    wall.advance(hours=2)
    response = api(key).get("/api/me")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_at_most_five_tokens_in_use(world, person, client_for, wall):
    client = client_for(person)
    for number in range(5):
        assert "cep_" in create(client, f"System {number}").content.decode()
    page = create(client, "One too many").content.decode()
    assert "You already have 5 API tokens in use" in page and "cep_" not in page
    assert ApiToken.objects.filter(user=person).count() == 5

    first = ApiToken.objects.get(user=person, name="System 0")
    client.post(TOKENS, {"revoke": str(first.pk)})
    assert "cep_" in create(client, "In its place").content.decode(), "a revoked token frees its place"
    wall.advance(days=91)
    client = client_for(person)  # signed in again, 91 days on
    assert "cep_" in create(client, "After expiry").content.decode(), "so does an expired one"


def test_tokens_are_under_your_account_not_in_the_navigation(world, person, client_for):
    page = client_for(person).get(reverse("my-work")).content.decode()
    assert ">Your account<" in page
    assert ">API token<" not in page and f'href="{TOKENS}"' not in page
    assert f'href="{TOKENS}"' in client_for(person).get(reverse("account")).content.decode()
