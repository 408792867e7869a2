"""Journey 1: a practitioner opens a child's page and sees the child at a glance.

The card at the top says the CE status (the same coloured tag as everywhere) and since when, the
types of exploitation, the next meeting with its chair and whether it is overdue, the open safety
plan actions with their owners and due dates, the allocated social worker and lead professional,
and links to the pathway, the plan, the meetings and the chronology. "People involved" names each
person once with all their reasons. The chronology is a timeline that filters by kind and prints.
"""

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from html import unescape

import django.utils.timezone
import pytest
from django.urls import reverse

from cepathway.children.chronology import BUILT_IN_GROUPS, GROUPS, timeline
from cepathway.children.forms import AllocationForm
from cepathway.children.models import CEStatus, InvolvementKind
from cepathway.children.presenters import people_involved
from cepathway.core.models import AuditEvent
from cepathway.meetings import before_meeting, safety_plan
from cepathway.meetings.child_summary import child_summary
from cepathway.people.models import Role
from cepathway.policy.wording import role_name
from tests.factories import ChildFactory, World
from tests.meetings.conftest import START, Clock, Pathway, new_child


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock(START)
    monkeypatch.setattr(django.utils.timezone, "now", fake)
    yield fake


@pytest.fixture
def pathway(world: World, clock: Clock) -> Pathway:
    return Pathway(world, clock)


def card_of(page: str) -> str:
    """The summary card's HTML, and only it."""
    start = page.index('id="at-a-glance"')
    return page[start : page.index("</dl>", start)]


def section(page: str, heading: str) -> str:
    start = page.index(f">{heading}</h2>")
    following = page.find("<h2", start + 1)
    return page[start : following if following != -1 else len(page)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def child_on_a_review(world, pathway, clock):
    """A child decided Medium at Level 1 (criminal exploitation), with two open actions and a review
    that has since gone past its date."""
    sw, school = world.users[Role.SOCIAL_WORKER], world.users[Role.PARTNER_PROFESSIONAL]
    child = new_child(world)
    level1 = pathway.level1(child)
    pathway.hold(level1)
    before_meeting.record_voice(
        level1, voice_of="child", method="in_person", gathered_on=clock.today, views="Fictional views.", by=sw
    )
    safety_plan.add_action(
        level1, description="Weekly check-in at school.", owner=school, due_on=clock.today, by=pathway.cerar
    )
    safety_plan.add_action(
        level1,
        description="Visit the family at home.",
        owner=sw,
        due_on=clock.today + timedelta(days=60),
        by=pathway.cerar,
    )
    decided_on = clock.today
    review = pathway.decide(level1, CEStatus.MEDIUM).review
    clock.travel_to(review.due_by + timedelta(days=3))
    child.refresh_from_db()
    return child, review, decided_on


def test_the_card_shows_the_child_at_a_glance(world, clock, pathway, client_for):
    child, review, decided_on = child_on_a_review(world, pathway, clock)
    page = client_for(pathway.cerar).get(reverse("children:detail", args=[child.pk])).content.decode()
    card = card_of(page)

    assert '<strong class="govuk-tag govuk-tag--orange">Medium</strong>' in card
    assert f"since {decided_on:%-d %B %Y}" in text(card)
    assert "Child criminal exploitation (CCE)" in card

    chair = review.chair
    assert f"{chair.display_name} ({role_name(chair.role)})" in card
    assert reverse("meetings:detail", args=[review.pk]) in card
    assert f"It was due by {review.due_by:%-d %B %Y}" in text(card)
    assert text(card).count("Overdue") == 2, "the review and the school's action are both overdue"

    school = world.users[Role.PARTNER_PROFESSIONAL]
    assert f"{school.display_name} ({school.agency}), due {decided_on:%-d %B %Y}" in text(card)
    assert "Weekly check-in at school." in card and "Visit the family at home." in card
    assert card.index("Weekly check-in") < card.index("Visit the family"), "overdue actions first"

    for worker in (child.allocated_social_worker, child.lead_professional):
        assert worker.display_name in card
    pathway_url = reverse("meetings:child", args=[child.pk])
    for url in (pathway_url, f"{pathway_url}#safety-plan", f"{pathway_url}#meetings"):
        assert f'href="{url}"' in card
    assert f'href="{reverse("children:chronology", args=[child.pk])}"' in card


def test_the_card_when_nothing_is_decided_yet(world, client_for):
    child = ChildFactory(partnership=world.home)
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:detail", args=[child.pk])).content.decode()
    card = text(card_of(page))
    assert "No status" in card and "since" not in card
    assert "None scheduled" in card and "None open" in card
    assert "Allocated social worker None" in card and "Lead professional None" in card


def test_a_status_kept_at_a_review_keeps_its_since_date(world, clock, pathway, client_for):
    child = new_child(world)
    level1 = pathway.level1(child)
    review = pathway.decide(level1, CEStatus.MEDIUM).review
    pathway.decide(review, CEStatus.MEDIUM)
    page = client_for(pathway.cerar).get(reverse("children:detail", args=[child.pk])).content.decode()
    card = text(card_of(page))
    assert f"since {level1.scheduled_on:%-d %B %Y}" in card
    assert f"since {review.scheduled_on:%-d %B %Y}" not in card


def test_the_status_tag_is_the_same_everywhere(world, clock, pathway, client_for):
    child, _review, _decided_on = child_on_a_review(world, pathway, clock)
    cerar = client_for(pathway.cerar)
    tag = '<strong class="govuk-tag govuk-tag--orange">Medium</strong>'
    for url in (reverse("children:detail", args=[child.pk]), reverse("meetings:child", args=[child.pk])):
        assert tag in cerar.get(url).content.decode(), url


def test_people_are_listed_once_with_all_their_reasons(world, clock, pathway, client_for):
    child, _review, _decided_on = child_on_a_review(world, pathway, clock)
    sw, lp = world.users[Role.SOCIAL_WORKER], world.users[Role.LEAD_PROFESSIONAL]
    school, police = world.users[Role.PARTNER_PROFESSIONAL], world.users[Role.POLICE_OFFICER]

    people = people_involved(child, pathway.cerar)
    assert [person.user for person in people][:2] == [sw, lp], "the allocated worker, then the lead professional"
    assert len({person.user.pk for person in people}) == len(people)
    reasons = {person.user: person.reasons_text for person in people}
    assert reasons[sw] == "Allocated social worker, owns a safety plan action"
    assert reasons[school] == "Invited to a meeting, owns a safety plan action"
    assert reasons[police] == "Invited to a meeting"

    page = client_for(pathway.cerar).get(reverse("children:detail", args=[child.pk])).content.decode()
    listed = section(page, "People involved")
    for person in (sw, lp, school, police):
        assert listed.count(person.display_name) == 1, person
    assert listed.index(sw.display_name) < listed.index(lp.display_name) < listed.index(school.display_name)


def test_open_to_childrens_services_never_says_no_while_a_social_worker_is_allocated(world, client_for, api_client_for):
    worker = world.users[Role.SOCIAL_WORKER]
    child = ChildFactory(partnership=world.home, open_to_childrens_services=False, allocated_social_worker=worker)
    assert child.is_open_to_childrens_services
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Open to children's services Yes" in text(card_of(page))

    form = AllocationForm(
        {"version": child.version, "allocated_social_worker": worker.pk, "school": ""},
        instance=child,
        partnership=child.partnership,
    )
    assert not form.is_valid()
    assert "open_to_childrens_services" in form.errors

    api = api_client_for(world.users[Role.CERAR_LEAD])
    assert api.get(f"/api/children/{child.pk}").json()["open_to_childrens_services"] is True
    body = json.dumps({"version": child.version, "open_to_childrens_services": False})
    refused = api.patch(f"/api/children/{child.pk}/allocation", body, content_type="application/json")
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["open_to_childrens_services"]

    child.allocated_social_worker = None
    assert not child.is_open_to_childrens_services
    allowed = AllocationForm({"version": child.version, "school": ""}, instance=child, partnership=child.partnership)
    assert allowed.is_valid(), allowed.errors


def test_the_chronology_filters_by_kind(world, clock, pathway, client_for):
    child, _review, _decided_on = child_on_a_review(world, pathway, clock)
    cerar = pathway.cerar
    everything = timeline(child, cerar)
    assert {entry.group for entry in everything} == set(BUILT_IN_GROUPS), "every kind is there to filter"

    url = reverse("children:chronology", args=[child.pk])
    client = client_for(cerar)
    page = client.get(url).content.decode()
    assert page.count('class="moj-timeline__item"') == len(everything)

    for name in BUILT_IN_GROUPS:
        group = GROUPS[name]
        only = client.get(url, {"kind": name}).content.decode()
        wanted = [entry for entry in everything if entry.group == name]
        assert only.count('class="moj-timeline__item"') == len(wanted), name
        others = [label.label for other, label in GROUPS.items() if other != name]
        shown = re.findall(r"</time> · ([^<]+)</p>", only)
        assert set(shown) <= {group.label} and not set(shown) & set(others), name
        assert f'value="{name}" checked' in only

    both = client.get(url, {"kind": ["status", "actions"]}).content.decode()
    assert both.count('class="moj-timeline__item"') == len([e for e in everything if e.group in ("status", "actions")])
    ignored = client.get(url, {"kind": "nonsense"}).content.decode()
    assert ignored.count('class="moj-timeline__item"') == len(everything)


def test_the_chronology_prints_and_is_audited(world, clock, pathway, client_for):
    child, _review, _decided_on = child_on_a_review(world, pathway, clock)
    cerar = pathway.cerar
    page = client_for(cerar).get(reverse("children:chronology", args=[child.pk]), {"kind": "status"}).content.decode()
    assert 'class="moj-timeline app-print-without-addresses"' in page
    assert "data-app-print hidden" in page, "the print button shows only where JavaScript can print"
    assert re.search(r'<form[^>]*class="app-no-print"', page), "the filters do not print"
    viewed = AuditEvent.objects.filter(user=cerar, action="viewed", child_id=child.pk, detail__startswith="chronology")
    assert viewed.filter(detail="chronology (status)").exists()


def test_the_child_page_shows_the_latest_of_the_chronology(world, clock, pathway, client_for):
    child, _review, _decided_on = child_on_a_review(world, pathway, clock)
    page = client_for(pathway.cerar).get(reverse("children:detail", args=[child.pk])).content.decode()
    latest = section(page, "Latest in the chronology")
    assert 0 < latest.count('class="moj-timeline__item"') <= 5
    assert "See the whole chronology" in latest


def test_the_unrelated_user_sees_neither_page(world, client_for):
    unrelated = client_for(world.unrelated)
    for name in ("children:detail", "children:chronology"):
        assert unrelated.get(reverse(name, args=[world.child.pk])).status_code == 404, name


def test_what_is_shown_is_what_the_person_may_see(world, clock, pathway):
    """The card's facts come through scoping: someone who does not see the child is given nothing."""
    child, _review, _decided_on = child_on_a_review(world, pathway, clock)
    assert child_summary(child, world.unrelated) is None
    seen = child_summary(child, world.users[Role.POLICE_OFFICER])
    assert seen is not None and len(seen.open_actions) == 2
    assert InvolvementKind.MEETING_INVITEE in [
        kind for person in people_involved(child, world.users[Role.POLICE_OFFICER]) for kind in person.kinds
    ]
