"""The Level 2 agenda holds exactly the High and Medium children plus the flagged Low ones, for a
seeded partnership of many children; the queries to build it do not grow with the children."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cepathway.core.models import AuditEvent
from cepathway.meetings.level2 import agenda
from cepathway.meetings.level2 import services as level2_services
from cepathway.meetings.models import AgendaReason, Level2Item
from cepathway.people.models import Role

from .seeding import seed_partnership


def _seed(world, count, seed=7):
    owner = world.users[Role.SOCIAL_WORKER]
    return seed_partnership(world.home, world.users[Role.CERAR_LEAD], owner, owner.agency, count, seed=seed)


def _expected(seeded):
    return seeded.by_status["high"] | seeded.by_status["medium"] | seeded.flagged_low


@pytest.mark.parametrize("count", [40, 160])
def test_the_agenda_holds_exactly_high_medium_and_flagged_low(world, count):
    seeded = _seed(world, count)
    level2 = level2_services.create_level2(
        world.home, month=world.level2[world.home.pk].month.replace(year=2030), chair=world.users[Role.CERAR_LEAD],
        by=world.users[Role.CERAR_LEAD], members=[],
    )  # fmt: skip
    items = Level2Item.objects.filter(level2_meeting=level2)
    on_agenda = set(items.values_list("child_id", flat=True))
    assert on_agenda == _expected(seeded)
    assert (
        seeded.by_status["low"] - seeded.flagged_low and not (seeded.by_status["low"] - seeded.flagged_low) & on_agenda
    )
    assert not seeded.by_status["none"] & on_agenda
    flagged = set(items.filter(reason=AgendaReason.FLAGGED).values_list("child_id", flat=True))
    assert flagged == seeded.flagged_low
    assert all(item.flag.reason for item in items.filter(reason=AgendaReason.FLAGGED).select_related("flag"))

    built = agenda.build(level2, world.users[Role.CERAR_LEAD])
    assert {row.child.pk for row in built.items} == _expected(seeded)
    assert all(len(row.overdue_actions) == 1 for row in built.items)
    assert all(row.days_since_review is not None and row.history for row in built.items)


def _queries_to_build(world, count, seed):
    cerar = world.users[Role.CERAR_LEAD]
    _seed(world, count, seed=seed)
    month = world.level2[world.home.pk].month.replace(year=2031 + seed)
    with CaptureQueriesContext(connection) as created:
        level2 = level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    # Inserts are one audit entry per item (every creation is audited) and the items themselves, in
    # as few batches as the database allows (SQLite caps the parameters of one statement).
    reads_and_updates = sum(not q["sql"].startswith("INSERT") for q in created.captured_queries)
    with CaptureQueriesContext(connection) as built_queries:
        built = agenda.build(level2, cerar)
    return len(built.items), len(built_queries.captured_queries), reads_and_updates


def test_the_queries_do_not_grow_with_the_number_of_children(world):
    small_items, small_build, small_create = _queries_to_build(world, 20, seed=1)
    large_items, large_build, large_create = _queries_to_build(world, 200, seed=2)
    assert large_items > small_items * 5
    assert large_build == small_build, (small_build, large_build)
    assert large_create == small_create, "creating the agenda: only inserts may grow"
    assert AuditEvent.objects.filter(record_type="meetings.Level2Item", action="created").count() > large_items


def test_a_member_sees_only_the_children_they_may(world):
    seeded = _seed(world, 30)
    cerar = world.users[Role.CERAR_LEAD]
    month = world.level2[world.home.pk].month.replace(year=2029)
    level2 = level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    built = agenda.build(level2, world.unrelated)
    assert built.items == [] and built.hidden == len(_expected(seeded))
