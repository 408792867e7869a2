"""`make bench`: the key operations of issue 8 on two world sizes, interleaved request by request.

    make bench                                    # county and national
    BENCH_SIZES=county,metropolitan make bench    # any sizes; the first is the baseline
    BENCH_REBUILD=1 make bench                    # generate the worlds again
    BENCH_REPORT_ONLY=1 make bench                # exit 0 even when a budget fails

Writes bench/results/latest.md and latest.json. See bench/README.md for what each figure means.
"""

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from bench import budgets, report, worlds  # noqa: E402
from bench.client import Client  # noqa: E402
from bench.operations import FLOOR, Operation, operations  # noqa: E402
from bench.server import gunicorn, signed_in  # noqa: E402
from bench.stats import Sample, percentile, summarise  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
FIRST_PORT = 8711


@dataclass
class Settings:
    sizes: list[str]
    seed: str = ""
    rebuild: bool = False
    report_only: bool = False
    warmup: int = 3
    rounds: int = 40
    min_rounds: int = 8
    seconds: float = 540.0  # the measuring, after the worlds exist

    @classmethod
    def from_environment(cls) -> "Settings":
        env = os.environ
        return cls(
            sizes=[size.strip() for size in env.get("BENCH_SIZES", "county,national").split(",") if size.strip()],
            seed=env.get("BENCH_SEED", ""),
            rebuild=env.get("BENCH_REBUILD") == "1",
            report_only=env.get("BENCH_REPORT_ONLY") == "1",
            warmup=int(env.get("BENCH_WARMUP", "3")),
            rounds=int(env.get("BENCH_ROUNDS", "40")),
            seconds=float(env.get("BENCH_SECONDS", "540")),
        )


@dataclass
class Measurements:
    samples: dict[tuple[str, str], list[Sample]] = field(default_factory=lambda: defaultdict(list))
    database_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    spent: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    rounds: int = 0


class DatabaseFloor:
    """The child record's SELECTs run bare through psycopg: the least its rows can cost."""

    def __init__(self, size: str, statements: list[str]) -> None:
        self.statements = statements
        self.connection = psycopg.connect(worlds.database_url(size), autocommit=True)

    def time_once(self) -> float:
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            for sql in self.statements:
                cursor.execute(sql.encode())
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def clients_for(port: int, targets: dict, roles: set[str]) -> dict[str, Client]:
    return {role: signed_in(port, role, targets["tokens"].get(role, "")) for role in sorted(roles)}


def round_robin(sizes: list[str], round_number: int) -> list[str]:
    """Sizes in turn, the order flipped each round so that neither always goes first."""
    return sizes if round_number % 2 == 0 else list(reversed(sizes))


def still_measuring(operation: Operation, measured: Measurements, settings: Settings, per_operation: float) -> bool:
    return measured.rounds < settings.min_rounds or measured.spent[operation.name] < per_operation


def one_round(
    ops: list[Operation], settings: Settings, clients: dict, targets: dict, floors: dict, measured: Measurements
) -> None:
    warming = measured.rounds < 0
    per_operation = settings.seconds / max(1, len(ops))
    for operation in ops:
        if not still_measuring(operation, measured, settings, per_operation):
            continue
        started = time.perf_counter()
        for size in round_robin(settings.sizes, measured.rounds):
            sample = operation.send(clients[size][operation.role], targets[size]).sample()
            if not warming:
                measured.samples[(operation.name, size)].append(sample)
        measured.spent[operation.name] += time.perf_counter() - started
    for size in round_robin(settings.sizes, measured.rounds):
        milliseconds = floors[size].time_once()
        if not warming:
            measured.database_ms[size].append(milliseconds)


def measure(ops: list[Operation], settings: Settings, clients: dict, targets: dict, floors: dict) -> Measurements:
    measured = Measurements(rounds=-settings.warmup)
    deadline = time.monotonic() + settings.seconds
    while measured.rounds < settings.rounds:
        if measured.rounds >= settings.min_rounds and time.monotonic() > deadline:
            break
        one_round(ops, settings, clients, targets, floors, measured)
        measured.rounds += 1
        print(f"round {measured.rounds} done", flush=True)
    return measured


def results(ops: list[Operation], settings: Settings, measured: Measurements) -> list[report.OperationResult]:
    found = []
    for operation in ops:
        summaries = {size: summarise(measured.samples[(operation.name, size)]) for size in settings.sizes}
        checks = budgets.operation_checks(settings.sizes[0], summaries, operation.expect)
        found.append(report.OperationResult(operation.name, operation.role, operation.request, summaries, checks))
    return found


def floors_of(settings: Settings, measured: Measurements, targets: dict) -> report.Floors:
    framework = {size: summarise(measured.samples[(FLOOR.name, size)]) for size in settings.sizes}
    times = measured.database_ms
    return report.Floors(
        framework=framework,
        database_median_ms={size: round(percentile(times[size], 0.5), 2) for size in settings.sizes},
        database_p95_ms={size: round(percentile(times[size], 0.95), 2) for size in settings.sizes},
        database_statements={size: len(targets[size]["floor_sql"]) for size in settings.sizes},
    )


def measurable(ops: list[Operation], worlds_targets: list[dict]) -> tuple[list[Operation], list[str]]:
    """The operations every world has a record for, and the names of those left out."""
    kept = [op for op in ops if all(op.possible(targets) for targets in worlds_targets)]
    return kept, [op.name for op in ops if op not in kept]


def commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)  # noqa: S607
    return found.stdout.strip() or "?"


def write(settings: Settings, outcome: list[report.OperationResult], floors: report.Floors, meta: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report.as_markdown(settings.sizes, outcome, floors, meta))
    document = report.as_json(settings.sizes, outcome, floors, meta)
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n")


def main() -> int:
    settings = Settings.from_environment()
    generated = {size: worlds.ensure(size, settings.seed, settings.rebuild) for size in settings.sizes}
    targets = {size: worlds.targets(size) for size in settings.sizes}
    ops, skipped = measurable(operations(), [targets[size] for size in settings.sizes])
    ops.append(FLOOR)
    roles = {op.role for op in ops}
    started = time.monotonic()
    meta = {"started": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "commit": commit(), "generation_seconds": generated}
    with ExitStack() as stack:
        ports = {size: stack.enter_context(gunicorn(size, FIRST_PORT + n)) for n, size in enumerate(settings.sizes)}
        clients = {size: clients_for(ports[size], targets[size], roles) for size in settings.sizes}
        floors = {size: DatabaseFloor(size, targets[size]["floor_sql"]) for size in settings.sizes}
        measured = measure(ops, settings, clients, targets, floors)
    operation_results = results([op for op in ops if op is not FLOOR], settings, measured)
    meta.update(rounds=measured.rounds, warmup=settings.warmup, seconds=time.monotonic() - started, skipped=skipped)
    write(settings, operation_results, floors_of(settings, measured, targets), meta)
    print((RESULTS / "latest.md").read_text())
    failed = any(not result.passed() for result in operation_results)
    return 1 if failed and not settings.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
