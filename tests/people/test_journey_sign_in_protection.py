"""Signing in (issue 11): repeated wrong passwords lock the account, and separately the address they
come from, so the right password no longer signs in; every sign-in, sign-out, failure and lockout is in
the audit log; the partnership administrator sees their own partnership's failed sign-ins and lifts a
lock, and never sees another partnership's."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role
from tests.factories import PASSWORD

SIGN_IN = reverse("login")
LOCKS = reverse("sign-in-locks")


def sign_in(client: Client, username: str, password: str):
    return client.post(SIGN_IN, {"username": username, "password": password})


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] != SIGN_IN


@pytest.fixture
def person(world):
    return world.users[Role.SOCIAL_WORKER]


def test_the_right_password_signs_in_and_out_and_both_are_audited(world, person):
    client = Client()
    assert signed_in(sign_in(client, person.username, PASSWORD))
    client.post(reverse("logout"))
    actions = list(AuditEvent.objects.filter(user=person).values_list("action", flat=True))
    assert AuditAction.SIGNED_IN in actions and AuditAction.SIGNED_OUT in actions


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(world, person):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, person.username, "wrong password").status_code == 200
    assert sign_in(client, person.username, "wrong password").status_code == 429, "the last failure locks"
    locked = sign_in(client, person.username, PASSWORD)

    assert locked.status_code == 429
    assert "Signing in is locked for now" in locked.content.decode()
    failures = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, partnership=world.home)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, partnership=world.home).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.SIGNED_IN, user=person).exists()


def test_wrong_passwords_for_many_accounts_from_one_address_lock_the_address(world, person):
    client = Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"no-such-person-{number}", "wrong password")
    assert sign_in(client, person.username, PASSWORD).status_code == 429


def test_a_success_before_the_limit_clears_the_count(world, person):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, person.username, "wrong password")
    assert signed_in(sign_in(client, person.username, PASSWORD))
    client.post(reverse("logout"))
    sign_in(client, person.username, "wrong password")
    assert signed_in(sign_in(client, person.username, PASSWORD))


def test_the_administrator_lifts_a_lock_on_their_partnerships_account(world, person, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), person.username, "wrong password")
    admin = client_for(world.users[Role.ADMINISTRATOR])

    page = admin.get(LOCKS).content.decode()
    assert person.username in page and "Locked" in page
    attempt = page.split('name="attempt" value="')[1].split('"')[0]
    response = admin.post(LOCKS, {"attempt": attempt})

    assert response.status_code == 302
    assert signed_in(sign_in(Client(), person.username, PASSWORD))
    lifted = AuditEvent.objects.filter(user=world.users[Role.ADMINISTRATOR], action=AuditAction.CHANGED)
    assert lifted.filter(detail__contains=person.username).exists()


def test_another_partnerships_lead_and_other_roles_see_no_lock(world, person, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), person.username, "wrong password")
    assert client_for(world.users[Role.CERAR_LEAD]).get(LOCKS).status_code == 403
    assert client_for(world.elsewhere_lead).get(LOCKS).status_code == 403


def test_an_administrator_cannot_lift_a_lock_that_is_not_their_partnerships(world, client_for):
    outsider = world.elsewhere_lead
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), outsider.username, "wrong password")
    admin = client_for(world.users[Role.ADMINISTRATOR])
    assert outsider.username not in admin.get(LOCKS).content.decode()

    from axes.models import AccessAttempt

    theirs = AccessAttempt.objects.get(username=outsider.username)
    assert "no such lock" in admin.post(LOCKS, {"attempt": theirs.pk}, follow=True).content.decode()
    assert sign_in(Client(), outsider.username, PASSWORD).status_code == 429
