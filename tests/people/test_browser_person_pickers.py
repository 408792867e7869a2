"""Person pickers in Chromium: with JavaScript, a type-ahead that finds a colleague the page did not
draw and saves them (axe with its list open); without JavaScript, the Find button does the same.
A picker of several (the invitation list) ticks the person found."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cepathway.children.models import Child
from cepathway.meetings.models import Invitation
from cepathway.people.models import AgencyKind, Role
from tests.browser.helpers import assert_accessible, login
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def newcomer(world: Any, role: str = Role.SOCIAL_WORKER, kind: str = AgencyKind.CHILDRENS_SOCIAL_CARE) -> Any:
    """A colleague connected to nothing, so no page draws them until someone searches."""
    return UserFactory(role=role, agency=world.agencies[kind])


def test_the_type_ahead_finds_and_saves_someone_not_drawn(world: Any, page: Any) -> None:
    found = newcomer(world)
    login(page, world.users[Role.CERAR_LEAD])
    page.goto(reverse("children:edit", args=[world.child.pk]))
    box = page.get_by_role("combobox", name="Allocated social worker")
    assert not page.get_by_role("button", name="Find (Allocated social worker)").is_visible()
    box.fill(found.last_name[:4])
    choice = page.get_by_role("option", name=f"{found.display_name} (Social worker")
    choice.wait_for()
    assert_accessible(page)
    choice.click()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**{reverse('children:detail', args=[world.child.pk])}")
    assert Child.objects.get(pk=world.child.pk).allocated_social_worker_id == found.pk


def test_typing_the_start_of_a_name_draws_no_unlabelled_hint(world: Any, page: Any) -> None:
    """The library's inline hint is a second input with no label (axe: "Form elements must have
    labels"); it appears only with autoselect, when the first option starts with what was typed.
    Our pickers turn autoselect off, so typing the start of someone's name never draws it."""
    found = UserFactory(
        first_name="Zebedee",
        last_name="Quillfeather",
        role=Role.SOCIAL_WORKER,
        agency=world.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE],
    )
    login(page, world.users[Role.CERAR_LEAD])
    page.goto(reverse("children:edit", args=[world.child.pk]))
    box = page.get_by_role("combobox", name="Allocated social worker")
    box.fill("Zebe")
    page.get_by_role("option", name=f"{found.display_name} (Social worker").wait_for()
    assert page.locator(".autocomplete__hint").count() == 0
    assert_accessible(page)


def test_without_javascript_find_then_save(world: Any, browser: Any, live_server: Any) -> None:
    found = newcomer(world)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        login(page, world.users[Role.CERAR_LEAD])
        page.goto(reverse("children:edit", args=[world.child.pk]))
        page.get_by_label("School (optional)").fill("Fictional Academy")
        group = page.locator(".govuk-form-group", has=page.get_by_label("Allocated social worker"))
        group.get_by_label("Search for someone else").fill(found.last_name)
        group.get_by_role("button", name="Find").click()
        assert page.get_by_label("School (optional)").input_value() == "Fictional Academy", "kept"
        assert Child.objects.get(pk=world.child.pk).allocated_social_worker_id != found.pk, "nothing saved"
        page.get_by_label("Allocated social worker").select_option(str(found.pk))
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(f"**{reverse('children:detail', args=[world.child.pk])}")
        child = Child.objects.get(pk=world.child.pk)
        assert (child.allocated_social_worker_id, child.school) == (found.pk, "Fictional Academy")
    finally:
        context.close()


def test_a_picker_of_several_ticks_the_person_found(world: Any, page: Any) -> None:
    nurse = newcomer(world, Role.PARTNER_PROFESSIONAL, AgencyKind.HEALTH)
    meeting = world.meeting[world.child.pk]
    login(page, meeting.chair)
    page.goto(reverse("meetings:invite", args=[meeting.pk]))
    page.get_by_role("combobox", name="Search for someone else").fill(nurse.last_name[:4])
    page.get_by_role("option", name=f"{nurse.display_name} (Partner professional").click()
    assert page.get_by_role("checkbox", name=f"{nurse.display_name} (Partner professional").is_checked()
    # Cleared for the next search once the choice is taken (the library clears it after the click).
    expect(page.get_by_role("combobox", name="Search for someone else")).to_have_value("")
    assert_accessible(page)
    page.get_by_role("button", name="Send invitations").click()
    page.wait_for_url(f"**{reverse('meetings:detail', args=[meeting.pk])}")
    assert Invitation.objects.filter(meeting=meeting, user=nurse).exists()
