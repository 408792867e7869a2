"""The child's page and chronology in Chromium: the chronology filters by clicking, its print button
appears only with JavaScript, and on paper only the timeline shows (no navigation, filters or button).
(The catalogue's accessibility test runs axe on both pages.)"""

from typing import Any

import pytest
from django.urls import reverse

from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chronology_filters_by_clicking_and_prints_only_its_content(world: Any, page: Any) -> None:
    login(page, world.users[Role.CERAR_LEAD])
    page.goto(reverse("children:detail", args=[world.child.pk]))
    page.locator("#at-a-glance").get_by_role("link", name="Chronology").click()
    assert page.url.endswith(reverse("children:chronology", args=[world.child.pk]))
    # The print button appears above the filters once the scripts run, moving them down: wait for
    # it, or a busy machine clicks where the checkbox was (CI failed so once).
    page.get_by_role("button", name="Print the chronology").wait_for()

    page.get_by_label("Safety plan actions").check()
    page.get_by_role("button", name="Show", exact=True).click()
    assert "kind=actions" in page.url
    items = page.locator(".moj-timeline__item")
    assert items.count() > 0
    assert all(text.endswith("Safety plan actions") for text in page.locator(".moj-timeline__date").all_inner_texts())
    assert_accessible(page)

    button = page.get_by_role("button", name="Print the chronology")
    assert button.is_visible(), "with JavaScript, the print button shows"
    page.emulate_media(media="print")
    assert page.locator(".moj-timeline").is_visible()
    assert page.get_by_text("OFFICIAL-SENSITIVE").is_visible()
    for hidden in (button, page.locator("form.app-no-print"), page.locator(".govuk-service-navigation")):
        assert not hidden.is_visible()
    after = "getComputedStyle(document.querySelector('.moj-timeline a'), '::after').content"
    assert page.evaluate(after) in ("none", "normal"), "no link addresses on paper"


def test_without_javascript_there_is_no_print_button(world: Any, browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        login(page, world.users[Role.CERAR_LEAD])
        page.goto(reverse("children:chronology", args=[world.child.pk]))
        assert page.locator(".moj-timeline__item").count() > 0
        assert not page.get_by_role("button", name="Print the chronology").is_visible()
    finally:
        context.close()


def test_the_child_pages_fit_a_phone(world: Any, page: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, world.users[Role.CERAR_LEAD])
    for name in ("children:detail", "children:chronology"):
        page.goto(reverse(name, args=[world.child.pk]))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} is {width}px wide at 375px"
