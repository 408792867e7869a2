"""In Chromium: a referrer's view of the child's page, and the allocation page after a clash, pass
axe; the loser of the clash keeps what they typed and sees what the other person saved."""

from typing import Any

import pytest
from django.urls import reverse

from cepathway.children import services
from cepathway.children.models import Child
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_referrer_sees_only_themselves_among_the_people_involved(world: Any, page: Any) -> None:
    school = world.users[Role.PARTNER_PROFESSIONAL]
    login(page, school)
    page.goto(reverse("children:detail", args=[world.child.pk]))
    people = page.locator("#people + p + dl")
    assert people.locator(".govuk-summary-list__row").count() == 1
    assert school.display_name in people.inner_text()
    assert world.users[Role.POLICE_OFFICER].display_name not in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_loser_of_an_allocation_clash_keeps_their_entry(world: Any, page: Any) -> None:
    login(page, world.users[Role.CERAR_LEAD])
    page.goto(reverse("children:edit", args=[world.child.pk]))
    child = Child.objects.get(pk=world.child.pk)  # meanwhile, the hub saves first
    child.school = "Fictional Hub School"
    services.allocate(child, ["school"], child.version, by=world.users[Role.HUB_PRACTITIONER])

    page.get_by_label("School (optional)").fill("Fictional CERAR School")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Someone else saved this record" in page.locator(".govuk-error-summary").inner_text()
    assert "Fictional Hub School" in page.locator("#saved-now").inner_text()
    assert page.get_by_label("School (optional)").input_value() == "Fictional CERAR School"
    assert_accessible(page)
