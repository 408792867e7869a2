"""The child's version of the family's page, on a phone (375 px), in Chromium with axe (WCAG 2.2 AA)
and without JavaScript: choosing a face by its label, writing, asking for a call, sending; then the
thank-you page. And the social worker's side: asking for views from the meeting page, the link shown
once, and the panel on the meeting page."""

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from cepathway.family.models import ViewsLink, ViewsLinkState
from cepathway.family.voice import services
from cepathway.meetings.models import CallRequest, VoiceMethod, VoiceOf, VoiceRecord
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.browser.test_phone_width import PHONE, assert_fits_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def check(page: Any, javascript: bool = True) -> None:
    """axe and the width check run in the page's own JavaScript: only where it is switched on (the
    run without JavaScript proves the form works without it; the other run checks the same pages)."""
    if javascript:
        assert_accessible(page)
        assert_fits_a_phone(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_child_sends_views_from_a_phone(world, browser, live_server, javascript: bool) -> None:
    meeting = world.meeting[world.child.pk]
    issued = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name="Kit", by=world.users[Role.SOCIAL_WORKER])
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(reverse("family:views", args=[issued.token]))
        assert page.get_by_role("heading", name="Hello Kit").is_visible()
        check(page, javascript)
        page.get_by_text("Quite worried", exact=True).click()
        assert page.get_by_role("radio", name="Quite worried").is_checked()
        page.get_by_label("What do you want the meeting to know?").fill("Fictional: I want to stay at my school.")
        page.get_by_role("radio", name="Yes, please call me").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Send").click()
        assert page.get_by_text("Enter your phone number").first.is_visible()
        check(page, javascript)
        page.get_by_label("Your phone number").fill("07700 900982")
        with page.expect_navigation():
            page.get_by_role("button", name="Send").click()
        assert page.get_by_role("heading", name="Thank you").is_visible()
        check(page, javascript)
    finally:
        context.close()
    record = VoiceRecord.objects.get(meeting=meeting, method=VoiceMethod.ONLINE)
    assert "Quite worried" in record.views and "stay at my school" in record.views
    assert CallRequest.objects.filter(meeting=meeting, contact_name="Kit").exists()
    assert ViewsLink.objects.get(pk=issued.link.pk).state == ViewsLinkState.USED


def test_the_social_worker_asks_for_views_from_the_meeting_page(world, page) -> None:
    meeting = world.meeting[world.child.pk]
    login(page, world.users[Role.SOCIAL_WORKER])
    page.goto(reverse("meetings:detail", args=[meeting.pk]))
    check_panel = page.get_by_role("table", name="Links for the family's views")
    assert check_panel.is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Ask the family for their views").click()
    assert_accessible(page)
    page.get_by_role("radio", name="The child").check()
    page.get_by_label("Their first name").fill("Kit")
    with page.expect_navigation():
        page.get_by_role("button", name="Make the link").click()
    assert page.get_by_role("heading", name="Link made for Kit").is_visible()
    url = page.get_by_label("The link").input_value()
    assert "/family/views/" in url
    assert_accessible(page)
    page.goto(reverse("meetings:detail", args=[meeting.pk]))
    assert page.get_by_role("cell", name="Kit, the child").is_visible()
