"""No page scrolls sideways on a phone: every HTML page in the catalogue, loaded at 375 px wide by a
person who may use it (as the accessibility sweep does), is no wider than the screen. A wide table
scrolls inside its own labelled region ({% table_scroll %}, docs/ui.md), never the page."""

from typing import Any

import pytest

from tests.browser.helpers import login
from tests.browser.test_accessibility import PAGES, browse_as
from tests.catalogue import Route
from tests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}

# What is wider than the screen, so that a failure names it.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 1 && !(el.parentElement && el.parentElement.closest('.app-table-scroll'))) {
      found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} `
        + `(right edge ${Math.round(box.right)} px): ${(el.innerText || '').trim().slice(0, 60)}`);
    }
  }
  return found.slice(-5);
}"""


def assert_fits_a_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        culprits = "\n  ".join(page.evaluate(WIDEST))
        raise AssertionError(f"{page.url} is {width} px wide at {PHONE['width']} px; too wide:\n  {culprits}")


@pytest.mark.parametrize(
    "entry", [pytest.param(entry, id=f"{entry.id}-{browse_as(entry)}") for entry in PAGES if not entry.public]
)
def test_page_fits_a_phone(entry: Route, world: World, page: Any) -> None:
    page.set_viewport_size(PHONE)
    login(page, world.principals[browse_as(entry)])
    response = page.goto(entry.build_url(world, entry.home_scope))
    assert response is not None and response.status == entry.ok, f"{page.url} answered {response and response.status}"
    if entry.ready:
        page.wait_for_selector(entry.ready)
    assert_fits_a_phone(page)


@pytest.mark.parametrize("entry", [pytest.param(entry, id=entry.id) for entry in PAGES if entry.public])
def test_public_page_fits_a_phone(entry: Route, world: World, page: Any) -> None:
    page.set_viewport_size(PHONE)
    response = page.goto(entry.build_url(world))
    assert response is not None and response.status == entry.ok, f"{page.url} answered {response and response.status}"
    assert_fits_a_phone(page)


PROBE = '<!DOCTYPE html><html lang="en"><head><title>Probe</title></head><body>{}</body></html>'


def test_the_width_check_can_fail(page: Any) -> None:
    page.set_viewport_size(PHONE)
    page.set_content(PROBE.format('<main><table><tr><td style="min-width: 900px">Wide</td></tr></table></main>'))
    with pytest.raises(AssertionError, match=r"is 9\d\d px wide at 375 px") as failure:
        assert_fits_a_phone(page)
    assert "td" in str(failure.value)
