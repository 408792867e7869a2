"""The idle warning in Chromium (issue 11): before the idle limit a native modal dialog says the person
will be signed out soon, with focus in it and no accessibility violations; Escape (or "Stay signed in")
keeps them signed in; "Sign out now" signs out; when the time passes the page goes to the sign-in page,
which says why. The limits are made tiny for the test."""

from typing import Any

import pytest
from django.urls import reverse

from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WARNING = "You will be signed out soon"


@pytest.fixture
def tiny_limits(settings: Any) -> None:
    settings.CEPATHWAY_IDLE_MINUTES = 0.25  # 15 seconds
    settings.CEPATHWAY_IDLE_WARNING_SECONDS = 12  # warned after 3


def test_the_warning_appears_is_accessible_and_escape_stays_signed_in(world: Any, page: Any, tiny_limits: None):
    person = world.users[Role.SOCIAL_WORKER]
    login(page, person)
    dialog = page.get_by_role("dialog", name=WARNING)
    dialog.wait_for(state="visible", timeout=10_000)
    assert page.evaluate("document.activeElement.textContent") == "Stay signed in", "focus moves into the dialog"
    assert "signed out in less than a minute" in dialog.inner_text()
    assert_accessible(page)

    with page.expect_response(lambda response: response.url.endswith(reverse("session-keep-alive"))) as answer:
        page.keyboard.press("Escape")
    assert answer.value.status == 204
    dialog.wait_for(state="hidden")
    page.reload()
    assert page.url.endswith(reverse("my-work")), "still signed in"

    dialog.wait_for(state="visible", timeout=10_000)
    page.get_by_role("button", name="Sign out now").click()
    page.wait_for_url(f"**{reverse('login')}")
    assert AuditEvent.objects.filter(user=person, action=AuditAction.SIGNED_OUT).exists()


def test_when_the_time_passes_the_page_goes_to_sign_in_and_says_why(world: Any, page: Any, tiny_limits: None):
    login(page, world.users[Role.SOCIAL_WORKER])
    page.wait_for_url(lambda url: reverse("login") + "?next=" in url, timeout=30_000)
    assert "You were signed out after less than a minute without activity" in page.locator("main").inner_text()
