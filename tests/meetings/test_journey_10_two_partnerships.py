"""Journey 10: two partnerships, one deployment, each with its own policy.

Home follows the practitioner briefing (the default: Medium reviewed every 8 weeks); the other
partnership follows the parents' guide (Medium every 4 weeks). The same journey is walked in both
side by side, through the pages as each partnership's CERAR lead would: schedule a Level 1 meeting,
hold it, record a Medium status. Each sees its own review dates, its own chairs and its own words,
and each outcome records the version of its own partnership's policy that set the review.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from cepathway.children.models import CEStatus, InvolvementKind
from cepathway.core.policy import PARENTS_GUIDE_POLICY
from cepathway.meetings import scheduling
from cepathway.meetings.models import Meeting, StatusDecision
from cepathway.people.models import AgencyKind, Partnership, Role
from cepathway.policy.services import policy_for
from tests.factories import AgencyFactory, ChildFactory, InvolvementFactory, UserFactory, adopt_policy

from .conftest import form_date, level1_referral, working_day_after

MEDIUM_WEEKS = {"home": 8, "elsewhere": 4}


@dataclass
class Side:
    """One partnership's side of the journey: its staff and a child of its own."""

    name: str
    partnership: Partnership
    cerar: Any
    manager: Any
    social_worker: Any
    child: Any


def _side(world: Any, name: str) -> Side:
    if name == "home":
        users = world.users
        cerar, manager, worker = users[Role.CERAR_LEAD], users[Role.TEAM_MANAGER], users[Role.SOCIAL_WORKER]
        partnership = world.home
    else:
        partnership = world.elsewhere
        agency = AgencyFactory(partnership=partnership, kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
        cerar = world.elsewhere_lead
        manager = UserFactory(role=Role.TEAM_MANAGER, agency=agency)
        worker = UserFactory(role=Role.SOCIAL_WORKER, agency=agency)
    child = ChildFactory(partnership=partnership, allocated_social_worker=worker)
    InvolvementFactory(child=child, user=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    return Side(name, partnership, cerar, manager, worker, child)


@pytest.fixture
def sides(world: Any, clock: Any) -> dict[str, Side]:
    adopt_policy(world.elsewhere, PARENTS_GUIDE_POLICY)
    return {name: _side(world, name) for name in ("home", "elsewhere")}


def _walk_to_a_medium_status(side: Side, world: Any, clock: Any, client_for: Any) -> Meeting:
    """Schedule a Level 1 meeting through the page, hold it, and record Medium through the page."""
    level1_referral(world, side.child)
    cerar = client_for(side.cerar)
    day = working_day_after(clock.today, 7)
    scheduled = cerar.post(
        reverse("meetings:schedule-level1", args=[side.child.pk]),
        {**form_date("date", day), "time": "10:00", "venue": "online", "location": "Fictional video call"},
    )
    assert scheduled.status_code == 302, scheduled.content.decode()[:2000]
    level1 = Meeting.objects.get(child=side.child)
    clock.travel_to(level1.scheduled_on, hour=12)
    cerar = client_for(side.cerar)  # signed in again on the meeting's day: a session lasts a working day
    outcome = cerar.post(
        reverse("meetings:outcome", args=[level1.pk]),
        {
            "version": level1.version,
            "status": "medium",
            "ce_types": ["cce"],
            "rationale": "Fictional rationale.",
            "review_venue": "online",
            "review_chair": str(side.manager.pk),
            "invite_same_people": "on",
        },
    )
    assert outcome.status_code == 302, outcome.content.decode()[:3000]
    return level1


def test_each_partnership_sets_its_own_review_dates_chairs_and_words(world, clock, client_for, sides):
    for side in sides.values():
        start = clock.today
        level1 = _walk_to_a_medium_status(side, world, clock, client_for)
        policy = policy_for(side.partnership)
        weeks = MEDIUM_WEEKS[side.name]
        expected_due = scheduling.next_working_day(level1.scheduled_on + timedelta(weeks=weeks), "ENG")

        review = Meeting.objects.get(previous=level1)
        assert review.due_on == expected_due, f"{side.name}: Medium is reviewed every {weeks} weeks"
        assert review.chair == side.manager and review.chair.partnership_id == side.partnership.pk
        decision = StatusDecision.objects.get(meeting=level1)
        assert decision.policy_version_id == policy.version_id, "the outcome records the version that set it"
        assert review.policy_version_id == policy.version_id

        cerar = client_for(side.cerar)
        summary = cerar.get(reverse("meetings:family-summary", args=[level1.pk])).content.decode()
        assert f"look again every {weeks} weeks" in summary
        other = MEDIUM_WEEKS["home" if side.name == "elsewhere" else "elsewhere"]
        assert f"look again every {other} weeks" not in summary

        details = cerar.get(reverse("meetings:details", args=[review.pk])).content.decode()
        assert f"due by {expected_due:%-d %B %Y}" in details
        assert "never held at Early Help" in details

        meeting_page = cerar.get(reverse("meetings:detail", args=[level1.pk])).content.decode()
        assert f"Version {policy.number} of the partnership" in meeting_page

        our_policy = cerar.get(reverse("policy:current")).content.decode()
        assert f"A Medium review is held every {weeks} weeks" in our_policy

        clock.travel_to(start)  # the other side starts from the same day


def test_the_outcome_page_shows_each_partnerships_own_review_table(world, clock, client_for, sides):
    for side in sides.values():
        level1_referral(world, side.child)
        client = client_for(side.cerar)
        day = working_day_after(clock.today, 7)
        client.post(
            reverse("meetings:schedule-level1", args=[side.child.pk]),
            {**form_date("date", day), "time": "10:00", "venue": "online"},
        )
        level1 = Meeting.objects.get(child=side.child)
        page = client.get(reverse("meetings:outcome", args=[level1.pk])).content.decode()
        medium_due = scheduling.next_working_day(day + timedelta(weeks=MEDIUM_WEEKS[side.name]), "ENG")
        assert f"{medium_due:%-d %B %Y}" in page
        assert "High and Medium need an allocated social worker; Low needs a lead professional." in page
        other_side = sides["home" if side.name == "elsewhere" else "elsewhere"]
        for manager in (side.manager, other_side.manager):  # the review chair's picker searches its own partnership
            found = client.post(
                reverse("meetings:outcome", args=[level1.pk]),
                {"picker-find": "review_chair", "review_chair-search": manager.last_name, "version": level1.version},
            ).content.decode()
            assert (f'value="{manager.pk}"' in found) == (manager == side.manager), "only the partnership's own"


def test_a_changed_policy_applies_to_new_reviews_and_old_ones_keep_their_dates(world, clock, pathway):
    """A partnership that changes its cadence: reviews set before keep the date their version gave."""
    first = pathway.decide(pathway.level1(), CEStatus.MEDIUM).review
    before = policy_for(world.home)
    after = adopt_policy(world.home, PARENTS_GUIDE_POLICY)
    second = pathway.decide(pathway.level1(), CEStatus.MEDIUM).review
    first.refresh_from_db()
    assert first.due_on == scheduling.next_working_day(first.previous.scheduled_on + timedelta(weeks=8), "ENG")
    assert second.due_on == scheduling.next_working_day(second.previous.scheduled_on + timedelta(weeks=4), "ENG")
    assert (first.policy_version_id, second.policy_version_id) == (before.version_id, after.version_id)
    assert StatusDecision.objects.get(meeting=first.previous).policy_version.number == before.number
