"""Benchmark: build the Level 2 agenda for a large fictional partnership.

    .venv/bin/python bench/level2_agenda.py [children]   (default 2,000)

Makes a throwaway SQLite database in memory, seeds a fictional partnership (a quarter of the
children at each status, some Low ones flagged, two actions each, one overdue), creates the month's
Level 2 meeting, then builds its agenda as CERAR would see it. Prints the time and the number of
SQL queries for each step. Nothing touches the project's database.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"


def main(count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0, run_syncdb=True)
    from cepathway.meetings.level2 import agenda
    from cepathway.meetings.level2 import services as level2_services
    from cepathway.people.models import Role
    from tests.factories import AgencyFactory, PartnershipFactory, UserFactory
    from tests.meetings.seeding import seed_partnership

    partnership = PartnershipFactory(name="Fictional Bench Partnership", code="bench")
    agency = AgencyFactory(partnership=partnership)
    cerar = UserFactory(role=Role.CERAR_LEAD, agency=agency)
    worker = UserFactory(role=Role.SOCIAL_WORKER, agency=agency)
    started = time.perf_counter()
    seeded = seed_partnership(partnership, cerar, worker, agency, count)
    print(f"seeded {len(seeded.children):,} children in {time.perf_counter() - started:.2f}s")

    month = timezone.localdate().replace(day=1)
    with CaptureQueriesContext(connection) as created:
        started = time.perf_counter()
        level2 = level2_services.create_level2(partnership, month=month, chair=cerar, by=cerar, members=[])
        create_seconds = time.perf_counter() - started
    inserts = sum(q["sql"].startswith("INSERT") for q in created.captured_queries)
    print(
        f"created the Level 2 meeting with {level2.items.count():,} items: {create_seconds:.3f}s, "
        f"{len(created.captured_queries):,} queries ({inserts:,} inserts: one audit entry per item, items batched)"
    )
    with CaptureQueriesContext(connection) as built_queries:
        started = time.perf_counter()
        built = agenda.build(level2, cerar)
        build_seconds = time.perf_counter() - started
    print(f"built the agenda of {len(built.items):,} children: {build_seconds:.3f}s, "
          f"{len(built_queries.captured_queries)} queries")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
