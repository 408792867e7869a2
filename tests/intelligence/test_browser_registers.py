"""The registers in Chromium, reached by clicking from the navigation, checked by axe (WCAG 2.2 AA)
at desktop and phone width: a person of concern's record, and the network around them, its table
and its graph's controls (the graph drawn by cytoscape, filtered as the controls change)."""

import pytest
from django.urls import reverse

from cepathway.intelligence.models import IntelligenceAssessment, NodeKind
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.intelligence.world_registers import link, make_submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def _at_both_widths(page):
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_record_and_its_network_by_clicking(world, page):
    home = world.registers[world.home.pk]
    cerar = world.users[Role.CERAR_LEAD]
    doubtful = make_submission(
        world.home, world.users[Role.POLICE_OFFICER], cerar, intelligence_assessment=IntelligenceAssessment.NOT_KNOWN
    )
    link(world.home, (NodeKind.PERSON, home["person"]), (NodeKind.PHONE, home["phone"]), doubtful, cerar)
    login(page, cerar)
    page.goto("/")
    page.get_by_role("link", name="Registers").first.click()
    page.get_by_role("link", name="Persons of concern").click()
    page.get_by_role("link", name=home["person"].name).click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == home["person"].name
    assert "OFFICIAL-SENSITIVE" in page.content()
    _at_both_widths(page)

    page.get_by_role("link", name="See the network around this person of concern").click()
    page.wait_for_selector("#network-graph-area:not([hidden])")
    page.wait_for_selector("#network-graph canvas")
    total = len(page.locator("#network-table tbody tr").all())
    assert "Showing" in page.locator("#network-graph-count").inner_text()
    _at_both_widths(page)

    # The graph's controls filter the graph and the table's rows as they change.
    page.get_by_label("Intelligence assessment").select_option("D")
    page.wait_for_function("document.querySelector('#network-graph-count').textContent.startsWith('Showing 1 ')")
    assert len(page.locator("#network-table tbody tr:not([hidden])").all()) == 1 < total
    _at_both_widths(page)


def test_the_network_from_a_childs_page(world, page):
    login(page, world.users[Role.TEAM_MANAGER])
    page.goto(reverse("children:detail", args=[world.child.pk]))
    page.get_by_role("link", name="Network").first.click()
    page.wait_for_selector("#network-graph-area:not([hidden])")
    assert world.registers[world.home.pk]["person"].name in page.locator("#network-table").inner_text()
    _at_both_widths(page)
