"""Training by clicking, in Chromium, with axe (WCAG 2.2 AA) on every page on the way, at desktop
and phone width: a school's safeguarding lead opens My training from the navigation, makes a
mistake, corrects it and records their Level 1; finds their CE champion; the administrator opens
Training, drills into the school and sees the lead's training current."""

from typing import Any

import pytest

from cepathway.people.models import AgencyKind, Role
from cepathway.training.models import TrainingRecord
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


def open_from_navigation(page: Any, width: dict[str, int], name: str) -> None:
    page.goto("/")
    navigation = page.locator(".govuk-service-navigation")
    toggle = navigation.locator("button.govuk-service-navigation__toggle")
    if width == PHONE and toggle.is_visible():
        toggle.click()
    click(page, navigation.get_by_role("link", name=name, exact=True))


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_record_my_training_find_my_champion_and_the_administrator_sees_it(world, page, width):
    page.set_viewport_size(width)
    lead = world.users[Role.PARTNER_PROFESSIONAL]
    login(page, lead)
    open_from_navigation(page, width, "My training")
    assert page.get_by_role("heading", name="My training").is_visible()
    check(page, width)

    click(page, page.get_by_role("link", name="Record training you have completed"))
    check(page, width)
    page.get_by_label("Level 1 (eLearning)").check()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    click(page, page.get_by_role("button", name="Save"))
    assert page.title().startswith("Error: ")
    check(page, width)
    page.get_by_label("Day").fill("2")
    page.get_by_label("Course or provider (optional)").fill("Fictional partnership eLearning")
    click(page, page.get_by_role("button", name="Save"))
    assert page.get_by_text("Training recorded.").is_visible()
    assert TrainingRecord.objects.filter(person=lead, level="level1").count() == 1
    check(page, width)

    open_from_navigation(page, width, "CE champions")
    assert page.get_by_role("heading", name="CE champions", exact=True).is_visible()
    check(page, width)

    page.context.clear_cookies()
    login(page, world.users[Role.ADMINISTRATOR])
    open_from_navigation(page, width, "Training")
    check(page, width)
    school = world.agencies[AgencyKind.SCHOOL]
    click(page, page.get_by_role("link", name=school.name, exact=True))
    check(page, width)
    row = page.get_by_role("row").filter(has_text=lead.display_name)
    assert row.get_by_text("Current").count() == 1 and row.get_by_text("Never trained").count() == 1
    click(page, row.get_by_role("link", name=lead.display_name, exact=True))
    check(page, width)
    assert page.get_by_text("Fictional partnership eLearning").is_visible()
