"""Recording and acknowledging a concern by clicking, in Chromium, at desktop and phone width, with
axe (WCAG 2.2 AA) on each page: the social worker opens the child's record, follows "Concerns and
complaints", records a parent's concern about the meeting (a mistake first), acknowledges it; the
team manager sees it on the partnership's list."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.complaints.models import Complaint
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.browser.test_phone_width import PHONE, assert_fits_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def check(page: Any, width: dict[str, int]) -> None:
    assert_accessible(page)
    if width == PHONE:
        assert_fits_a_phone(page)


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def fill_date(page: Any, legend: str) -> None:
    today = timezone.localdate()
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_social_worker_records_and_acknowledges_a_concern(world: Any, page: Any, width: dict[str, int]) -> None:
    page.set_viewport_size(width)
    login(page, world.users[Role.SOCIAL_WORKER])
    page.goto(reverse("children:detail", args=[world.child.pk]))
    click(page, page.get_by_role("link", name="Concerns and complaints"))
    check(page, width)
    click(page, page.get_by_role("button", name="Record a concern"))
    check(page, width)

    page.get_by_label("A meeting").check()
    click(page, page.get_by_role("button", name="Record the concern"))
    assert page.title().startswith("Error: ")
    check(page, width)

    page.get_by_label("Which meeting?").select_option(index=1)
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Their name").fill("Fictional Father")
    page.get_by_label("How to reach them").fill("01632 960777")
    fill_date(page, "Date the concern was received")
    page.get_by_label("By phone").check()
    page.get_by_label("What the concern is, in their words where possible").fill("Fictional: not told the outcome.")
    click(page, page.get_by_role("button", name="Record the concern"))
    assert page.get_by_role("heading", name="Concern received", exact=False).is_visible()
    check(page, width)

    click(page, page.get_by_role("button", name="Acknowledge"))
    check(page, width)
    fill_date(page, "Date it was acknowledged")
    click(page, page.get_by_role("button", name="Save"))
    assert "Acknowledgement recorded" in page.content()
    complaint = Complaint.objects.filter(raiser_name="Fictional Father").get()
    assert complaint.acknowledged_on == timezone.localdate()

    login(page, world.users[Role.TEAM_MANAGER])
    page.goto(reverse("my-work"))
    navigation = page.locator(".govuk-service-navigation")
    toggle = navigation.locator("button.govuk-service-navigation__toggle")
    if width == PHONE and toggle.is_visible():
        toggle.click()
    click(page, navigation.get_by_role("link", name="Complaints", exact=True))
    check(page, width)
    assert world.child.full_name in page.content()
