"""Missing episodes by clicking, in Chromium, at desktop and phone width, with axe (WCAG 2.2 AA) on
every page on the way: a police officer opens the child's missing history from the child's page,
records the child missing (forgets where from, is told, corrects it) while the child is still
missing, then records the return; the team manager opens Return home interviews from the
navigation, finds the child and records the interview as offered by a commissioned service."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.missing.models import InterviewState, MissingEpisode
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


def fill_date(page: Any, legend: str, moment: Any) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(moment.day))
    group.get_by_label("Month").fill(str(moment.month))
    group.get_by_label("Year").fill(str(moment.year))


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_record_an_episode_the_return_and_the_interview_by_clicking(world, page, width):
    page.set_viewport_size(width)
    child = world.child
    started = timezone.localtime(timezone.now() - timedelta(hours=6))
    returned = timezone.localtime(timezone.now() - timedelta(hours=1))

    login(page, world.users[Role.POLICE_OFFICER])
    page.goto(reverse("children:detail", args=[child.pk]))
    click(page, page.get_by_role("link", name="Missing episodes (1)"))
    check(page, width)
    click(page, page.get_by_role("link", name="Record a missing episode"))
    check(page, width)
    fill_date(page, "Date the child went missing", started)
    page.get_by_label("Time the child went missing").fill(f"{started:%H:%M}")
    page.get_by_role("group", name="Was the child reported missing to the police?").get_by_label("Yes").check()
    page.get_by_label("Police reference").fill("FICT-BROWSER-1")
    page.get_by_label("High").check()
    click(page, page.get_by_role("button", name="Save the episode"))
    assert page.title().startswith("Error: ")
    check(page, width)
    page.get_by_label("Care placement").check()
    click(page, page.get_by_role("button", name="Save the episode"))
    assert page.get_by_text("Still missing").first.is_visible()
    check(page, width)

    click(page, page.get_by_role("link", name="Record the return"))
    check(page, width)
    fill_date(page, "Date the child returned or was found", returned)
    page.get_by_label("Time the child returned or was found").fill(f"{returned:%H:%M}")
    page.get_by_label("Where the child was found or returned to").fill("Fictional: the bus station")
    click(page, page.get_by_role("button", name="Save the return"))
    assert page.get_by_text("The return home interview is due by").is_visible()
    episode = MissingEpisode.objects.get(police_reference="FICT-BROWSER-1")
    assert episode.returned_at is not None
    page.context.clear_cookies()

    login(page, world.users[Role.TEAM_MANAGER])
    page.goto(reverse("my-work"))
    navigation = page.locator(".govuk-service-navigation")
    toggle = navigation.locator("button.govuk-service-navigation__toggle")
    if width == PHONE and toggle.is_visible():
        toggle.click()
    click(page, navigation.get_by_role("link", name="Return home interviews"))
    check(page, width)
    click(page, page.get_by_role("link", name=child.full_name).first)
    check(page, width)
    click(page, page.locator(f"a[href='{reverse('missing:interview', args=[episode.interview.pk])}']"))
    check(page, width)
    page.get_by_label("Offered", exact=True).check()
    page.get_by_label("Or: the interviewer's name").fill("Fictional Interviewer")
    page.get_by_label("Their organisation").fill("Fictional Runaway Service")
    fill_date(page, "Date it was offered", returned)
    page.get_by_label("Time it was offered").fill(f"{returned:%H:%M}")
    click(page, page.get_by_role("button", name="Save the interview"))
    assert page.get_by_text("Return home interview saved.").is_visible()
    check(page, width)
    episode.interview.refresh_from_db()
    assert episode.interview.state == InterviewState.OFFERED
