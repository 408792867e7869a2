"""When, where and with which chair the next meeting is held, by partnership policy.

Pure functions of the policy and dates (plus two small queries for proposing a chair), so the
rules can be property-tested: the next review falls on the policy's cadence from the meeting that
set the status, moved to the next working day when it lands on a weekend or bank holiday; it is
chaired by someone holding the policy's chair role; and its venue is one the policy allows.

Every function is given the policy it applies: that of the partnership the child or meeting
belongs to (`cepathway.policy.services.policy_for`), so one deployment serves partnerships with different rules.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import holidays
from django.utils import timezone

from cepathway.children.models import CEStatus, Child
from cepathway.core.errors import RuleError
from cepathway.core.policy import PartnershipPolicy, ReviewRule, Venue
from cepathway.people.models import Role, User
from cepathway.policy import wording


class PolicyError(RuleError):
    """A proposed date, chair or venue is not what the partnership's policy allows. Its field is
    "date", "venue" or "chair"."""


@cache
def _bank_holidays(region: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=region, years=year)


def is_working_day(day: date, region: str) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(region, day.year)


def check_working_day(day: date, policy: PartnershipPolicy) -> None:
    if day.weekday() >= 5:
        raise PolicyError(f"{day:%-d %B %Y} is a {day:%A}. Choose a working day.", field="date")
    holiday = _bank_holidays(policy.working_days_region, day.year).get(day)
    if holiday:
        raise PolicyError(f"{day:%-d %B %Y} is a bank holiday ({holiday}). Choose a working day.", field="date")


def check_not_too_far_ahead(day: date, today: date, policy: PartnershipPolicy, field: str = "date") -> None:
    """A date set for a meeting or an action is at most the policy's `book_ahead_within` from today."""
    if day > wording.latest_day(policy, today):
        raise PolicyError(wording.book_ahead_problem(policy, today), field=field)


def next_working_day(day: date, region: str) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, region):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class ReviewPlan:
    status: str
    due_on: date
    rule: ReviewRule

    @property
    def chair_role(self) -> str:
        return self.rule.chair_role

    @property
    def chair_role_label(self) -> str:
        return Role(self.rule.chair_role).label

    @property
    def venues(self) -> tuple[str, ...]:
        return self.rule.venues

    @property
    def venue_labels(self) -> list[str]:
        return [Venue.LABELS[venue] for venue in self.rule.venues]


def review_plan(status: str, held_on: date, policy: PartnershipPolicy) -> ReviewPlan | None:
    """The next review of `status` after a meeting held on `held_on`; None for "no status"."""
    rule = policy.review_rule(status)
    if rule is None:
        return None
    due = next_working_day(held_on + rule.every, policy.working_days_region)
    return ReviewPlan(status=status, due_on=due, rule=rule)


def default_review_day(due_on: date, today: date, policy: PartnershipPolicy) -> date:
    """The date proposed for a review: its due date, or the next working day when that has passed."""
    if due_on >= today:
        return due_on
    return next_working_day(today + timedelta(days=1), policy.working_days_region)


def latest_review_day(due_on: date, today: date, policy: PartnershipPolicy) -> date:
    """The last day a review due on `due_on` may be booked for.

    Its due date; once that has passed, a short catch-up window from today, so that an overdue review
    can still be booked (or moved, or given a new chair) rather than being stuck.
    """
    if due_on >= today:
        return due_on
    return next_working_day(today + policy.overdue_review_rebook_within, policy.working_days_region)


def check_venue(status: str, venue: str, policy: PartnershipPolicy) -> None:
    rule = policy.review_rule(status)
    if rule is None or rule.allows_venue(venue):
        return
    allowed = ", ".join(Venue.LABELS[v] for v in rule.venues)
    raise PolicyError(
        f"A {CEStatus(status).label} review cannot be held at {Venue.LABELS.get(venue, venue)}. "
        f"Choose one of: {allowed}.",
        field="venue",
    )


def check_chair(status: str, chair: Any, policy: PartnershipPolicy) -> None:
    rule = policy.review_rule(status)
    if rule is None:
        return
    if chair is None or not chair.is_active or chair.role != rule.chair_role:
        chair_name = wording.with_article(wording.role_name(rule.chair_role))
        raise PolicyError(f"A {CEStatus(status).label} review is chaired by {chair_name}.", field="chair")


def check_level1_chair(chair: Any, policy: PartnershipPolicy) -> None:
    if chair is None or not chair.is_active or chair.role != policy.level1_chair_role:
        raise PolicyError(wording.level1_chair_sentence(policy), field="chair")


def chairs_for(child: Child, role: str) -> Any:
    """Everyone in the child's partnership who may chair a meeting needing `role`."""
    return (
        User.objects.filter(is_active=True, role=role, agency__partnership_id=child.partnership_id)
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


def proposed_chair(child: Child, role: str) -> User | None:
    """Who the software proposes to chair; the person scheduling decides.

    The child's own lead professional when policy wants a lead professional; for a team manager,
    one in the allocated social worker's agency, else the first in the partnership.
    """
    if role == Role.LEAD_PROFESSIONAL and child.lead_professional and child.lead_professional.role == role:
        return child.lead_professional
    candidates = chairs_for(child, role)
    worker = child.allocated_social_worker
    if worker is not None and worker.agency_id:
        same_agency = candidates.filter(agency_id=worker.agency_id).first()
        if same_agency is not None:
            return same_agency
    return candidates.first()


def proposed_venue(status: str, current_venue: str, policy: PartnershipPolicy) -> str:
    """Keep the current venue when policy allows it for the new status, else the first allowed."""
    rule = policy.review_rule(status)
    if rule is None or rule.allows_venue(current_venue):
        return current_venue
    return rule.venues[0]


def at_time(day: date, policy: PartnershipPolicy, when: time | None = None) -> datetime:
    return timezone.make_aware(datetime.combine(day, when or policy.default_meeting_time))


def level2_date(month: date, policy: PartnershipPolicy) -> date:
    """The policy's day for Level 2 in `month` (e.g. the second Tuesday), on a working day."""
    first = month.replace(day=1)
    offset = (policy.level2_weekday - first.weekday()) % 7
    day = first + timedelta(days=offset + 7 * (policy.level2_week_of_month - 1))
    return next_working_day(day, policy.working_days_region)


def next_level2_month(today: date, last_month: date | None, policy: PartnershipPolicy) -> date:
    """The month the next Level 2 is for: the month after the last one, or this month."""
    if last_month is None:
        return today.replace(day=1)
    month_index = last_month.year * 12 + (last_month.month - 1) + policy.level2_every_months
    return date(month_index // 12, month_index % 12 + 1, 1)
