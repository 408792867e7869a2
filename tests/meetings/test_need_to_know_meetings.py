"""Journey: need-to-know in the meetings (issue 11).

A school refers a child; CERAR books the child's Level 1 meeting, chairs it and invites the police.
The school is involved only because it referred: it is told on its referral that the Level 1 meeting
is booked and when, but nowhere in the meetings (the CE pathway page, the meetings list, the meeting
itself, the chronology, the API) who is invited, chairs, is allocated or flagged the child. Those
invited, the chair and CERAR still see everyone.
"""

import re
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Child, InvolvementKind
from cepathway.meetings import invitations
from cepathway.meetings.models import Level2Flag, Meeting
from cepathway.people.models import Role
from cepathway.referrals.models import Referral
from cepathway.referrals.progress import progress_of
from tests.factories import InvolvementFactory, World

from .conftest import Pathway, new_child


class Case:
    def __init__(self, world: World, pathway: Pathway) -> None:
        self.school = world.users[Role.PARTNER_PROFESSIONAL]
        self.police = world.users[Role.POLICE_OFFICER]
        self.worker = world.users[Role.SOCIAL_WORKER]
        self.lead = world.users[Role.LEAD_PROFESSIONAL]
        self.cerar = world.users[Role.CERAR_LEAD]
        self.child: Child = new_child(world)
        InvolvementFactory(child=self.child, user=self.school, kind=InvolvementKind.REFERRER)
        self.meeting: Meeting = pathway.level1(self.child, invite=False)
        invitations.invite(self.meeting, [self.police], by=self.cerar)
        flag = Level2Flag(child=self.child, reason="Fictional reason to discuss at Level 2.")
        flag.save_tracked(self.cerar)

    @property
    def others(self) -> list[Any]:
        """Those the school must not be told of: invited, chairing, allocated, leading."""
        return [self.police, self.cerar, self.worker, self.lead]


@pytest.fixture
def case(world: World, pathway: Pathway) -> Case:
    return Case(world, pathway)


def words(html: str) -> str:
    main = html[html.find("<main") : html.find("</main>")] if "<main" in html else html
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def pages(case: Case) -> dict[str, str]:
    return {
        "the CE pathway page": reverse("meetings:child", args=[case.child.pk]),
        "the meetings list": reverse("meetings:list"),
        "the chronology": reverse("children:chronology", args=[case.child.pk]),
    }


def test_the_referrer_is_not_told_who_meets_about_the_child(case: Case, client_for: Any) -> None:
    client = client_for(case.school)
    for where, url in pages(case).items():
        response = client.get(url)
        assert response.status_code == 200, where
        text = words(response.content.decode())
        for other in case.others:
            assert other.display_name not in text, f"{other.display_name} named on {where}"
    assert client.get(reverse("meetings:detail", args=[case.meeting.pk])).status_code == 404


def test_the_api_tells_the_referrer_no_more(case: Case, api_client_for: Any) -> None:
    api = api_client_for(case.school)
    said = {
        "pathway": api.get(f"/api/meetings/children/{case.child.pk}").content.decode(),
        "list": api.get("/api/meetings").content.decode(),
        "chronology": api.get(f"/api/children/{case.child.pk}/chronology").content.decode(),
    }
    for where, body in said.items():
        for other in case.others:
            assert other.display_name not in body, f"{other.display_name} in the API's {where}"
            assert str(other.pk) not in body, f"{other.display_name}'s id in the API's {where}"
    assert api.get(f"/api/meetings/{case.meeting.pk}").status_code == 404


def test_the_referrer_is_still_told_the_level1_meeting_is_booked(case: Case) -> None:
    referral = Referral.objects.get(child=case.child)
    booked = f"{timezone.localtime(case.meeting.scheduled_for):%-d %B %Y}"
    assert progress_of(referral) == f"Level 1 meeting booked for {booked}"


def test_those_invited_chairing_or_leading_see_everyone(case: Case, client_for: Any) -> None:
    for viewer in (case.police, case.cerar, case.worker):
        client = client_for(viewer)
        meeting = words(client.get(reverse("meetings:detail", args=[case.meeting.pk])).content.decode())
        assert case.police.display_name in meeting and case.cerar.display_name in meeting, viewer
        pathway_page = words(client.get(reverse("meetings:child", args=[case.child.pk])).content.decode())
        assert case.worker.display_name in pathway_page and case.lead.display_name in pathway_page, viewer
        assert f"by {case.cerar.display_name}" in pathway_page, viewer
        chronology = words(client.get(reverse("children:chronology", args=[case.child.pk])).content.decode())
        assert f"chaired by {case.cerar.display_name}" in chronology, viewer
