"""Benchmark: match one new name against a register of fictional persons of concern (issue 9).

    .venv/bin/python bench/matching.py                      # 1,000 and 100,000, PostgreSQL and SQLite
    .venv/bin/python bench/matching.py --sizes 1000 --backends sqlite --rounds 5

For each backend and size, a register of that many fictional persons (Faker en_GB, seeded,
`fictional=True`; a fifth with an alias, most with a date of birth, the rest an age range) is built
once in its own database and reused: PostgreSQL `cepathway_bench_matching_<size>` (BENCH_PG, as
bench/worlds.py), SQLite `var/bench/matching_<size>.sqlite3`. BENCH_REBUILD=1 builds it again.
Then each round asks every name of QUERIES once (matching.candidates.person_candidates: the
database narrows, Python scores), after one round of warm-up, and the time of each search (wall
clock, in process) and its SQL queries are recorded. Prints median and p95 per backend and size,
the queries a search, and how many records were scored. Each backend and size runs in its own
process (the settings are read once); the figures go in bench/README.md by hand.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SEED = 9
# Fictional persons planted in every register, and the names asked: each planted one written
# another way (a short form, a sound-alike, swapped, an alias, a transliteration), and names that
# are not planted, which find whoever the generated register happens to hold.
PLANTED = [
    ("Jonathan", "Hartley", "", datetime.date(2001, 4, 2)),
    ("Kerry", "Ashworth", "Kez", datetime.date(1998, 8, 19)),
    ("Muhammad", "Rashid", "", datetime.date(1995, 1, 30)),
    ("Callum", "Smith", "Cal", None),
    ("Ravi", "Patel", "", datetime.date(2003, 11, 5)),
]
QUERIES = [
    ("Jonny", "Hartley", ""),
    ("Kez", "Ashworth", ""),
    ("Mohammed", "Rashid", ""),
    ("Callum", "Smyth", ""),
    ("Patel", "Ravi", ""),
    ("Sarah", "Jones", ""),
    ("David", "Williams", ""),
    ("Chloe", "Taylor", "Clo"),
    ("Big Tone", "", ""),
    ("Stephen", "O'Brien", ""),
]


def database_url(backend: str, size: int) -> str:
    if backend == "postgresql":
        return f"{SERVER}/cepathway_bench_matching_{size}"
    path = ROOT / "var" / "bench" / f"matching_{size}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def prepare_database(backend: str, size: int) -> None:
    """A fresh database when asked to rebuild; otherwise the one there is (created if missing)."""
    rebuild = os.environ.get("BENCH_REBUILD") == "1"
    if backend == "sqlite":
        path = ROOT / "var" / "bench" / f"matching_{size}.sqlite3"
        if rebuild and path.exists():
            path.unlink()
        return
    import psycopg

    name = f"cepathway_bench_matching_{size}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found and rebuild:
            admin.execute(f'DROP DATABASE "{name}"')
            found = None
        if not found:
            admin.execute(f'CREATE DATABASE "{name}"')


def build_register(size: int) -> object:
    """The bench partnership with `size` persons of concern; reused when already there."""
    from django.db import connection
    from faker import Faker

    from cepathway.intelligence.matching.indexes import create_search_indexes
    from cepathway.intelligence.matching.keys import person_search_keys
    from cepathway.intelligence.models import PersonOfConcern
    from cepathway.people.models import Partnership
    from tests.factories import PartnershipFactory

    with connection.schema_editor() as editor:
        create_search_indexes(None, editor)
    partnership: Any = Partnership.objects.filter(code="bench-matching").first()
    if partnership and PersonOfConcern.objects.filter(partnership=partnership).count() == size:
        return partnership
    if partnership is None:
        partnership = PartnershipFactory(name="Fictional Matching Bench Partnership", code="bench-matching")
    PersonOfConcern.objects.filter(partnership=partnership).delete()
    fake = Faker("en_GB")
    fake.seed_instance(SEED)
    chance = random.Random(SEED)
    started = time.perf_counter()
    rows: list[tuple[str, str, str, datetime.date | None, tuple[int, int] | None]] = []
    for first, last, aliases, born in PLANTED:
        rows.append((first, last, aliases, born, None))
    while len(rows) < size:
        first = fake.first_name()
        aliases = fake.first_name()[:3] if chance.random() < 0.2 else ""
        if chance.random() < 0.7:
            rows.append((first, fake.last_name(), aliases, fake.date_of_birth(minimum_age=14, maximum_age=60), None))
        else:
            low = chance.randint(14, 50)
            rows.append((first, fake.last_name(), aliases, None, (low, low + 5)))
    batch = []
    for first, last, aliases, born, ages in rows:
        batch.append(
            PersonOfConcern(
                partnership=partnership,
                first_name=first,
                last_name=last,
                aliases=aliases,
                date_of_birth=born,
                age_from=ages[0] if ages else None,
                age_to=ages[1] if ages else None,
                name_keys=person_search_keys(first, last, aliases),
                fictional=True,
            )
        )
        if len(batch) == 5000:
            PersonOfConcern.objects.bulk_create(batch)
            batch = []
    PersonOfConcern.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE intelligence_personofconcern")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  built {size:,} persons in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return partnership


def plan_uses_trigram_index(partnership: object) -> bool:
    from django.db import connection

    from cepathway.intelligence.matching.candidates import person_candidates
    from cepathway.intelligence.matching.indexes import PERSON_NAME_KEYS_INDEX
    from cepathway.intelligence.matching.people import Person

    if connection.vendor != "postgresql":
        return False
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        person_candidates(partnership, Person("Jonny", "Hartley"))
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return PERSON_NAME_KEYS_INDEX in plan


def measure(backend: str, size: int, rounds: int) -> dict:
    """Runs in its own process with DATABASE_URL set for `backend` and `size`."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.stats import median, percentile
    from cepathway.intelligence.matching.candidates import person_candidate_rows, person_candidates
    from cepathway.intelligence.matching.people import Person

    call_command("migrate", verbosity=0)
    partnership = build_register(size)
    on = datetime.date(2026, 12, 1)
    asked = [Person(first, last, (alias,) if alias else ()) for first, last, alias in QUERIES]
    person_candidates(partnership, asked[0], on=on)  # the pg_trgm question, once per connection
    timings, queries, scored_counts, proposed_counts = [], [], [], []
    found_planted = True
    for round_number in range(rounds + 1):
        for person in asked:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                found = person_candidates(partnership, person, on=on)
                elapsed = (time.perf_counter() - started) * 1000
            if round_number == 0:
                continue  # warm-up
            timings.append(elapsed)
            queries.append(len(captured.captured_queries))
            proposed_counts.append(len(found))
        if round_number == 1:
            found_planted = all(
                any(record.last_name == planted[1] for record, _ in person_candidates(partnership, person, on=on))
                for person, planted in zip(asked[:5], PLANTED, strict=True)
            )
    for person in asked:
        scored_counts.append(len(person_candidate_rows(partnership, person)))
    return {
        "backend": backend,
        "size": size,
        "searches": len(timings),
        "median_ms": round(median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "queries": sorted(set(queries)),
        "scored_median": median(scored_counts),
        "scored_max": max(scored_counts),
        "proposed_median": median(proposed_counts),
        "planted_found": found_planted,
        "trigram_index_used": plan_uses_trigram_index(partnership),
    }


def run_one(backend: str, size: int, rounds: int) -> dict:
    prepare_database(backend, size)
    environment = dict(os.environ, DATABASE_URL=database_url(backend, size), DJANGO_SETTINGS_MODULE="tests.settings")
    command = [sys.executable, __file__, "--one", backend, str(size), "--rounds", str(rounds)]
    output = subprocess.run(command, env=environment, check=True, capture_output=True, text=True)  # noqa: S603
    sys.stderr.write(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--one", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(measure(arguments.one[0], int(arguments.one[1]), arguments.rounds)))
        return
    print("| backend | persons | searches | median ms | p95 ms | max ms | queries a search | scored (median / max) "
          "| proposed (median) | planted found | trigram index |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for backend in arguments.backends.split(","):
        for size in (int(size) for size in arguments.sizes.split(",")):
            result = run_one(backend, size, arguments.rounds)
            print(
                f"| {backend} | {size:,} | {result['searches']} | {result['median_ms']} | {result['p95_ms']} "
                f"| {result['max_ms']} | {', '.join(map(str, result['queries']))} "
                f"| {result['scored_median']:.0f} / {result['scored_max']} | {result['proposed_median']:.0f} "
                f"| {'yes' if result['planted_found'] else 'NO'} "
                f"| {'yes' if result['trigram_index_used'] else 'no'} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
