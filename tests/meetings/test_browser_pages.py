"""The meetings pages with real content in them, in Chromium, checked by axe (WCAG 2.2 AA): a
meeting with everything recorded, its minutes and family summary, the outcome form with errors,
and a Level 2 agenda. (The catalogue's accessibility test loads every page, mostly empty.)"""

from typing import Any

import pytest
from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.meetings import at_meeting, before_meeting, safety_plan
from cepathway.meetings.level2 import services as level2_services
from cepathway.people.models import AgencyKind, Role
from tests.browser.helpers import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def full_meeting(world: Any, pathway: Any) -> Any:
    meeting = pathway.hold(pathway.level1())
    before_meeting.record_voice(
        meeting, voice_of="child", method="in_person", gathered_on=pathway.clock.today,
        views="I want to play football again.", by=world.users[Role.SOCIAL_WORKER],
    )  # fmt: skip
    before_meeting.log_call_request(
        meeting, requested_by="parent_carer", contact_name="Fictional Parent", contact_phone="01632 960111",
        by=world.users[Role.SOCIAL_WORKER],
    )  # fmt: skip
    at_meeting.add_contribution(
        meeting, agency=world.agencies[AgencyKind.POLICE], information="Seen near the station with an adult.",
        shareable_with_family="Police are worried about an adult.", not_shareable_reason="Investigation.",
        by=pathway.cerar,
    )  # fmt: skip
    meeting.refresh_from_db()
    at_meeting.record_discussion(
        meeting, {"strengths": "Football.", "harm": "Cash.", "scale": 4}, expected_version=meeting.version,
        by=pathway.cerar,
    )  # fmt: skip
    safety_plan.add_action(
        meeting, description="Trusted adult at school.", owner=world.users[Role.PARTNER_PROFESSIONAL],
        due_on=pathway.clock.today, by=pathway.cerar,
    )  # fmt: skip
    pathway.decide(meeting, CEStatus.HIGH)
    meeting.refresh_from_db()
    return meeting


def test_a_full_meeting_is_accessible(world, clock, pathway, page):
    meeting = full_meeting(world, pathway)
    login(page, pathway.cerar)
    for name in ("meetings:detail", "meetings:minutes", "meetings:family-summary"):
        response = page.goto(reverse(name, args=[meeting.pk]))
        assert response.status == 200
        assert_accessible(page)
    page.goto(reverse("meetings:child", args=[meeting.child_id]))
    assert_accessible(page)


def test_the_outcome_form_with_errors_is_accessible(world, clock, pathway, page):
    review = full_meeting(world, pathway).next_meetings.get()
    pathway.hold(review)
    login(page, pathway.cerar)
    page.goto(reverse("meetings:outcome", args=[review.pk]))
    page.get_by_role("button", name="Record the outcome").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_a_level2_agenda_is_accessible(world, clock, pathway, page):
    full_meeting(world, pathway)
    month = clock.today.replace(day=1)
    level2_services.create_level2(world.home, month=month, chair=pathway.cerar, by=pathway.cerar)
    login(page, world.users[Role.LEVEL2_MEMBER])
    response = page.goto(reverse("meetings:level2", args=[month.year, month.month]))
    assert response.status == 200
    assert_accessible(page)
