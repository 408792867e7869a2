"""Sessions (issue 11): signed out after 30 minutes without activity and not before, whatever the
person was doing 8 hours after signing in, told why on the sign-in page, audited with the reason;
"Stay signed in" starts the idle limit again; a signed-in page carries what the warning needs; signing
out everywhere ends every session of the person, on every device."""

import pytest
from django.test import Client
from django.urls import reverse

from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role
from tests.factories import PASSWORD

SIGN_IN = reverse("login")
MY_WORK = reverse("my-work")
KEEP_ALIVE = reverse("session-keep-alive")


@pytest.fixture
def person(world):
    return world.users[Role.SOCIAL_WORKER]


def signed_in_client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def automatic_sign_outs(person):
    entries = AuditEvent.objects.filter(user=person, action=AuditAction.SIGNED_OUT)
    return entries.filter(detail__startswith="signed out automatically")


def test_idle_for_less_than_30_minutes_stays_signed_in(world, person, wall):
    client = signed_in_client(person)
    for _ in range(4):
        wall.advance(minutes=29)
        assert client.get(MY_WORK).status_code == 200, "each visit within 30 minutes of the last keeps the session"
    assert not automatic_sign_outs(person).exists()


def test_idle_for_more_than_30_minutes_signs_out_and_says_why(world, person, wall):
    client = signed_in_client(person)
    wall.advance(minutes=10)
    assert client.get(MY_WORK).status_code == 200
    wall.advance(minutes=30, seconds=1)

    response = client.get(MY_WORK)
    assert signed_out(response)
    assert response["Location"] == f"{SIGN_IN}?next={MY_WORK}", "signing in again comes back here"
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    entry = automatic_sign_outs(person).get()
    assert "30 minutes without activity" in entry.detail
    assert signed_out(client.get(MY_WORK)), "the session is gone, not only refused once"


def test_last_seen_is_written_at_most_once_a_minute(world, person, wall):
    client = signed_in_client(person)
    session = client.session
    first = session["people.last_seen"]
    wall.advance(seconds=30)
    client.get(MY_WORK)
    assert client.session["people.last_seen"] == first
    wall.advance(seconds=31)
    client.get(MY_WORK)
    assert client.session["people.last_seen"] == wall.now


def test_stay_signed_in_starts_the_idle_limit_again(world, person, wall):
    client = signed_in_client(person)
    wall.advance(minutes=29)
    assert client.post(KEEP_ALIVE).status_code == 204
    wall.advance(minutes=29)
    assert client.get(MY_WORK).status_code == 200
    assert client.get(KEEP_ALIVE).status_code == 405, "only a POST keeps a session alive"


def test_a_script_past_the_idle_limit_gets_a_json_401(world, person, wall):
    client = signed_in_client(person)
    wall.advance(minutes=31)
    response = client.post(KEEP_ALIVE, headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert "30 minutes without activity" in response.json()["detail"]


def test_eight_hours_after_signing_in_the_session_ends_however_active(world, person, wall):
    client = signed_in_client(person)
    for _ in range(23):  # every 20 minutes for 7 hours 40 minutes
        wall.advance(minutes=20)
        assert client.get(MY_WORK).status_code == 200
    wall.advance(minutes=19)
    assert client.post(KEEP_ALIVE).status_code == 204, "7 hours 59 minutes in: still signed in"
    wall.advance(minutes=2)

    response = client.get(MY_WORK)
    assert signed_out(response)
    assert "signed in more than 8 hours ago" in client.get(response["Location"]).content.decode()
    assert "8 hours" in automatic_sign_outs(person).get().detail


def test_a_signed_in_page_carries_the_limits_and_a_signed_out_one_does_not(world, person, wall):
    page = signed_in_client(person).get(MY_WORK).content.decode()
    assert 'data-session-idle-seconds="1800"' in page
    assert 'data-session-warning-seconds="120"' in page
    assert f'data-session-keep-alive-url="{KEEP_ALIVE}"' in page
    assert '<meta name="csrf-token"' in page
    signed_out_page = Client().get(SIGN_IN).content.decode()
    assert "data-session-idle-seconds" not in signed_out_page and "csrf-token" not in signed_out_page


def test_sign_out_everywhere_ends_every_session_of_the_person(world, person, wall):
    laptop, phone = signed_in_client(person), signed_in_client(person)
    colleague = signed_in_client(world.users[Role.CERAR_LEAD])
    assert "Sign out everywhere" in laptop.get(reverse("account")).content.decode()
    wall.advance(seconds=5)

    response = laptop.post(reverse("sign-out-everywhere"))

    assert response.status_code == 302 and response["Location"] == SIGN_IN
    assert "You are signed out everywhere" in laptop.get(SIGN_IN).content.decode()
    assert signed_out(laptop.get(MY_WORK))
    on_phone = phone.get(MY_WORK)
    assert signed_out(on_phone)
    assert "every session of your account was ended" in phone.get(on_phone["Location"]).content.decode()
    assert colleague.get(MY_WORK).status_code == 200, "only the person's own sessions end"
    assert AuditEvent.objects.filter(user=person, action=AuditAction.CHANGED, fields=["sessions"]).exists()

    wall.advance(seconds=5)
    again = Client()
    again.post(SIGN_IN, {"username": person.username, "password": PASSWORD})
    assert again.get(MY_WORK).status_code == 200, "signing in afterwards works"


def test_sign_out_everywhere_is_a_post(world, person):
    assert signed_in_client(person).get(reverse("sign-out-everywhere")).status_code == 405


def test_the_api_docs_page_past_the_limit_goes_to_sign_in_not_json(world, person, wall):
    client = signed_in_client(person)
    wall.advance(minutes=31)
    response = client.get("/api/docs", headers={"Accept": "text/html,application/xhtml+xml"})
    assert signed_out(response)
