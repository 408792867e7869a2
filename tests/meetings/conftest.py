"""Fixtures for the meetings tests: a controllable clock, and helpers that put a fresh child on
the pathway (the shared world's children already have one, from tests/meetings/world.py)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import django.utils.timezone
import pytest

from cepathway.children.models import CEStatus, Child, InvolvementKind
from cepathway.core.policy import Venue
from cepathway.meetings import booking, invitations, outcomes, scheduling
from cepathway.meetings.models import Meeting
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from cepathway.referrals.models import Decision, Referral, ReferralStatus, Route
from tests.factories import ChildFactory, InvolvementFactory, World

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)  # a Monday, not a bank holiday


class Clock:
    """Stands in for django.utils.timezone.now, so dates can be walked through a pathway."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    @property
    def today(self) -> date:
        return self.now.astimezone(LONDON).date()

    def travel_to(self, day: date, hour: int = 11) -> None:
        self.now = datetime.combine(day, time(hour, 0), tzinfo=LONDON)

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock(START)
    monkeypatch.setattr(django.utils.timezone, "now", fake)
    yield fake


_references = iter(range(1, 10_000_000))


def level1_referral(world: World, child: Child, suggested: str = CEStatus.MEDIUM) -> Referral:
    """A referral about `child` that CERAR decided needs a Level 1 meeting (as triage leaves it)."""
    referrer = world.users[Role.PARTNER_PROFESSIONAL]
    referral = Referral(
        partnership=child.partnership,
        reference=f"TEST-{next(_references):06d}",
        route=Route.CONTACT,
        status=ReferralStatus.LEVEL1_REQUIRED,
        child=child,
        referrer=referrer,
        referrer_agency=referrer.agency,
        concern="Fictional concern for a test.",
        legal_basis="consent",
        suggested_level=suggested,
        suggestion_reasons=["Missing from home: current, evidenced", "Older friends: current, suspected"],
        decision=Decision.LEVEL1,
        judged_level=suggested,
        decided_by=world.users[Role.CERAR_LEAD],
        decided_at=django.utils.timezone.now(),
    )
    referral.save_tracked(world.users[Role.CERAR_LEAD])
    return referral


def new_child(world: World, *, with_workers: bool = True, referral: bool = True, **fields: Any) -> Child:
    """A home child with the world's social worker and lead professional allocated and involved."""
    sw, lp = world.users[Role.SOCIAL_WORKER], world.users[Role.LEAD_PROFESSIONAL]
    child = ChildFactory(
        partnership=world.home,
        allocated_social_worker=sw if with_workers else None,
        lead_professional=lp if with_workers else None,
        **fields,
    )
    if with_workers:
        InvolvementFactory(child=child, user=sw, kind=InvolvementKind.ALLOCATED_WORKER)
        InvolvementFactory(child=child, user=lp, kind=InvolvementKind.LEAD_PROFESSIONAL)
    if referral:
        level1_referral(world, child)
    return child


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def working_day_after(day: date, days: int) -> date:
    return scheduling.next_working_day(day + timedelta(days=days), "ENG")


@dataclass
class Pathway:
    """Shortcuts through the services, for tests about a later step."""

    world: World
    clock: Clock

    @property
    def cerar(self) -> Any:
        return self.world.users[Role.CERAR_LEAD]

    def level1(self, child: Child | None = None, days_ahead: int = 7, invite: bool = True) -> Meeting:
        child = child or new_child(self.world)
        day = working_day_after(self.clock.today, days_ahead)
        meeting = booking.schedule_level1(child, booking.Details(at(day), Venue.ONLINE, "", self.cerar), by=self.cerar)
        if invite:
            people = [self.world.users[Role.POLICE_OFFICER], self.world.users[Role.PARTNER_PROFESSIONAL]]
            invitations.invite(meeting, people, by=self.cerar)
        return meeting

    def hold(self, meeting: Meeting) -> Meeting:
        self.clock.travel_to(meeting.scheduled_on, hour=12)
        meeting.refresh_from_db()
        return meeting

    def decide(self, meeting: Meeting, status: str, *, hold: bool = True, **changes: Any) -> outcomes.OutcomeResult:
        """Record the outcome, on the meeting's day unless `hold` is False (recorded on the clock's day)."""
        if hold:
            meeting = self.hold(meeting)
        meeting.refresh_from_db()
        plan = scheduling.review_plan(status, meeting.scheduled_on, policy_for(meeting.child.partnership_id))
        values: dict[str, Any] = {
            "status": status,
            "ce_types": ["cce"] if status != CEStatus.NONE else [],
            "rationale": "Fictional rationale.",
        }
        if plan is not None:
            values["review_venue"] = Venue.ONLINE
            values["review_chair"] = scheduling.proposed_chair(meeting.child, plan.chair_role)
        else:
            values["closure_reason"] = "safe_enough"
        values.update(changes)
        decided = outcomes.Outcome(**values)
        return outcomes.record_outcome(meeting, decided, expected_version=meeting.version, by=meeting.chair)


@pytest.fixture
def pathway(world: World, clock: Clock) -> Pathway:
    return Pathway(world, clock)


@pytest.fixture
def cerar(world: World) -> Any:
    return world.users[Role.CERAR_LEAD]


def form_date(prefix: str, day: date) -> dict[str, str]:
    """The GOV.UK date inputs of a page's form."""
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


@pytest.fixture
def date_fields() -> Callable[[str, date], dict[str, str]]:
    return form_date
