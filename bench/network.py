"""Benchmark: the two-step network query (issue 9) on networks of 10,000 and 100,000 links.

    .venv/bin/python bench/network.py                     # 10,000 and 100,000 links, PostgreSQL
    .venv/bin/python bench/network.py --sizes 100000 --rounds 10

One PostgreSQL database, `cepathway_bench_network` (BENCH_PG, as bench/worlds.py), holds one
fictional partnership per size, built once and reused (BENCH_REBUILD=1 builds again). Each has
one record for every seven links (children, persons, places, vehicles, phones, in the proportions
of FRACTIONS), so a record has on average the same number of links at every size, and a two-step
network is as large at 10,000 links as at 100,000: what grows is everything else. The links join
records at random, a tenth of them to "hub" persons and places (about HUB_LINKS links each), as
networks of exploitation do; each carries a graded submission.

For each size, each round asks for the network of every root of a fixed sample (children, persons
and places, hubs among them), after one round of warm-up:
- `links_within_two_steps` alone: the one SQL query over Link, both directions;
- `network_of` as the page calls it for a CERAR lead: that query, the records named (one query a
  kind), the children through `visible_to`, and the walk in Python.
Each is timed (wall clock, in process) with its SQL queries counted. Prints a table of median and
p95 per size and measurement, the queries each took (the same at both sizes), and how many links a
network held. The figures go in bench/README.md by hand.
"""

import argparse
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
DATABASE = "cepathway_bench_network"
SEED = 6
LINKS_PER_RECORD = 7
FRACTIONS = {"child": 0.2, "person": 0.35, "place": 0.2, "vehicle": 0.12, "phone": 0.13}
HUB_SHARE = 0.1
HUB_LINKS = 50  # each hub's share of the hub links, so that hubs too are alike at every size
SAMPLE = 30


def prepare_database() -> None:
    import psycopg

    rebuild = os.environ.get("BENCH_REBUILD") == "1"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if found and rebuild:
            admin.execute(f'DROP DATABASE "{DATABASE}"')
            found = None
        if not found:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')


def _records(partnership: Any, kind: str, count: int, by: Any) -> list[Any]:
    from faker import Faker

    from cepathway.children.models import Child
    from cepathway.intelligence.models import PersonOfConcern, PhoneOfConcern, PlaceOfConcern, VehicleOfConcern

    fake = Faker("en_GB")
    fake.seed_instance(SEED + count)
    if kind == "child":
        rows: list[Any] = [
            Child(
                partnership=partnership,
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                date_of_birth=fake.date_of_birth(minimum_age=10, maximum_age=17),
                fictional=True,
            )
            for _ in range(count)
        ]
    elif kind == "person":
        rows = [
            PersonOfConcern(partnership=partnership, first_name=fake.first_name(), last_name=fake.last_name())
            for _ in range(count)
        ]
    elif kind == "place":
        rows = [
            PlaceOfConcern(partnership=partnership, name=fake.company(), postcode=fake.postcode()) for _ in range(count)
        ]
    elif kind == "vehicle":
        rows = [VehicleOfConcern(partnership=partnership, registration=fake.license_plate()) for _ in range(count)]
    else:
        rows = [PhoneOfConcern(partnership=partnership, number=fake.cellphone_number()) for _ in range(count)]
    for row in rows:
        row.fictional = True
        row.created_by = row.modified_by = by
    made = type(rows[0]).objects.bulk_create(rows, batch_size=5000)
    return [row.pk for row in made]


def build_network(size: int) -> Any:
    """The partnership of `size` links, with its CERAR lead; reused when already there."""
    from django.db import connection

    from cepathway.intelligence.models import Link
    from cepathway.people.models import Partnership, Role
    from tests.factories import AgencyFactory, PartnershipFactory, UserFactory
    from tests.intelligence.world_registers import make_submission

    code = f"bench-network-{size}"
    partnership: Any = Partnership.objects.filter(code=code).first()
    if partnership and Link.objects.filter(partnership=partnership).count() == size:
        return partnership
    if partnership is not None:
        raise SystemExit(f"{code} is half built: run again with BENCH_REBUILD=1")
    started = time.perf_counter()
    partnership = PartnershipFactory(name=f"Fictional Network Bench {size:,}", code=code)
    lead = UserFactory(
        username=f"bench-network-lead-{size}", role=Role.CERAR_LEAD, agency=AgencyFactory(partnership=partnership)
    )
    submissions = [make_submission(partnership, lead, lead) for _ in range(50)]
    records = size // LINKS_PER_RECORD
    ids = {kind: _records(partnership, kind, max(1, int(records * share)), lead) for kind, share in FRACTIONS.items()}
    half = max(1, int(size * HUB_SHARE / HUB_LINKS) // 2)
    hubs = [("person", pk) for pk in ids["person"][:half]] + [("place", pk) for pk in ids["place"][:half]]
    chance = random.Random(SEED)
    kinds = list(FRACTIONS)
    weights = list(FRACTIONS.values())
    batch: list[Link] = []
    made = 0
    while made < size:
        a_kind = chance.choices(kinds, weights)[0]
        a = (a_kind, chance.choice(ids[a_kind]))
        if chance.random() < HUB_SHARE:
            b = chance.choice(hubs)
        else:
            b_kind = chance.choices([kind for kind in kinds if kind != "child" or a_kind != "child"])[0]
            b = (b_kind, chance.choice(ids[b_kind]))
        if a == b:
            continue
        batch.append(
            Link(
                partnership=partnership,
                a_kind=a[0],
                a_id=a[1],
                b_kind=b[0],
                b_id=b[1],
                relationship="seen with",
                submission=chance.choice(submissions),
                fictional=True,
            )
        )
        made += 1
        if len(batch) == 5000:
            Link.objects.bulk_create(batch)
            batch = []
    Link.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  built {size:,} links in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return partnership


def sample_roots(partnership: Any) -> list[Any]:
    """A fixed sample: hubs, and records chosen at random (the same at every run)."""
    from cepathway.children.models import Child
    from cepathway.intelligence.models import PersonOfConcern, PlaceOfConcern

    chance = random.Random(SEED)
    persons = list(PersonOfConcern.objects.filter(partnership=partnership).order_by("created_at", "pk")[:2000])
    places = list(PlaceOfConcern.objects.filter(partnership=partnership).order_by("created_at", "pk")[:2000])
    children = list(Child.objects.filter(partnership=partnership).order_by("pk")[:2000])
    hubs = persons[:2] + places[:2]
    return hubs + chance.sample(persons, 10) + chance.sample(places, 6) + chance.sample(children, SAMPLE - 4 - 16)


def measure(size: int, rounds: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.stats import median, percentile
    from cepathway.intelligence.registers.network import links_within_two_steps, network_of
    from cepathway.people.models import User

    call_command("migrate", verbosity=0)
    partnership = build_network(size)
    lead = User.objects.get(username=f"bench-network-lead-{size}")
    roots = sample_roots(partnership)
    timings: dict[str, list[float]] = {"query": [], "network": []}
    queries: dict[str, set[int]] = {"query": set(), "network": set()}
    sizes: list[int] = []

    def timed(name: str, call: Any, *args: Any) -> Any:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            found = call(*args)
            elapsed = (time.perf_counter() - started) * 1000
        timings[name].append(elapsed)
        queries[name].add(len(captured.captured_queries))
        return found

    for round_number in range(rounds + 1):
        for root in roots:
            kind = "child" if getattr(root, "audit_is_child", False) else root.node_kind
            links = timed("query", links_within_two_steps, partnership.pk, kind, root.pk)
            timed("network", network_of, root, lead)
            if round_number == 0:  # warm-up: thrown away
                for name in timings:
                    timings[name].pop()
            elif round_number == 1:
                sizes.append(len(links))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM intelligence_link")
        all_links = cursor.fetchone()[0]
    return {
        "size": size,
        "links_in_database": all_links,
        "roots": len(roots),
        "asked": len(timings["query"]),
        **{
            f"{name}_{stat}": round(value, 1)
            for name in ("query", "network")
            for stat, value in (("median_ms", median(timings[name])), ("p95_ms", percentile(timings[name], 0.95)))
        },
        "query_queries": sorted(queries["query"]),
        "network_queries": sorted(queries["network"]),
        "links_median": median(sizes),
        "links_max": max(sizes),
    }


def run_one(size: int, rounds: int) -> dict:
    environment = dict(os.environ, DATABASE_URL=f"{SERVER}/{DATABASE}", DJANGO_SETTINGS_MODULE="tests.settings")
    command = [sys.executable, __file__, "--one", str(size), "--rounds", str(rounds)]
    output = subprocess.run(command, env=environment, check=True, capture_output=True, text=True)  # noqa: S603
    sys.stderr.write(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--one", metavar="SIZE", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(measure(int(arguments.one), arguments.rounds)))
        return
    prepare_database()
    print("| links | roots x rounds | query median ms | query p95 ms | queries | page's network median ms "
          "| p95 ms | queries | links in a network (median / max) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for size in (int(size) for size in arguments.sizes.split(",")):
        result = run_one(size, arguments.rounds)
        print(
            f"| {size:,} | {result['asked']} | {result['query_median_ms']} | {result['query_p95_ms']} "
            f"| {', '.join(map(str, result['query_queries']))} | {result['network_median_ms']} "
            f"| {result['network_p95_ms']} | {', '.join(map(str, result['network_queries']))} "
            f"| {result['links_median']:.0f} / {result['links_max']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
