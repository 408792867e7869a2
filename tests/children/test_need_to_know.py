"""Journey: need-to-know on a child's record (issue 11).

A school and the police each refer the same child; the hub links the police's contact to the
school's child. Each referrer is involved only because they referred: they see the child, their own
referral and its outcome, and themselves among the people involved, never who else is involved (the
other referrer, the allocated social worker, the lead professional). Those who work with the child
(the allocated social worker) and the partnership's leads (CERAR) see everyone.
"""

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cepathway.children import services as children
from cepathway.children.access import sees_who_is_involved
from cepathway.children.chronology import timeline
from cepathway.children.models import Child, Involvement
from cepathway.children.presenters import people_involved
from cepathway.core.scoping import visible_to
from cepathway.people.models import Role
from cepathway.referrals import services
from cepathway.referrals.models import Decision
from tests.factories import UserFactory, World
from tests.referrals.world import CONTACT, some_answers

DETAILS = {"first_name": "Fictional", "last_name": "Twicereferred", "date_of_birth": date(2012, 5, 6)}


class Case:
    """The child twice referred, and the people about them."""

    def __init__(self, world: World) -> None:
        self.school = world.users[Role.PARTNER_PROFESSIONAL]
        self.police = world.users[Role.POLICE_OFFICER]
        self.hub = world.users[Role.HUB_PRACTITIONER]
        self.cerar = world.users[Role.CERAR_LEAD]
        self.from_school = self.refer(self.school, world)
        self.from_police = self.refer(self.police, world)
        assessed = {"assessment": "Fictional assessment.", "agencies_consulted": "", "ce_concern": True}
        services.record_hub_assessment(self.from_school, by=self.hub, link_to=None, **assessed)
        self.child = Child.objects.get(pk=self.from_school.child_id)
        services.record_hub_assessment(self.from_police, by=self.hub, link_to=self.child, **assessed)
        self.from_school.refresh_from_db()
        services.decide(
            self.from_school,
            by=self.cerar,
            decision=Decision.END,
            judged_level="none",
            rationale="Fictional rationale.",
            end_reason="Fictional: support continues at school.",
            advice_given="Fictional advice for the school.",
        )

    @staticmethod
    def refer(by: Any, world: World) -> Any:
        return services.submit_contact(
            by=by, child_details=dict(DETAILS), contact=CONTACT, answers=some_answers(world.home), link_to=None
        )

    def allocate(self, worker: Any) -> None:
        child = Child.objects.get(pk=self.child.pk)
        child.open_to_childrens_services, child.allocated_social_worker = True, worker
        children.allocate(child, ["open_to_childrens_services", "allocated_social_worker"], child.version, by=self.hub)
        self.child.refresh_from_db()


@pytest.fixture
def case(world: World) -> Case:
    return Case(world)


def words(html: str) -> str:
    """A page's text as a person reads it (tags gone, entities read, spaces folded)."""
    main = html[html.find("<main") : html.find("</main>")] if "<main" in html else html
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


def section(page: str, heading: str) -> str:
    start = page.index(f">{heading}</h2>")
    following = page.find("<h2", start + 1)
    return page[start : following if following != -1 else len(page)]


def linked_pages(client: Client, page: str) -> dict[str, str]:
    """The pages of the service that the main content of `page` links to, as the person gets them."""
    main = page[page.find("<main") : page.find("</main>")]
    urls = {unescape(url).split("#")[0] for url in re.findall(r'href="(/[^"]*)"', main)}
    found = {}
    for url in sorted(urls - {""}):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found[url] = response.content.decode()
    return found


def never_told_of(client: Client, child: Child, other: Any) -> None:
    """Nowhere on the child's page, nor on the pages it links to, nor through the API, is `other`
    (a person) or their agency named."""
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    pages = {"the child's page": page, **linked_pages(client, page)}
    assert len(pages) > 2, "the child's page links to its chronology and the pathway"
    for where, html in pages.items():
        text = words(html)
        assert other.display_name not in text, f"{other.display_name} named on {where}"
        assert str(other.agency) not in text, f"{other.agency} named on {where}"


def test_a_referrer_only_sees_themselves_among_the_people_involved(case: Case, client_for: Any) -> None:
    for me, other in ((case.school, case.police), (case.police, case.school)):
        page = client_for(me).get(reverse("children:detail", args=[case.child.pk])).content.decode()
        people = words(section(page, "People involved"))
        assert me.display_name in people, "they see themselves"
        assert other.display_name not in people and str(other.agency) not in people
        assert [person.user for person in people_involved(case.child, me)] == [me]


def test_the_school_is_never_told_the_police_referred(case: Case, client_for: Any) -> None:
    never_told_of(client_for(case.school), case.child, case.police)


def test_the_police_are_never_told_the_school_referred(case: Case, client_for: Any) -> None:
    never_told_of(client_for(case.police), case.child, case.school)


def test_the_referrer_still_reads_the_outcome_of_their_own_referral(case: Case, client_for: Any) -> None:
    page = client_for(case.school).get(reverse("referrals:detail", args=[case.from_school.pk])).content.decode()
    assert "Pathway ended" in words(page) and "Fictional advice for the school." in words(page)
    refused = client_for(case.school).get(reverse("referrals:detail", args=[case.from_police.pk]))
    assert refused.status_code == 404


def test_the_api_tells_a_referrer_no_more(case: Case, api_client_for: Any) -> None:
    case.allocate(UserFactory(role=Role.SOCIAL_WORKER, agency=case.hub.agency))
    api = api_client_for(case.school)
    record = api.get(f"/api/children/{case.child.pk}").json()
    assert record["people_shown"] is False
    assert record["allocated_social_worker_id"] is None and record["lead_professional_id"] is None
    said = api.get(f"/api/children/{case.child.pk}/chronology").content.decode()
    assert case.police.display_name not in said and str(case.police.agency) not in said
    about = [row["reference"] for row in api.get("/api/referrals").json() if row["child_id"] == str(case.child.pk)]
    assert about == [case.from_school.reference]


def test_a_referrer_only_is_not_told_who_is_allocated(case: Case, client_for: Any) -> None:
    worker = UserFactory(role=Role.SOCIAL_WORKER, agency=case.hub.agency)
    case.allocate(worker)
    page = client_for(case.school).get(reverse("children:detail", args=[case.child.pk])).content.decode()
    assert worker.display_name not in words(page)


def test_chronology_entries_name_their_maker_only_to_those_who_may_know(case: Case) -> None:
    """The triage notes are the leads' (by role); the rule on names holds for every entry shown."""
    makers = {entry.by for entry in timeline(case.child, case.school) if entry.by}
    assert makers <= {case.school.display_name}


def test_those_working_with_the_child_see_everyone(case: Case, client_for: Any) -> None:
    worker = UserFactory(role=Role.SOCIAL_WORKER, agency=case.hub.agency)
    case.allocate(worker)
    for viewer in (worker, case.cerar):
        assert sees_who_is_involved(case.child, viewer)
        page = client_for(viewer).get(reverse("children:detail", args=[case.child.pk])).content.decode()
        people = words(section(page, "People involved"))
        for person in (worker, case.school, case.police):
            assert person.display_name in people, (viewer, person)
        assert str(case.police.agency) in people and str(case.school.agency) in people


def test_a_referrer_who_comes_to_work_with_the_child_sees_everyone(case: Case, client_for: Any) -> None:
    """Invited to the child's meeting, the school works with the child now, and sees who else does."""
    assert not sees_who_is_involved(case.child, case.school)
    children.involve(case.child, case.school, "meeting_invitee", by=case.cerar, reason="Fictional invitation")
    child = Child.objects.get(pk=case.child.pk)  # a fresh instance: what a page reads once is per instance
    assert sees_who_is_involved(child, case.school)
    page = client_for(case.school).get(reverse("children:detail", args=[child.pk])).content.decode()
    assert case.police.display_name in words(section(page, "People involved"))


def test_involvement_rows_are_scoped_by_the_same_rule(case: Case) -> None:
    """The rule lives on the records: a referrer-only reads their own involvement rows only."""
    seen = visible_to(case.school, Involvement).filter(child=case.child)
    assert set(seen.values_list("user_id", flat=True)) == {case.school.pk}
    everyone = visible_to(case.cerar, Involvement).filter(child=case.child)
    assert {case.school.pk, case.police.pk} <= set(everyone.values_list("user_id", flat=True))
