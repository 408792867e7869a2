"""Property tests of the scheduling policy.

For any sequence of statuses and meeting dates, the next review is on the policy's cadence from the
meeting (moved only as far as the next working day), on a working day, with a chair holding the
policy's role and at a venue the policy allows; a Medium or High review can never be at Early Help.
The oracle for "working day" is written here from the `holidays` package directly.
"""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cepathway.children.models import CEStatus
from cepathway.core.errors import RuleError
from cepathway.core.policy import DEFAULT_POLICY, PARENTS_GUIDE_POLICY, Venue
from cepathway.meetings import scheduling
from cepathway.people.models import Role

from .conftest import at

ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2024, 2041))
POLICIES = st.sampled_from([DEFAULT_POLICY, PARENTS_GUIDE_POLICY])
REVIEWED = st.sampled_from([CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW])
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2039, 12, 31))
VENUES = st.sampled_from(list(Venue.LABELS))


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in ENGLAND


@given(policy=POLICIES, status=REVIEWED, held_on=DAYS)
def test_the_review_is_the_first_working_day_on_or_after_the_cadence(policy, status, held_on):
    plan = scheduling.review_plan(status, held_on, policy)
    on_cadence = held_on + policy.reviews[status].every
    assert plan.due_on >= on_cadence
    assert working(plan.due_on)
    assert all(not working(on_cadence + timedelta(days=n)) for n in range((plan.due_on - on_cadence).days))
    assert plan.chair_role == policy.reviews[status].chair_role


@given(policy=POLICIES, status=REVIEWED, venue=VENUES)
def test_venues_follow_policy_and_never_early_help_for_medium_or_high(policy, status, venue):
    allowed = venue in policy.reviews[status].venues
    if status in (CEStatus.HIGH, CEStatus.MEDIUM) and venue == Venue.EARLY_HELP:
        assert not allowed
    if allowed:
        scheduling.check_venue(status, venue, policy)
    else:
        with pytest.raises(scheduling.PolicyError):
            scheduling.check_venue(status, venue, policy)


def test_known_dates():
    # Thursday 25 December 2025 + 0: Christmas, Boxing Day, then a weekend: Monday 29th.
    assert scheduling.next_working_day(date(2025, 12, 25), "ENG") == date(2025, 12, 29)
    # Good Friday 2026 is 3 April; Easter Monday 6 April: a High review from 6 March lands on 7 April.
    assert scheduling.review_plan(CEStatus.HIGH, date(2026, 3, 6), DEFAULT_POLICY).due_on == date(2026, 4, 7)
    assert scheduling.review_plan(CEStatus.MEDIUM, date(2026, 3, 2), DEFAULT_POLICY).due_on == date(2026, 4, 27)
    assert scheduling.review_plan(CEStatus.MEDIUM, date(2026, 3, 2), PARENTS_GUIDE_POLICY).due_on == date(2026, 3, 30)
    assert scheduling.review_plan(CEStatus.NONE, date(2026, 3, 2), DEFAULT_POLICY) is None
    # The second Tuesday of May 2026 is the 12th; of January 2027, the 12th.
    assert scheduling.level2_date(date(2026, 5, 1), DEFAULT_POLICY) == date(2026, 5, 12)


STEP = st.tuples(st.sampled_from(list(CEStatus.values)), st.integers(min_value=0, max_value=40), VENUES)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=5))
def test_any_sequence_of_outcomes_schedules_reviews_by_policy(world, clock, pathway, steps):
    """Through the outcome service: each decided status sets the next review by policy, or refuses."""
    clock.travel_to(date(2026, 3, 2), hour=9)
    meeting = pathway.level1(invite=False)
    for status, delay, venue in steps:
        meeting = pathway.hold(meeting)
        if status == CEStatus.NONE:
            result = pathway.decide(meeting, status)
            assert result.review is None
            assert not meeting.child.ce_meetings.filter(state="scheduled").exists()
            return
        rule = DEFAULT_POLICY.reviews[status]
        chair = scheduling.proposed_chair(meeting.child, rule.chair_role)
        if venue not in rule.venues:
            with pytest.raises(RuleError) as refused:
                pathway.decide(meeting, status, review_venue=venue, review_chair=chair)
            assert refused.value.field == "review_venue"
            venue = rule.venues[0]
            meeting.refresh_from_db()
        earliest = scheduling.review_plan(status, meeting.scheduled_on, DEFAULT_POLICY).due_on
        day = max(meeting.scheduled_on + timedelta(days=1), earliest - timedelta(days=delay))
        day = scheduling.next_working_day(day, "ENG")
        when = at(min(day, earliest))
        review = pathway.decide(meeting, status, review_venue=venue, review_chair=chair, review_when=when).review
        assert review.due_on == earliest
        assert review.due_on == scheduling.next_working_day(meeting.scheduled_on + rule.every, "ENG")
        assert working(review.due_on) and working(review.scheduled_on) and review.scheduled_on <= review.due_on
        assert (
            review.chair.role
            == rule.chair_role
            == (Role.TEAM_MANAGER if status != CEStatus.LOW else Role.LEAD_PROFESSIONAL)
        )
        assert review.venue in rule.venues
        assert not (status in (CEStatus.HIGH, CEStatus.MEDIUM) and review.venue == Venue.EARLY_HELP)
        meeting = review
