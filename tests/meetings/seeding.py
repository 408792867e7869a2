"""A fictional partnership of many children at every status, made in bulk (for the agenda test and
bench/level2_agenda.py). The records are as the services leave them: an open pathway, a held
Level 1 with its status decision, the next review, and some actions (some overdue)."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from faker import Faker

from cepathway.children.models import Child, IdentityStatus
from cepathway.core.policy import Venue
from cepathway.meetings.models import Action, Level2Flag, Meeting, MeetingKind, MeetingState, Pathway, StatusDecision
from cepathway.people.models import Agency, Partnership, User

STATUSES = ("high", "medium", "low", "none")


@dataclass
class Seeded:
    children: list[Child]
    by_status: dict[str, set[Any]] = field(default_factory=dict)
    flagged_low: set[Any] = field(default_factory=set)
    closed: set[Any] = field(default_factory=set)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_partnership(
    partnership: Partnership, chair: User, owner: User, agency: Agency, count: int, *, seed: int = 7
) -> Seeded:
    rng = random.Random(seed)  # noqa: S311 - fictional test data
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    today = timezone.localdate()
    now = timezone.now()
    children = Child.objects.bulk_create(
        [
            Child(
                partnership=partnership,
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                date_of_birth=today - timedelta(days=rng.randint(12 * 365, 17 * 365)),
                ce_status=STATUSES[number % len(STATUSES)],
                identity_status=IdentityStatus.CONFIRMED,
                fictional=True,
                created_at=now,
                modified_at=now,
            )
            for number in range(count)
        ]
    )
    seeded = Seeded(children=children, by_status={status: set() for status in STATUSES})
    pathways, meetings, decisions, reviews, actions, flags = [], [], [], [], [], []
    for number, child in enumerate(children):
        seeded.by_status[child.ce_status].add(child.pk)
        closed = child.ce_status == "none" and number % 8 == 3
        pathway = Pathway(child=child, opened_at=now - timedelta(days=60), created_at=now, modified_at=now)
        if closed:
            pathway.closed_at, pathway.closure_reason = now - timedelta(days=1), "safe_enough"
            seeded.closed.add(child.pk)
        pathways.append(pathway)
        held = today - timedelta(days=rng.randint(10, 50))
        level1 = Meeting(
            pathway=pathway, child=child, partnership_id=child.partnership_id, kind=MeetingKind.LEVEL1,
            state=MeetingState.HELD, scheduled_for=_at(held),
            held_at=_at(held), venue=Venue.ONLINE, chair=chair, created_at=now, modified_at=now,
        )  # fmt: skip
        meetings.append(level1)
        decisions.append(
            StatusDecision(
                meeting=level1,
                child=child,
                previous_status="none",
                status=child.ce_status,
                ce_types=["cce"],
                rationale="Fictional.",
                decided_at=_at(held),
                created_at=now,
                modified_at=now,
            )  # fmt: skip
        )
        if child.ce_status != "none":
            due = held + timedelta(weeks=4)
            reviews.append(
                Meeting(
                    pathway=pathway,
                    child=child,
                    partnership_id=child.partnership_id,
                    kind=MeetingKind.REVIEW,
                    scheduled_for=_at(due),
                    due_on=due,
                    venue=Venue.ONLINE,
                    chair=chair,
                    previous=level1,
                    status_under_review=child.ce_status,
                    created_at=now,
                    modified_at=now,
                )  # fmt: skip
            )
        for offset in (-5, 9):
            actions.append(
                Action(
                    child=child,
                    partnership_id=child.partnership_id,
                    meeting=level1,
                    description="Fictional action.",
                    owner=owner,
                    owner_agency=agency,
                    due_on=today + timedelta(days=offset),
                    created_at=now,
                    modified_at=now,
                )  # fmt: skip
            )
        if child.ce_status == "low" and number % 3 == 0:
            flags.append(Level2Flag(child=child, reason="Fictional: new concern.", created_by=owner, created_at=now,
                                    modified_at=now))  # fmt: skip
            seeded.flagged_low.add(child.pk)
        if child.ce_status == "none" and number % 5 == 0 and not closed:
            flags.append(
                Level2Flag(child=child, reason="Fictional.", created_by=owner, created_at=now, modified_at=now)
            )
    Pathway.objects.bulk_create(pathways)
    Meeting.objects.bulk_create(meetings)
    StatusDecision.objects.bulk_create(decisions)
    Meeting.objects.bulk_create(reviews)
    Action.objects.bulk_create(actions)
    Level2Flag.objects.bulk_create(flags)
    seeded.flagged_other = {flag.child_id for flag in flags} - seeded.flagged_low  # type: ignore[attr-defined]
    return seeded
