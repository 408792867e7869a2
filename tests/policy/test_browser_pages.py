"""The policy pages with real content, in Chromium, checked by axe (WCAG 2.2 AA): the change form
with errors, the notice when someone else published first, the history and an old version. (The
catalogue's accessibility test loads each page as it first is.)"""

from dataclasses import replace
from typing import Any

import pytest
from django.urls import reverse

from cepathway.people.models import Role
from cepathway.policy import services
from cepathway.policy.forms import PolicyForm
from cepathway.policy.models import PolicyVersion
from tests.browser.helpers import assert_accessible, login
from tests.factories import UserFactory
from tests.policy.helpers import EDIT, HISTORY, policy_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def publish(world: Any, reason: str, **changes: str) -> None:
    """Publish a change as the change form would make it."""
    current = services.policy_for(world.home)
    form = PolicyForm(policy_post(current, reason=reason, **changes), policy=current)
    assert form.is_valid(), form.errors
    admin = world.users[Role.ADMINISTRATOR]
    services.publish(world.home, form.policy(current), based_on=current.number, reason=reason, by=admin)


def test_the_change_form_with_errors_is_accessible_and_works_without_script(world, page):
    login(page, world.users[Role.ADMINISTRATOR])
    page.goto(EDIT)
    page.fill("#id_reviews_medium_every", "0")
    page.fill("#id_checklist_current", "lots")
    page.fill("#id_reason", "Fictional reason")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the new policy").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("link", name="Enter how much a current answer counts, as a number like 0.5").is_visible()
    assert_accessible(page)

    page.fill("#id_checklist_current", "1")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the new policy").click()
    link = page.locator(".govuk-error-summary").get_by_role("link", name="must be at least 1 week")
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_reviews_medium_every"
    assert_accessible(page)


def test_the_notice_that_someone_else_published_first_is_accessible(world, page):
    login(page, world.users[Role.ADMINISTRATOR])
    page.goto(EDIT)
    other = UserFactory(role=Role.ADMINISTRATOR, agency=world.users[Role.ADMINISTRATOR].agency)
    current = services.policy_for(world.home)
    renamed = replace(current, name="Fictional renamed policy")
    services.publish(world.home, renamed, based_on=current.number, reason="Renamed", by=other)
    page.fill("#id_reason", "Fictional reason")
    page.fill("#id_reviews_high_every", "3")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the new policy").click()
    assert page.get_by_text("Someone else changed the policy while you were editing").is_visible()
    assert_accessible(page)


def test_the_history_and_an_old_version_are_accessible(world, page):
    publish(world, "Fictional: follow the parents' guide", reviews_medium_every="4")
    publish(world, "Fictional: a new Level 2 day", level2_week_of_month="1", level2_weekday="0")
    login(page, world.users[Role.SOCIAL_WORKER])
    page.goto(HISTORY)
    assert page.get_by_text("Medium reviews: every 8 weeks → every 4 weeks").is_visible()
    assert_accessible(page)
    first = PolicyVersion.objects.get(partnership=world.home, number=1)
    page.goto(reverse("policy:version", args=[first.pk]))
    assert page.get_by_text("A later version replaced this one").is_visible()
    assert_accessible(page)
