"""Generate a fictional world at a chosen size, for benchmarks: `manage.py generate_world --size county`.

Every person, child and place is generated (Faker en_GB) and marked fictional. Refuses a database
that already holds partnerships: the world is built into an empty, migrated database.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from cepathway.demo.world import BENCH_PASSWORD, LOGINS, SIZES, audit, build_world
from cepathway.people.models import Partnership, Role


class Command(BaseCommand):
    help = "Generate a fictional, internally consistent world at a chosen size (into an empty database)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=list(SIZES), required=True)
        parser.add_argument("--seed", type=int, default=1, help="The same seed builds the same world.")
        parser.add_argument(
            "--workers", type=int, default=2, help="Partnerships built at once, each by its own process (default 2)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Partnership.objects.exists():
            raise CommandError(
                "This database already holds partnerships: generate_world builds only into an empty, migrated "
                "database (create a new one, migrate it, and run again)."
            )
        size = SIZES[options["size"]]
        bar = tqdm(total=size.partnerships, unit="partnership", disable=options["verbosity"] == 0)
        with bar, audit.indexes_set_aside():
            report = build_world(size.name, seed=options["seed"], progress=bar.update, workers=options["workers"])
        self.stdout.write(f"\n{size.name}: {report.partnerships} partnership(s) in {report.seconds:.0f}s")
        for label, count in sorted(report.rows.items()):
            self.stdout.write(f"  {label:<32} {count:>12,}")
        self.print_size()
        self.print_logins()

    def print_size(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            self.stdout.write(f"  database size: {cursor.fetchone()[0]}")

    def print_logins(self) -> None:
        self.stdout.write(f"\nLogins in the first partnership (fictional; password for all: {BENCH_PASSWORD})")
        for username, role, _ in LOGINS:
            self.stdout.write(f"  {username:<18} {Role(role).label}")
