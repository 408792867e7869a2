"""Inviting the professionals: the invitation form offers the people who work with the child first
(ticked), then everyone else in the partnership grouped by agency (the page finds them by a search),
and never the auditor, the administrator, or someone from an agency that does not work with
children. Naming one of those anyway (a crafted form, the API) is refused."""

import pytest
from django.urls import reverse

from cepathway.meetings import invitations
from cepathway.meetings.errors import MeetingError
from cepathway.meetings.models import Invitation
from cepathway.people.models import AgencyKind, Role
from tests.factories import InvolvementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world, pathway):
    """A Level 1 meeting about a new child whose social worker and lead professional are allocated,
    with a police officer involved too, and nobody invited yet."""
    meeting = pathway.level1(invite=False)
    InvolvementFactory(child=meeting.child, user=world.users[Role.POLICE_OFFICER])
    return meeting


@pytest.fixture
def others(world):
    """People not involved with the child: a second school worker and a health visitor."""
    return {
        "teacher": UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=world.agencies[AgencyKind.SCHOOL]),
        "nurse": UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=world.agencies[AgencyKind.HEALTH]),
        "leisure": UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=world.unrelated_agency),
    }


def test_the_people_working_with_the_child_come_first_then_others_by_agency(world, meeting, others):
    offered = list(invitations.invitable_people(meeting))
    working = {world.users[role].pk for role in (Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.POLICE_OFFICER)}
    first = [person.pk for person in offered[: len(working)]]
    assert set(first) == working, "the allocated worker, lead professional and involved officer come first"
    rest = offered[len(working) :]
    assert {person.pk for person in rest}.isdisjoint(working)
    agencies = [person.agency.name for person in rest]
    assert agencies == sorted(agencies), "the others are grouped by agency"
    assert others["teacher"] in rest and others["nurse"] in rest


def test_never_the_auditor_the_administrator_the_chair_or_an_agency_that_does_not_work_with_children(
    world, meeting, others
):
    offered = set(invitations.invitable_people(meeting))
    for role in (Role.AUDITOR, Role.ADMINISTRATOR):
        assert world.users[role] not in offered, role
    assert world.unrelated not in offered and others["leisure"] not in offered
    assert meeting.chair not in offered
    assert not world.unrelated_agency.works_with_children and world.agencies[AgencyKind.SCHOOL].works_with_children


def test_the_auditor_is_not_ticked_even_when_named_on_the_childs_record(world, meeting):
    InvolvementFactory(child=meeting.child, user=world.users[Role.AUDITOR])
    suggested = {person.pk for person in invitations.suggested_invitees(meeting)}
    assert world.users[Role.AUDITOR].pk not in suggested
    assert world.users[Role.SOCIAL_WORKER].pk in suggested


def test_the_invite_page_ticks_those_working_with_the_child_and_finds_the_others(world, meeting, others, client_for):
    """The page draws the people working with the child, ticked; anyone else is found by a search
    (a partnership's whole staff is never drawn), and a search never finds who may not be invited."""
    url = reverse("meetings:invite", args=[meeting.pk])
    client = client_for(meeting.chair)
    page = client.get(url).content.decode()
    assert f'value="{world.users[Role.SOCIAL_WORKER].pk}" checked' in page
    assert f'value="{others["nurse"].pk}"' not in page and f'value="{others["teacher"].pk}"' not in page
    found = client.post(url, {"picker-find": "people", "people-search": others["nurse"].last_name}).content.decode()
    assert f'value="{others["nurse"].pk}"' in found and f'value="{others["nurse"].pk}" checked' not in found
    for person in (world.users[Role.AUDITOR], world.users[Role.ADMINISTRATOR], world.unrelated, others["leisure"]):
        searched = client.post(url, {"picker-find": "people", "people-search": person.last_name}).content.decode()
        assert f'value="{person.pk}"' not in searched
    assert not Invitation.objects.filter(meeting=meeting).exists(), "a search invites nobody"


def test_naming_someone_who_may_not_be_invited_is_refused(world, meeting, others, client_for, api_client_for):
    auditor = world.users[Role.AUDITOR]
    url = reverse("meetings:invite", args=[meeting.pk])
    posted = client_for(meeting.chair).post(url, {"people": [str(auditor.pk)]})
    assert posted.status_code == 200 and "There is a problem" in posted.content.decode()
    with pytest.raises(MeetingError, match="do not work with children"):
        invitations.invite(meeting, [others["leisure"]], by=meeting.chair)
    api = api_client_for(meeting.chair)
    refused = api.post(
        f"/api/meetings/{meeting.pk}/invitations", {"user_ids": [str(auditor.pk)]}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert not Invitation.objects.filter(meeting=meeting).exists()
