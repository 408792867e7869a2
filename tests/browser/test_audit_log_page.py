"""In Chromium, checked by axe: the auditor reaches the audit log by its link, searches by a child's
name and by dates in the date boxes, and reads the entries in words."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_searches_the_log_by_clicking_and_typing(world, client_for, page):
    client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[world.child.pk]))
    login(page, world.users[Role.AUDITOR])
    page.goto("/")
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Child's name or referral reference").fill(world.child.full_name)
    today = timezone.localdate()
    fieldset = page.get_by_role("group", name="From")
    fieldset.get_by_label("Day").fill(str(today.day))
    fieldset.get_by_label("Month").fill(str(today.month))
    fieldset.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Search").click()

    table = page.locator("table.app-audit-log")
    named = f"{world.child.first_name} {world.child.last_name[0]}."
    assert f"Viewed {named}'s record" in table.inner_text()
    assert_accessible(page)
