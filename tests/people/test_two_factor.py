"""Two-factor authentication (issue 11): anyone may set up an authenticator app (QR code or typed key,
confirmed with a code) and gets ten recovery codes, shown once and downloadable; signing in then asks
for a code after the password; a wrong code is refused, audited and counts towards the sign-in lock; a
recovery code works once. The roles that see partnership-wide records must set it up before they reach
anything else (the API included) and cannot turn it off; the administrator resets it. With the setting
off (the demo), every login works with the password alone."""

import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cepathway.core import audit_words
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.intelligence.models import HANDLER_ROLES, REGISTER_ROLES
from cepathway.people import two_factor
from cepathway.people.models import PARTNERSHIP_WIDE_ROLES, ApiToken, Role
from tests.factories import PASSWORD

SIGN_IN = reverse("login")
CODE = reverse("two-factor-code")
MY_WORK = reverse("my-work")
SETUP = reverse("two-factor-setup")
OVERVIEW = reverse("two-factor")

required = override_settings(CEPATHWAY_TWO_FACTOR_REQUIRED=True)


def code_now(device: TOTPDevice) -> str:
    """The code the person's app shows now. The device forgets the last code it accepted and any
    throttling, so that a test may use codes from the same 30 seconds more than once."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def password_step(username: str, client: Client | None = None):
    client = client or Client()
    return client, client.post(SIGN_IN, {"username": username, "password": PASSWORD})


def signed_in_by_password(person) -> Client:
    client, response = password_step(person.username)
    assert response.status_code == 302 and response["Location"] == MY_WORK, response.get("Location")
    return client


def set_up(client: Client, person) -> list[str]:
    """The set-up page, as the person uses it: the recovery codes it shows."""
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "QR code of your two-factor key" in page, "the QR code is drawn in the page"
    key = re.search(r"data-two-factor-key>([A-Z2-7 ]+)<", page).group(1)
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert key.replace(" ", "") in device.config_url, "the key is shown as text for typing"
    page = client.post(SETUP, {"code": code_now(device)}).content.decode()
    assert "Two-factor authentication is on" in page
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)


@pytest.fixture
def social_worker(world):
    return world.users[Role.SOCIAL_WORKER]


@pytest.fixture
def hub(world):
    return world.users[Role.HUB_PRACTITIONER]


def test_the_roles_that_must_are_every_role_that_sees_partnership_wide_records():
    wide = PARTNERSHIP_WIDE_ROLES | HANDLER_ROLES | REGISTER_ROLES | {Role.AUDITOR, Role.LEVEL2_MEMBER}
    assert wide <= two_factor.REQUIRED_FOR_ROLES
    assert not {Role.SOCIAL_WORKER, Role.PARTNER_PROFESSIONAL, Role.LEAD_PROFESSIONAL} & two_factor.REQUIRED_FOR_ROLES


@required
def test_a_role_that_need_not_opts_in_and_sees_its_recovery_codes_once(world, social_worker):
    client = signed_in_by_password(social_worker)
    assert client.get(MY_WORK).status_code == 200, "not required of a social worker"
    assert "Set up two-factor authentication" in client.get(reverse("account")).content.decode()

    device = two_factor.new_app_device(social_worker)
    page = client.post(SETUP, {"code": "000000" if code_now(device) != "000000" else "111111"}).content.decode()
    assert "There is a problem" in page and "The code is not right" in page
    assert not two_factor.has_second_factor(social_worker)

    codes = set_up(client, social_worker)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=social_worker).count() == 10
    download = client.get(reverse("two-factor-recovery-codes-download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)
    (taken,) = AuditEvent.objects.filter(user=social_worker, action=AuditAction.DOWNLOADED)
    assert taken.record_id == str(social_worker.pk), "a file of codes that sign in as them left the service"
    assert audit_words.sentence(taken, None) == "Downloaded from their own account"
    assert taken.detail == "recovery codes (10) as a text file"
    assert AuditEvent.objects.filter(
        user=social_worker, action=AuditAction.CHANGED, detail__startswith="set up two-factor"
    ).exists()
    assert "On" in client.get(OVERVIEW).content.decode()
    assert client.get(MY_WORK).status_code == 200, "this session carries on"


@required
def test_signing_in_asks_for_the_code_after_the_password(world, social_worker):
    set_up(signed_in_by_password(social_worker), social_worker)
    client, response = password_step(social_worker.username)
    assert response["Location"] == CODE
    assert client.get(MY_WORK).status_code == 302, "the password alone does not sign in"
    assert "Enter your code" in client.get(CODE).content.decode()

    device = two_factor.app_device(social_worker)
    response = client.post(CODE, {"code": code_now(device)})
    assert response.status_code == 302 and response["Location"] == MY_WORK
    assert client.get(MY_WORK).status_code == 200
    entry = AuditEvent.objects.filter(user=social_worker, action=AuditAction.SIGNED_IN).latest("at")
    assert "authenticator app" in entry.detail


@required
def test_a_wrong_code_is_refused_audited_and_counts_towards_the_lock(world, social_worker):
    set_up(signed_in_by_password(social_worker), social_worker)
    client, _ = password_step(social_worker.username)
    page = client.post(CODE, {"code": "12345x"}).content.decode()
    assert "There is a problem" in page and "The code is not right" in page
    assert client.get(MY_WORK).status_code == 302
    failed = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, detail__contains="wrong two-factor code")
    assert failed.count() == 1

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(CODE, {"code": "not-a-code"})
    assert response.status_code == 429, "locked like wrong passwords"
    device = two_factor.app_device(social_worker)
    assert client.post(CODE, {"code": code_now(device)}).status_code == 429, "even the right code, while locked"
    assert client.get(MY_WORK).status_code == 302


@required
def test_a_recovery_code_signs_in_once(world, social_worker):
    codes = set_up(signed_in_by_password(social_worker), social_worker)
    client, _ = password_step(social_worker.username)
    response = client.post(CODE, {"code": codes[0].upper()})
    assert response["Location"] == MY_WORK
    assert AuditEvent.objects.filter(user=social_worker, detail="used a recovery code to sign in; 9 left").exists()

    again, _ = password_step(social_worker.username)
    page = again.post(CODE, {"code": codes[0]}).content.decode()
    assert "The code is not right" in page
    assert again.get(MY_WORK).status_code == 302


@required
def test_new_recovery_codes_replace_the_old(world, social_worker):
    client = signed_in_by_password(social_worker)
    old = set_up(client, social_worker)
    page = client.post(reverse("two-factor-recovery-codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == 10 and not set(old) & set(new)
    assert set(StaticToken.objects.filter(device__user=social_worker).values_list("token", flat=True)) == set(new)


@required
def test_a_role_that_must_sets_it_up_before_anything_else(world, hub):
    key = ApiToken.issue(hub, "made before two-factor was required")[1]
    client = signed_in_by_password(hub)
    response = client.get(MY_WORK)
    assert response.status_code == 302 and response["Location"] == SETUP
    assert client.get(reverse("api-token")).status_code == 302, "no API token before two-factor"
    assert client.get("/api/docs").status_code == 403, "the API docs, too"
    assert client.get("/api/children", headers={"Accept": "application/json"}).status_code == 403
    token_client = Client(headers={"Authorization": f"Bearer {key}"})
    assert token_client.get("/api/children").status_code == 401, "a token is refused until two-factor is set up"
    assert "Your role sees records across the partnership" in client.get(SETUP).content.decode()

    set_up(client, hub)
    assert client.get(MY_WORK).status_code == 200
    assert token_client.get("/api/children").status_code == 200


@required
def test_a_role_that_must_cannot_turn_it_off_and_one_that_need_not_can_with_the_password(world, hub, social_worker):
    hub_client = signed_in_by_password(hub)
    set_up(hub_client, hub)
    assert "cannot turn two-factor authentication off" in hub_client.get(OVERVIEW).content.decode()
    hub_client.post(reverse("two-factor-remove"), {"password": PASSWORD})
    assert two_factor.has_second_factor(hub)

    client = signed_in_by_password(social_worker)
    set_up(client, social_worker)
    page = client.post(reverse("two-factor-remove"), {"password": "not it"}).content.decode()
    assert "Your password is not right" in page and two_factor.has_second_factor(social_worker)
    client.post(reverse("two-factor-remove"), {"password": PASSWORD})
    assert not two_factor.has_second_factor(social_worker)
    assert AuditEvent.objects.filter(user=social_worker, detail="turned off two-factor authentication").exists()
    assert password_step(social_worker.username)[1]["Location"] == MY_WORK


@required
def test_the_administrator_resets_it_and_the_person_sets_it_up_again(world, hub, client_for):
    hub_client = signed_in_by_password(hub)
    set_up(hub_client, hub)
    admin_user = world.users[Role.ADMINISTRATOR]
    admin = signed_in_by_password(admin_user)
    set_up(admin, admin_user)
    reset_url = reverse("two-factor-reset", args=[hub.pk])
    assert reset_url in admin.get(reverse("people-accounts")).content.decode()

    page = admin.post(reset_url).content.decode()
    assert "Two-factor authentication reset for" in page
    assert not two_factor.has_second_factor(hub)
    assert hub_client.get(MY_WORK).status_code == 302, "their sessions ended"
    assert AuditEvent.objects.filter(user=admin_user, detail__startswith="reset the two-factor").exists()

    client = signed_in_by_password(hub)
    assert client.get(MY_WORK)["Location"] == SETUP

    other = admin.post(reverse("two-factor-reset", args=[world.elsewhere_lead.pk]))
    assert other.status_code == 404
    assert client_for(world.users[Role.SOCIAL_WORKER]).get(reset_url).status_code == 403


def test_with_the_setting_off_every_role_signs_in_with_the_password_alone(world):
    for role in two_factor.REQUIRED_FOR_ROLES:
        client = signed_in_by_password(world.users[role])
        assert client.get(MY_WORK).status_code == 200, role


@required
def test_a_session_signed_in_without_the_code_is_asked_for_it(world, social_worker):
    set_up(signed_in_by_password(social_worker), social_worker)
    client = Client()
    client.force_login(social_worker)  # not through the sign-in page
    response = client.get(MY_WORK)
    assert response["Location"] == CODE
    assert client.get(MY_WORK).status_code == 302, "signed out until the code is given"
    response = client.post(CODE, {"code": code_now(two_factor.app_device(social_worker))})
    assert response["Location"] == MY_WORK


@pytest.mark.parametrize("enforced", [False, True])
def test_an_ordinary_page_asks_the_database_nothing_about_two_factor(world, social_worker, hub, enforced, settings):
    settings.CEPATHWAY_TWO_FACTOR_REQUIRED = enforced
    client = signed_in_by_password(hub if not enforced else social_worker)
    if enforced:
        set_up(signed_in_by_password(hub), hub)
        client = Client()
        password_step(hub.username, client)
        client.post(CODE, {"code": code_now(two_factor.app_device(hub))})
    client.get(MY_WORK)
    with CaptureQueriesContext(connection) as done:
        assert client.get(MY_WORK).status_code == 200
    assert not [query["sql"] for query in done.captured_queries if "otp_" in query["sql"]]
