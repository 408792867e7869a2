"""The notifications, with real content, in Chromium, checked by axe (WCAG 2.2 AA): the panel on My
work with new and read notifications, and the full list over two pages."""

import pytest

from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_panel_and_the_list_are_accessible(world, page):
    police = world.users[Role.POLICE_OFFICER]
    for number in range(30):
        notify(police, NotificationKind.NEW_ALERT, f"Fictional alert number {number:02d}.", "/")
    login(page, police)  # signing in lands on My work

    assert page.url.endswith("/")
    panel = page.get_by_role("region", name="Notifications")
    assert panel.get_by_text("New", exact=True).count() == 10
    assert_accessible(page)

    panel.get_by_role("link", name="All notifications").click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_role("heading", name="Notifications", level=1).is_visible()
    assert page.get_by_text("New", exact=True).count() == 15, "of the newest 25, the 10 seen on My work are read"
    assert_accessible(page)
    page.get_by_role("navigation", name="Pages of notifications").get_by_role("link", name="Next").click()
    assert page.get_by_text("Fictional alert number 00.").is_visible()
    assert_accessible(page)
