"""Journey 13: the outcome summary the social worker or lead professional shares with the family is
written to the parent, from what is meant for the family only. It names their worker and how to reach
them, the complaints route and the support the parents' guide names (from the partnership's policy),
says their views were read out only when they were, prints (a print button where JavaScript can
print, the browser's Print otherwise), and never pastes the professionals' notes about the parent."""

import pytest
from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.meetings import at_meeting, before_meeting, safety_plan
from cepathway.meetings.models import VoiceMethod, VoiceOf
from cepathway.people.models import AgencyKind, Role
from cepathway.policy.services import policy_for
from tests.browser.helpers import assert_accessible, login
from tests.meetings.conftest import new_child

# What professionals wrote about the parent in the meeting's discussion: for the meeting, not for them.
ABOUT_THE_PARENT = "Fictional: mother minimises the risk and was hostile on the phone."
ABOUT_THE_CHILD = "Fictional: found with unexplained cash twice."
POLICE_ONLY = "Fictional: an adult known to police as a supplier."
SHAREABLE = "Fictional: police are worried about an adult the child meets near the station."
PARENTS_VIEWS = "Fictional: I want her home by nine."


def held_meeting(world, pathway, *, parent_views_read_out=None, child=None, status=CEStatus.MEDIUM):
    meeting = pathway.level1(child)
    if parent_views_read_out is not None:
        before_meeting.record_voice(
            meeting,
            voice_of=VoiceOf.PARENT_CARER,
            method=VoiceMethod.TELEPHONE,
            gathered_on=pathway.clock.today,
            views=PARENTS_VIEWS,
            relationship="Mother",
            read_out=parent_views_read_out,
            by=world.users[Role.SOCIAL_WORKER],
        )
    meeting = pathway.hold(meeting)
    at_meeting.add_contribution(
        meeting,
        agency=world.agencies[AgencyKind.POLICE],
        information=POLICE_ONLY,
        shareable_with_family=SHAREABLE,
        not_shareable_reason="Fictional: it would prejudice an investigation.",
        by=pathway.cerar,
    )
    meeting.refresh_from_db()
    discussion = {
        "vulnerabilities": ABOUT_THE_CHILD,
        "harm": ABOUT_THE_CHILD,
        "strengths": "Fictional: loves football.",
        "family_responses": ABOUT_THE_PARENT,
        "needs_to_happen": f"Fictional: challenge the mother. {ABOUT_THE_PARENT}",
    }
    at_meeting.record_discussion(meeting, discussion, expected_version=meeting.version, by=pathway.cerar)
    meeting.refresh_from_db()
    safety_plan.add_action(
        meeting,
        description="Fictional: weekly check-in at school.",
        owner=world.users[Role.PARTNER_PROFESSIONAL],
        due_on=pathway.clock.today,
        by=pathway.cerar,
    )
    pathway.decide(meeting, status)
    meeting.refresh_from_db()
    return meeting


def summary_of(world, meeting, client_for, who=Role.SOCIAL_WORKER):
    response = client_for(world.users[who]).get(reverse("meetings:family-summary", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def test_a_professionals_note_about_the_parent_never_appears(world, pathway, client_for, api_client_for):
    meeting = held_meeting(world, pathway)
    page = summary_of(world, meeting, client_for)
    body = str(api_client_for(world.users[Role.SOCIAL_WORKER]).get(f"/api/meetings/{meeting.pk}/family-summary").json())

    for note in (ABOUT_THE_PARENT, ABOUT_THE_CHILD, POLICE_ONLY, "challenge the mother"):
        assert note not in page, note
        assert note not in body, note
    assert SHAREABLE in page and SHAREABLE in body
    assert "weekly check-in at school" in page
    assert "The meeting is worried that" in page  # the status in the policy's words for families


def test_your_views_were_read_out_only_when_they_were(world, pathway, client_for):
    read = summary_of(world, held_meeting(world, pathway, parent_views_read_out=True), client_for)
    assert "Your views were read out at the meeting." in read
    assert PARENTS_VIEWS not in read

    not_read = summary_of(world, held_meeting(world, pathway, parent_views_read_out=False), client_for)
    none_given = summary_of(world, held_meeting(world, pathway), client_for)
    for page in (not_read, none_given):
        assert "read out" not in page


def test_it_names_the_worker_and_how_to_reach_them(world, pathway, client_for):
    worker = world.users[Role.SOCIAL_WORKER]
    worker.phone = "01632 960444"
    worker.save()
    page = summary_of(world, held_meeting(world, pathway), client_for)
    assert f"Your social worker is {worker.display_name}, {worker.agency}" in page
    assert "Phone: 01632 960444" in page
    assert f'href="mailto:{worker.email}"' in page


def test_a_child_with_low_status_names_the_lead_professional(world, pathway, client_for):
    meeting = pathway.level1()
    pathway.decide(meeting, CEStatus.LOW)
    page = summary_of(world, meeting, client_for, who=Role.LEAD_PROFESSIONAL)
    assert f"Your lead professional is {world.users[Role.LEAD_PROFESSIONAL].display_name}" in page


def test_with_nobody_allocated_it_says_who_to_talk_to_instead(world, pathway, client_for):
    meeting = held_meeting(world, pathway, child=new_child(world, with_workers=False), status=CEStatus.NONE)
    page = summary_of(world, meeting, client_for, who=Role.CERAR_LEAD)
    assert "Your social worker is" not in page
    assert "Talk to the professional who shared this summary with you" in page


def test_it_gives_the_complaints_route_and_support_from_the_partnerships_policy(world, pathway, client_for):
    contacts = policy_for(world.home).contacts
    page = summary_of(world, held_meeting(world, pathway), client_for)
    assert f'href="mailto:{contacts.complaints_email}"' in page
    assert f"by phone on {contacts.complaints_phone}" in page
    assert f'href="{contacts.complaints_url}"' in page
    assert contacts.support_links, "the world's partnership has the national charities"
    for link in contacts.support_links:
        assert f'<a class="govuk-link" href="{link.url}">{link.name}</a>' in page
    assert "PACE (Parents Against Child Exploitation)" in page and "NSPCC" in page


def test_it_prints(world, pathway, client_for):
    page = summary_of(world, held_meeting(world, pathway), client_for)
    assert '<div class="app-no-print" data-app-print hidden><button type="button"' in page
    assert "Print this summary" in page
    assert "onclick" not in page and "<style" not in page, "no inline script or style: the print stylesheet does it"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_print_button_shows_only_where_javascript_can_print(world, pathway, browser, live_server, page):
    meeting = held_meeting(world, pathway)
    url = reverse("meetings:family-summary", args=[meeting.pk])
    worker = world.users[Role.SOCIAL_WORKER]

    login(page, worker)
    page.goto(url)
    button = page.get_by_role("button", name="Print this summary")
    assert button.is_visible()
    page.emulate_media(media="print")
    assert not button.is_visible() and not page.locator(".govuk-service-navigation").is_visible()
    assert page.get_by_role("heading", name="Help and support for you").is_visible()
    page.emulate_media(media="screen")
    assert_accessible(page)

    without_javascript = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        plain = without_javascript.new_page()
        login(plain, worker)
        plain.goto(url)
        assert not plain.get_by_role("button", name="Print this summary").is_visible()
        assert plain.get_by_role("heading", name="Help and support for you").is_visible()
    finally:
        without_javascript.close()
