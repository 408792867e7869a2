"""Build partnerships one after another, each in its own transaction."""

import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from cepathway.children.models import Involvement, InvolvementKind
from cepathway.people.models import Partnership

from . import audit
from .base import Dice, Sink, tracked
from .level2 import build_level2
from .pathways import Pathways, Story
from .people import Staff, load_staff, make_partnership, make_staff, partnership_number
from .plan import Fate, fates
from .referrals import Referrals
from .sizes import COUNTY, SIZES, Size

FLUSH_EVERY = 20_000  # rows held in memory before they are written


@dataclass
class WorldReport:
    size: str
    partnerships: int
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def build_world(
    size_name: str,
    *,
    seed: int = 1,
    partnerships: int | None = None,
    first_number: int = 1,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> WorldReport:
    """Partnerships numbered from `first_number` (the benchmark's logins in partnership 1 only);
    `partnerships` overrides the size's count. Each is the same for the same seed and number."""
    size = SIZES[size_name]
    if partnerships is not None:
        size = replace(size, partnerships=partnerships)
    report = WorldReport(size.name, size.partnerships)
    started = time.perf_counter()
    jobs = [(number, size, seed) for number in range(first_number, first_number + size.partnerships)]
    for rows in _run(jobs, workers):
        for label, count in rows.items():
            report.rows[label] = report.rows.get(label, 0) + count
        if progress is not None:
            progress(1)
    report.seconds = time.perf_counter() - started
    return report


def _run(jobs: list[tuple[int, Size, int]], workers: int) -> Iterator[dict[str, int]]:
    """Each partnership in turn, or on `workers` processes at once (each with its own connection:
    while one waits for the database the other computes)."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_job, jobs)
        return
    connections.close_all()  # the processes forked must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_job, jobs)


def _job(job: tuple[int, Size, int]) -> dict[str, int]:
    number, size, seed = job
    return build_partnership(number, size, seed=seed)


@transaction.atomic
def build_partnership(number: int, size: Size, *, seed: int) -> dict[str, int]:
    dice = Dice(f"{seed}-{number}", timezone.localdate())
    sink = Sink()
    partnership = make_partnership(number, dice)
    staff = make_staff(partnership, size, dice, with_logins=number == 1)
    return _populate(staff, size, dice, sink, series=number)


def grown_series(number: int, seed: int) -> int:
    """The series of the references and audit ids of children added by `grow_partnership`: apart
    from every partnership's own (1 to 4095), and from another growth of another seed."""
    return 0x8000 | (seed & 0x7F) << 8 | number & 0xFF


@transaction.atomic
def grow_partnership(code: str, size: Size, *, seed: int) -> dict[str, int]:
    """More children, with all their records, in an existing generated partnership (as if it had
    grown by `size`): for tests that the same page costs the same with more data."""
    partnership = Partnership.objects.get(code=code)
    number = partnership_number(partnership)
    dice = Dice(f"{seed}-{number}-grown", timezone.localdate())
    return _populate(load_staff(partnership), size, dice, Sink(), series=grown_series(number, seed))


def _populate(staff: Staff, size: Size, dice: Dice, sink: Sink, *, series: int) -> dict[str, int]:
    referrals, pathways = Referrals(staff, dice, sink, series), Pathways(staff, dice, sink)
    stories: list[Story] = []
    for fate in fates(size, dice):
        story = _child(fate, referrals, pathways, dice)
        if story is not None:
            stories.append(story)
        if sink.pending() > FLUSH_EVERY:
            sink.flush()
    build_level2(staff, stories, dice, sink)
    if staff.logins:
        _auditor_named(staff.logins, stories, dice, sink)
    sink.flush()
    rows = dict(sink.written)
    rows["core.AuditEvent"] = audit.write_audit(staff.partnership, size.count(COUNTY.audit_rows), dice, series)
    return rows


def _child(fate: Fate, referrals: Referrals, pathways: Pathways, dice: Dice) -> Story | None:
    plan = pathways.open_plan(fate.status, overdue=fate.review_overdue) if fate.stage == "open" else None
    if plan is not None:
        fate.referred_on = plan.held[0] - timedelta(days=dice.between(14, 28))
    first_day = fate.earlier_referral or fate.referred_on
    child = referrals.child(first_day, open_to_csc=fate.stage == "consultation")
    if fate.earlier_referral is not None:
        referrals.referral(child, Fate(dice.pick(["ended_hub", "ended_cerar"]), fate.earlier_referral))
    referral = referrals.referral(child, fate)
    if plan is not None:
        return pathways.open_with_status(child, referral, plan)
    if fate.stage == "closed":
        return pathways.closed(child, referral, fate.first_meeting, fate.last_meeting)  # type: ignore[arg-type]
    if fate.stage == "booked":
        day = dice.working_day(dice.today + timedelta(days=dice.between(3, 12)))
        return pathways.level1_booked(child, referral, day)
    if fate.stage == "consultation":
        pathways.allocate(child, referral.referrer)
    return None


def _auditor_named(logins: dict[str, Any], stories: list[Story], dice: Dice, sink: Sink) -> None:
    """As in the demo, the auditor is named on two children, as for an audit of their records."""
    manager = logins["manager"]
    for story in stories[:2]:
        when = story.child.created_at + timedelta(days=1)
        sink.add(
            Involvement(
                id=dice.new_id(),
                child_id=story.child.pk,
                user_id=logins["auditor"].pk,
                kind=InvolvementKind.NAMED,
                reason="An audit of this child's records",
                **tracked(manager, when),
            )  # fmt: skip
        )
