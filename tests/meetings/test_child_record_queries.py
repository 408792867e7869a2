"""The child's record, chronology page and API chronology make the same number of queries however
long the child's history: the people named in the chronology come with their entries, never one
lookup an entry (issue 8: the record made 33 queries, one user lookup per chronology entry)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.meetings import before_meeting, safety_plan
from cepathway.meetings.level2 import services as level2_services
from cepathway.meetings.models import Level2Meeting
from cepathway.people.models import Role

from .conftest import new_child


def on_a_level2_agenda(world, pathway):
    """The next month without a Level 2 meeting gets one, its agenda holding the children due."""
    month = pathway.clock.today.replace(day=1)
    while Level2Meeting.objects.filter(partnership=world.home, month=month).exists():
        month = (month + timedelta(days=32)).replace(day=1)
    level2_services.create_level2(world.home, month=month, chair=pathway.cerar, by=pathway.cerar, members=[])


def lived(world, pathway, reviews):
    """A child through Level 1 and `reviews` reviews, each with views, an action and its progress
    and a Level 2 listing, then stepped down: every kind of chronology entry, `reviews` times over."""
    child = new_child(world)
    meeting = pathway.level1(child)
    for _ in range(reviews):
        meeting = pathway.hold(meeting)
        before_meeting.record_voice(
            meeting, voice_of="child", method="in_person", gathered_on=pathway.clock.today, views="Fine.",
            by=world.users[Role.SOCIAL_WORKER],
        )  # fmt: skip
        action = safety_plan.add_action(
            meeting, description="Check-in.", owner=world.users[Role.PARTNER_PROFESSIONAL],
            due_on=pathway.clock.today, by=pathway.cerar,
        )  # fmt: skip
        safety_plan.update_action(
            action, note="Done.", status="done", expected_version=action.version, by=pathway.cerar
        )
        meeting = pathway.decide(meeting, CEStatus.MEDIUM).review
        on_a_level2_agenda(world, pathway)
    pathway.decide(meeting, CEStatus.NONE)
    return child


def _queries(client, url):
    client.get(url)  # the session and caches warm
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return len(done.captured_queries)


def _counts(world, client_for, api_client_for, child):
    viewer = world.users[Role.SOCIAL_WORKER]
    page, api = client_for(viewer), api_client_for(viewer)
    return (
        _queries(page, reverse("children:detail", args=[child.pk])),
        _queries(page, reverse("children:chronology", args=[child.pk])),
        _queries(api, f"/api/children/{child.pk}/chronology"),
        _queries(page, reverse("meetings:child", args=[child.pk])),
    )


def test_the_childs_record_makes_the_same_queries_for_a_short_and_a_long_history(
    world, clock, client_for, api_client_for, pathway
):
    short = lived(world, pathway, reviews=1)
    long = lived(world, pathway, reviews=4)
    assert long.level2_items.count() == 4 > short.level2_items.count() == 1
    assert _counts(world, client_for, api_client_for, long) == _counts(world, client_for, api_client_for, short)
