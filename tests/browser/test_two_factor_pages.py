"""Two-factor authentication in Chromium (issue 11), with and without JavaScript: a role that must is sent
to set it up after the password, reads the key (or the QR code, drawn in the page), confirms with a code
and sees its recovery codes; next time the sign-in asks for the code, and a recovery code does instead;
the administrator resets it; a person who need not have it turns it off with their password. Every page
passes axe (checked in the run with JavaScript, which axe needs)."""

import time
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_now(device: TOTPDevice) -> str:
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def heading(page: Any) -> str:
    return page.locator("h1").first.inner_text().strip()


def submit(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def page_js(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", java_script_enabled=request.param
    )
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.javascript = request.param
    yield page
    context.close()


def check(page: Any) -> None:
    if page.javascript:
        assert_accessible(page)


def test_set_up_sign_in_with_a_code_or_a_recovery_code_and_reset(world: Any, page_js: Any, settings: Any) -> None:
    settings.CEPATHWAY_TWO_FACTOR_REQUIRED = True
    page = page_js
    hub = world.users[Role.HUB_PRACTITIONER]

    login(page, hub)
    assert page.url.endswith(reverse("two-factor-setup")), "sent to set it up after the password"
    assert heading(page) == "Set up two-factor authentication"
    assert page.locator("[data-two-factor-qr] svg").count() == 1
    assert "Your role needs two-factor authentication" in page.locator("main").inner_text()
    check(page)

    page.get_by_label("Enter the 6-digit code your app shows").fill("12")
    submit(page, "Turn on two-factor authentication")
    assert "There is a problem" in page.locator("main").inner_text()
    check(page)

    device = TOTPDevice.objects.get(user=hub, confirmed=False)
    typed_key = page.locator("[data-two-factor-key]").inner_text().replace(" ", "")
    assert typed_key in device.config_url
    page.get_by_label("Enter the 6-digit code your app shows").fill(code_now(device))
    submit(page, "Turn on two-factor authentication")
    assert heading(page) == "Two-factor authentication is on"
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    check(page)

    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.goto(reverse("two-factor"))
    assert "Recovery codes left" in page.locator("main").inner_text()
    check(page)

    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(hub.username)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Sign in")
    assert heading(page) == "Enter your code"
    check(page)
    page.get_by_label("Code").fill("000000" if code_now(device) != "000000" else "111111")
    submit(page, "Continue")
    assert "The code is not right" in page.locator("main").inner_text()
    check(page)
    page.get_by_label("Code").fill(codes[0])
    submit(page, "Continue")
    assert page.url.endswith(reverse("my-work"))

    settings.CEPATHWAY_TWO_FACTOR_REQUIRED = False  # the administrator signs in with the password alone
    page.context.clear_cookies()
    login(page, world.users[Role.ADMINISTRATOR])
    page.goto(reverse("people-accounts"))
    check(page)
    page.get_by_role("link", name=f"Reset two-factor authentication of {hub.display_name}").click()
    assert heading(page) == f"Reset the two-factor authentication of {hub.display_name}"
    check(page)
    submit(page, "Reset two-factor authentication")
    assert heading(page) == f"Two-factor authentication reset for {hub.display_name}"
    check(page)
    assert not TOTPDevice.objects.filter(user=hub).exists()


def test_a_person_who_need_not_turns_it_off_with_their_password(world: Any, page_js: Any, settings: Any) -> None:
    settings.CEPATHWAY_TWO_FACTOR_REQUIRED = True
    page = page_js
    person = world.users[Role.SOCIAL_WORKER]
    device = TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)

    page.goto(reverse("login"))
    page.get_by_label("Username").fill(person.username)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Sign in")
    page.get_by_label("Code").fill(code_now(device))
    submit(page, "Continue")
    assert page.url.endswith(reverse("my-work"))

    page.goto(reverse("two-factor"))
    page.get_by_role("link", name="Turn off two-factor authentication").click()
    assert heading(page) == "Turn off two-factor authentication"
    check(page)
    page.get_by_label("Your password").fill("not my password")
    submit(page, "Turn off two-factor authentication")
    assert "Your password is not right" in page.locator("main").inner_text()
    check(page)
    page.get_by_label("Your password").fill(PASSWORD)
    submit(page, "Turn off two-factor authentication")
    assert "Two-factor authentication is off" in page.locator("main").inner_text()
    assert not TOTPDevice.objects.filter(user=person).exists()
