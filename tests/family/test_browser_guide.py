"""The guide for parents and carers in Chromium at phone width (375 px), with axe (WCAG 2.2 AA): a
parent with no account opens the list of guides, chooses their area and reads their partnership's
guide, with its own contacts; a social worker reaches the same guide, and the letters, by clicking
from the meeting's page."""

from typing import Any

import pytest
from django.urls import reverse

from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.browser.test_phone_width import PHONE, assert_fits_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def test_a_parent_reads_their_partnerships_guide_on_a_phone(world, page):
    page.set_viewport_size(PHONE)
    page.goto(reverse("family:guide-index"))
    assert_accessible(page)
    assert_fits_a_phone(page)
    click(page, page.get_by_role("link", name=world.home.name))
    assert page.get_by_role("heading", name="Child exploitation: a guide for parents and carers").is_visible()
    assert page.get_by_role("heading", name="How to tell the meeting what you think").is_visible()
    main = page.locator("main").inner_text()
    assert "cerar@example.invalid" in main and "complaints@example.invalid" in main
    assert "every 8 weeks" in main  # the home partnership's Medium cadence, from its policy
    assert_accessible(page)
    assert_fits_a_phone(page)


def test_a_social_worker_clicks_from_the_meeting_to_the_guide_and_a_letter(world, page):
    meeting = world.meeting[world.child.pk]
    login(page, world.users[Role.SOCIAL_WORKER])
    page.goto(reverse("meetings:detail", args=[meeting.pk]))
    assert page.get_by_role("heading", name="Letters and guide for the family").is_visible()
    click(page, page.get_by_role("link", name="Letter inviting views to this meeting"))
    assert_accessible(page)
    page.get_by_label("Their first name").fill("Alex")
    page.get_by_label("A parent or carer").check()
    click(page, page.get_by_role("button", name="Make the letter"))
    assert page.get_by_text("Dear Alex,").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the letter as a PDF").click()
    assert download.value.suggested_filename == f"invitation-letter-{meeting.scheduled_on.isoformat()}.pdf"
    click(page, page.get_by_role("link", name="Back to the meeting"))
    click(page, page.locator("main").get_by_role("link", name="Guide for parents and carers"))
    assert page.get_by_role("heading", name="Child exploitation: a guide for parents and carers").is_visible()
