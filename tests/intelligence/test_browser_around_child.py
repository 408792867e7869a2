"""In Chromium, checked by axe (WCAG 2.2 AA) at desktop width and at 375 px: the Level 2 agenda's
persons and places of concern, and recording what may be shared with a family, each reached by
clicking from My work."""

from typing import Any

import pytest

from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def _fits_a_phone(page: Any) -> None:
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide at 375 px"
    assert_accessible(page)


def test_the_level2_panel_reaches_the_persons_and_places_of_concern(world: Any, page: Any) -> None:
    login(page, world.users[Role.LEVEL2_MEMBER])
    page.get_by_role("link", name="Level 2", exact=True).first.click()
    page.get_by_role("link", name=str(world.level2[world.home.pk])).click()
    section = page.get_by_role("region", name="Persons of concern")
    person = world.concern_person[world.child.pk]
    assert section.get_by_role("heading", name=person.name).is_visible()
    assert section.get_by_text("2C P").is_visible()
    assert (
        page.get_by_role("region", name="Places of concern")
        .get_by_text(world.concern_place[world.child.pk].name)
        .first.is_visible()
    )
    assert page.get_by_text(world.concern_person[world.other_child.pk].name).count() == 0
    assert_accessible(page)
    _fits_a_phone(page)


def test_the_lead_professional_records_what_may_be_shared(world: Any, page: Any) -> None:
    login(page, world.users[Role.LEAD_PROFESSIONAL])
    page.get_by_role("link", name="Children", exact=True).first.click()
    page.get_by_role("link", name=world.child.full_name).first.click()
    page.get_by_role("link", name="What may be shared with the family").click()
    assert page.get_by_role("heading", name="What may be shared with the family", level=1).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record what may be shared").click()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").get_by_text("Enter what may be shared with the family").is_visible()
    assert_accessible(page)
    _fits_a_phone(page)
    page.get_by_label("What may be shared with the family").fill("Fictional: keep away from the riverside after dark.")
    page.get_by_label("Who it may be shared with").fill("Mother")
    page.get_by_label("Why it may be shared").fill("The police agree it can be said without naming anyone.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Fictional: keep away from the riverside after dark.").is_visible()
    assert_accessible(page)
