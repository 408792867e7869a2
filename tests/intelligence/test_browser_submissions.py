"""Submitting and grading by clicking, in Chromium, at desktop and phone width, with axe (WCAG 2.2
AA) on every page on the way: a school's safeguarding lead opens Intelligence from the navigation,
adds a row, makes a mistake, corrects it and submits; the intelligence officer finds it on My work
and grades it (a sanitised version that names the source first, refused); the school sees what it
was told on My submissions."""

from typing import Any

import pytest
from django.urls import reverse

from cepathway.intelligence.models import Submission
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.browser.test_phone_width import PHONE, assert_fits_a_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def check(page: Any, width: dict[str, int]) -> None:
    assert_accessible(page)
    if width == PHONE:
        assert_fits_a_phone(page)
    assert page.locator("[data-marking=top]").is_visible() and page.locator("[data-marking=bottom]").count() == 1


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def open_intelligence(page: Any, width: dict[str, int]) -> None:
    page.goto(reverse("my-work"))
    navigation = page.locator(".govuk-service-navigation")
    toggle = navigation.locator("button.govuk-service-navigation__toggle")
    if width == PHONE and toggle.is_visible():
        toggle.click()
    click(page, navigation.get_by_role("link", name="Intelligence", exact=True))


def submit_as_school(world: Any, page: Any, width: dict[str, int]) -> None:
    login(page, world.users[Role.PARTNER_PROFESSIONAL])
    open_intelligence(page, width)
    check(page, width)
    click(page, page.get_by_role("link", name="Submit information"))
    check(page, width)

    page.get_by_role("group", name="Person 1").get_by_label("Who is this?").select_option("child")
    page.get_by_role("group", name="Person 1").get_by_label("First name").fill("Kerry")
    page.get_by_role("group", name="Person 1").get_by_label("Aliases and nicknames").fill("Kez")
    click(page, page.get_by_role("button", name="Add another vehicle"))
    page.get_by_role("group", name="Vehicle 2").get_by_label("Registration").fill("AB12")
    page.get_by_label("What do you know?").fill("Fictional: Kez is collected from the gate in a grey car.")
    click(page, page.get_by_role("button", name="Submit information", exact=True))

    assert page.title().startswith("Error: ")  # how they know it is missing
    check(page, width)
    assert page.get_by_role("group", name="Person 1").get_by_label("First name").input_value() == "Kerry"
    page.get_by_label("How do you know it?").fill("Fictional: seen by me, three Fridays running.")
    click(page, page.get_by_role("button", name="Submit information", exact=True))

    assert page.get_by_role("heading", name="Information submitted").is_visible()
    check(page, width)
    click(page, page.get_by_role("link", name="My submissions"))
    check(page, width)
    page.context.clear_cookies()


def grade_as_officer(world: Any, page: Any, width: dict[str, int]) -> None:
    login(page, world.users[Role.INTELLIGENCE_OFFICER])
    page.goto(reverse("my-work"))
    panel = page.locator("section", has=page.get_by_role("heading", name="Intelligence waiting to be graded"))
    click(page, panel.get_by_role("link", name="All waiting to be graded"))
    check(page, width)
    submission = Submission.objects.get(information__startswith="Fictional: Kez")
    click(page, page.locator(f"a[href='{reverse('intelligence:triage', args=[submission.pk])}']"))
    check(page, width)

    page.get_by_label("2: untested").check()
    page.get_by_label("B: known indirectly to the source but corroborated").check()
    page.get_by_label("P: lawful sharing permitted", exact=True).check()
    page.get_by_label("Sanitised version").fill(f"Fictional: {submission.submitter_name} saw a grey car.")
    page.get_by_label("Logged").check()
    page.get_by_label("What to tell the person who submitted it").fill("Fictional: thank you, logged.")
    click(page, page.get_by_role("button", name="Save the grading"))
    assert "must never name the source" in page.locator(".govuk-error-summary").inner_text()
    check(page, width)

    page.get_by_label("Sanitised version").fill("Fictional: a grey car collects a child from a school gate.")
    click(page, page.get_by_role("button", name="Save the grading"))
    assert page.get_by_text("Grading saved.").is_visible()
    assert page.get_by_text("2B P").is_visible()
    check(page, width)
    page.context.clear_cookies()


def school_sees_what_it_was_told(world: Any, page: Any) -> None:
    login(page, world.users[Role.PARTNER_PROFESSIONAL])
    page.goto(reverse("intelligence:my-submissions"))
    assert page.get_by_text("Fictional: thank you, logged.").is_visible()
    assert "2B P" not in page.content()


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_submit_then_grade_by_clicking(world, page, width):
    page.set_viewport_size(width)
    submit_as_school(world, page, width)
    grade_as_officer(world, page, width)
    school_sees_what_it_was_told(world, page)
