"""Every HTML page in the catalogue, loaded by a person who may use it, has no axe violations."""

from typing import Any

import pytest
from django.urls import reverse

from tests.browser.helpers import assert_accessible, login
from tests.catalogue import CATALOGUE, Route
from tests.factories import PRINCIPALS, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [entry for entry in CATALOGUE if entry.html and "GET" in entry.methods and entry.ok == 200]


def browse_as(entry: Route) -> str:
    """The first principal who may use the page (about `world.child`, or in the home partnership)."""
    return next(p for p in PRINCIPALS if entry.expected(p, entry.home_scope) == entry.ok)


@pytest.mark.parametrize(
    "entry", [pytest.param(entry, id=f"{entry.id}-{browse_as(entry)}") for entry in PAGES if not entry.public]
)
def test_page_is_accessible(entry: Route, world: World, page: Any) -> None:
    login(page, world.principals[browse_as(entry)])
    response = page.goto(entry.build_url(world, entry.home_scope))
    assert response is not None and response.status == entry.ok, f"{page.url} answered {response and response.status}"
    if entry.ready:
        page.wait_for_selector(entry.ready)
    assert_accessible(page)


@pytest.mark.parametrize("entry", [pytest.param(entry, id=entry.id) for entry in PAGES if entry.public])
def test_public_page_is_accessible(entry: Route, world: World, page: Any) -> None:
    response = page.goto(entry.build_url(world))
    assert response is not None and response.status == entry.ok, f"{page.url} answered {response and response.status}"
    assert_accessible(page)


def test_sign_in_with_a_wrong_password_is_accessible(world: World, page: Any) -> None:
    page.goto(reverse("login"))
    page.locator("input[name=username]").fill(world.unrelated.get_username())
    page.locator("input[name=password]").fill("not the password")
    with page.expect_navigation():
        page.locator("form", has=page.locator("input[name=password]")).locator("[type=submit]").first.click()
    assert page.title().startswith("Error: "), f"the page title should say there is an error: {page.title()!r}"
    assert_accessible(page)


PAGE = '<!DOCTYPE html><html lang="en"><head><title>Probe</title></head><body>{}</body></html>'


def test_the_accessibility_check_can_fail(page: Any) -> None:
    page.set_content(PAGE.format('<main><h1>Probe</h1><img src="/nothing.png"></main>'))
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)") as failure:
        assert_accessible(page)
    assert "at img" in str(failure.value)


def test_only_the_accepted_back_link_escapes_the_region_rule(page: Any) -> None:
    back = '<a href="/" class="govuk-back-link">Back</a>'
    page.set_content(PAGE.format(f"{back}<main><h1>Probe</h1></main>"))
    assert_accessible(page)
    page.set_content(PAGE.format(f'{back}<p class="stray">Outside</p><main><h1>Probe</h1></main>'))
    with pytest.raises(AssertionError, match=r"region \(moderate\)") as failure:
        assert_accessible(page)
    assert 'class="stray"' in str(failure.value) and "govuk-back-link" not in str(failure.value)


def test_the_demo_banner_is_inside_the_header(world: World, page: Any, settings: Any) -> None:
    """`make run` serves with DEBUG on, which shows the demo banner on every page: outside a landmark,
    axe flagged it (`region`) on every page of the demo while every test, run with DEBUG off, passed."""
    settings.DEBUG = True
    login(page, world.principals["cerar_lead"])
    page.goto(reverse("my-work"))
    banner = page.locator(".govuk-phase-banner")
    assert "All names and data are fictional" in banner.inner_text()
    assert banner.evaluate("el => el.closest('header') !== null")
    assert_accessible(page)
