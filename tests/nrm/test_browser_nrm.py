"""NRM referrals by clicking, in Chromium, at desktop and phone width, with axe (WCAG 2.2 AA) on
every page on the way: the social worker opens the child's record, then its NRM referrals, records a
referral (a mistake first), a decision (a conclusive date before the reasonable grounds one, refused)
and the guardian; CERAR opens "NRM decisions" from the navigation and finds a referral awaited past
the expected time."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.browser.test_phone_width import PHONE, assert_fits_a_phone
from tests.nrm.world_referrals import make_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def check(page: Any, width: dict[str, int]) -> None:
    assert_accessible(page)
    if width == PHONE:
        assert_fits_a_phone(page)


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def fill_date(page: Any, group: str, day: Any) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def record_as_social_worker(world: Any, page: Any, width: dict[str, int]) -> None:
    today = timezone.localdate()
    login(page, world.users[Role.SOCIAL_WORKER])
    page.goto(reverse("children:detail", args=[world.child.pk]))
    click(page, page.get_by_role("link", name="NRM referrals"))
    check(page, width)
    click(page, page.get_by_role("link", name="Record an NRM referral"))
    check(page, width)

    page.get_by_label("Police", exact=True).check()
    page.get_by_label("Other exploitation", exact=True).check()
    click(page, page.get_by_role("button", name="Save the referral"))
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter name of the first responder organisation" in summary
    check(page, width)

    page.get_by_label("Name of the first responder organisation").fill("Fictional Constabulary")
    fill_date(page, "Date of the referral", today - timedelta(days=10))
    page.get_by_label("Other exploitation suspected").fill("Fictional: made to carry phones")
    click(page, page.get_by_role("button", name="Save the referral"))
    assert page.get_by_text("NRM referral recorded.").is_visible()
    check(page, width)

    # Record the decisions on the new referral (the world's, made today, is listed first).
    made = today - timedelta(days=10)
    heading = page.get_by_role("heading", name=f"Referral of {made.day} {made:%B %Y}")
    section = page.locator(".govuk-grid-column-two-thirds", has=heading)
    click(page, section.get_by_role("link", name="Record").first)
    check(page, width)
    page.get_by_role("group", name="Reasonable grounds decision").get_by_label("Positive").check()
    fill_date(page, "Date of the reasonable grounds decision", today - timedelta(days=2))
    page.get_by_role("group", name="Conclusive grounds decision").get_by_label("Negative").check()
    fill_date(page, "Date of the conclusive grounds decision", today - timedelta(days=5))
    click(page, page.get_by_role("button", name="Save the decisions"))
    assert "cannot be dated before the reasonable grounds decision" in page.locator(".govuk-error-summary").inner_text()
    check(page, width)
    page.get_by_role("group", name="Conclusive grounds decision").get_by_label("Awaited").check()
    for part in ("Day", "Month", "Year"):
        page.get_by_role("group", name="Date of the conclusive grounds decision").get_by_label(part).fill("")
    click(page, page.get_by_role("button", name="Save the decisions"))
    assert page.get_by_text("NRM decisions saved.").is_visible()

    section = page.locator(".govuk-grid-column-two-thirds", has=heading)
    click(page, section.locator("a[href*='/guardian']"))
    check(page, width)
    page.get_by_label("Guardian's name").fill("Fictional Guardian")
    page.get_by_label("Guardian's organisation").fill("Fictional Guardianship Service")
    fill_date(page, "Date the guardian was allocated", today)
    click(page, page.get_by_role("button", name="Save the guardian"))
    assert page.get_by_text("Fictional Guardian, Fictional Guardianship Service").first.is_visible()
    check(page, width)
    page.context.clear_cookies()


def cerar_finds_the_overdue(world: Any, page: Any, width: dict[str, int]) -> None:
    login(page, world.users[Role.CERAR_LEAD])
    page.goto(reverse("my-work"))
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="NRM decisions awaited past the expected time")
    )
    assert panel.get_by_text(world.child.full_name).first.is_visible()
    check(page, width)
    navigation = page.locator(".govuk-service-navigation")
    toggle = navigation.locator("button.govuk-service-navigation__toggle")
    if width == PHONE and toggle.is_visible():
        toggle.click()
    click(page, navigation.get_by_role("link", name="NRM decisions", exact=True))
    assert page.get_by_role("heading", name="NRM decisions awaited past the expected time").is_visible()
    check(page, width)
    click(page, page.get_by_role("link", name=world.child.full_name).first)
    assert page.get_by_text("awaited past the expected time").first.is_visible()
    check(page, width)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_nrm_by_clicking(world, page, width):
    page.set_viewport_size(width)
    make_referral(world.child, world.users[Role.POLICE_OFFICER], referred_on=timezone.localdate() - timedelta(days=30))
    record_as_social_worker(world, page, width)
    cerar_finds_the_overdue(world, page, width)
