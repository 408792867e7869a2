"""Passwords (issue 11): a person changes their own (error summary and inline errors; this session
carries on, every other ends; audited without the password); the partnership administrator resets a
colleague's (a temporary password shown once; the person must choose their own at the next sign-in
before anything else; another partnership's person is a 404; audited)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role, User
from tests.factories import PASSWORD

SIGN_IN = reverse("login")
MY_WORK = reverse("my-work")
CHANGE = reverse("password-change")
NEW_PASSWORD = "plum orchard lantern 42"


@pytest.fixture
def person(world):
    return world.users[Role.SOCIAL_WORKER]


def signed_in(person, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(SIGN_IN, {"username": person.username, "password": password})
    assert response.status_code == 302 and response["Location"] != SIGN_IN, "signed in"
    return client


def can_sign_in(person, password: str) -> bool:
    response = Client().post(SIGN_IN, {"username": person.username, "password": password})
    return response.status_code == 302


def test_the_account_page_lists_who_they_are_and_what_they_can_do(world, person, client_for):
    page = client_for(person).get(reverse("account")).content.decode()
    expected = (person.display_name, "Social worker", escape(str(person.agency)), "Change your password", "API tokens")
    for text in expected:
        assert text in page
    assert 'href="/account/"' in page, "'Your account' is in the navigation"
    assert "Reset a colleague" not in page


def test_a_wrong_current_password_or_two_different_new_ones_are_refused_in_place(world, person):
    client = signed_in(person)
    page = client.post(
        CHANGE, {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    ).content.decode()
    assert "There is a problem" in page and "Your current password is not right" in page
    assert 'href="#id_old_password"' in page, "the summary links to the field"
    page = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "something else"}
    ).content.decode()
    assert "The two new passwords are not the same" in page
    page = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert "too short" in page.content.decode()
    assert can_sign_in(person, PASSWORD), "nothing changed"


def test_changing_the_password_keeps_this_session_and_ends_the_others(world, person):
    here, elsewhere = signed_in(person), signed_in(person)
    response = here.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("account")
    assert "Your password is changed" in here.get(reverse("account")).content.decode()
    assert here.get(MY_WORK).status_code == 200
    assert elsewhere.get(MY_WORK).status_code == 302, "the other session ended"
    assert can_sign_in(person, NEW_PASSWORD) and not can_sign_in(person, PASSWORD)
    entry = AuditEvent.objects.get(user=person, action=AuditAction.CHANGED, fields=["password"])
    assert NEW_PASSWORD not in entry.detail and PASSWORD not in entry.detail


def test_the_administrator_resets_a_password_and_the_person_must_choose_their_own(world, person, client_for):
    admin = client_for(world.users[Role.ADMINISTRATOR])
    old_session = signed_in(person)
    listing = admin.get(reverse("people-accounts")).content.decode()
    reset_url = reverse("password-reset", args=[person.pk])
    assert reset_url in listing and world.elsewhere_lead.username not in listing
    assert person.display_name in admin.get(reset_url).content.decode()

    shown = admin.post(reset_url).content.decode()

    temporary = re.search(r"data-temporary-password>([^<]+)<", shown).group(1)
    assert temporary not in admin.get(reset_url).content.decode(), "shown once"
    assert old_session.get(MY_WORK).status_code == 302, "their sessions ended"
    assert not can_sign_in(person, PASSWORD)
    admin_user = world.users[Role.ADMINISTRATOR]
    entry = AuditEvent.objects.get(user=admin_user, action=AuditAction.CHANGED, fields=["password"])
    assert person.username in entry.detail and temporary not in entry.detail

    client = signed_in(person, temporary)
    for url in (MY_WORK, reverse("account"), reverse("api-token")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == CHANGE, url
    page = client.get(CHANGE).content.decode()
    assert "choose your own password" in page
    client.post(CHANGE, {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(MY_WORK).status_code == 200
    assert not User.objects.get(pk=person.pk).must_change_password


def test_another_partnerships_person_is_a_404_and_other_roles_are_refused(world, person, client_for):
    admin = client_for(world.users[Role.ADMINISTRATOR])
    theirs = reverse("password-reset", args=[world.elsewhere_lead.pk])
    assert admin.get(theirs).status_code == 404
    assert admin.post(theirs).status_code == 404
    assert can_sign_in(world.elsewhere_lead, PASSWORD)
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, record_id=str(world.elsewhere_lead.pk)).exists()
    lead = client_for(world.users[Role.CERAR_LEAD])
    assert lead.post(reverse("password-reset", args=[person.pk])).status_code == 403
    assert lead.get(reverse("people-accounts")).status_code == 403
    assert can_sign_in(person, PASSWORD)
