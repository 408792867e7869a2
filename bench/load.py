"""`make load`: 32 signed-in clients on 127.0.0.1 for 60 s against gunicorn (5 workers) on one world.

    make load                             # the county world
    BENCH_LOAD_SIZE=national make load    # another world (generated first if need be)

Three phases, each bounded in time (BENCH_LOAD_SECONDS, 60) and in requests (BENCH_LOAD_MAX_REQUESTS):
the framework floor page alone, the child record alone, then a realistic mix of pages. Writes
bench/results/load.md. Budgets: no errors, and the child record at least 10% of the floor's throughput
(a guard against regressions: docs/adr/0010-the-child-record-under-load.md).
"""

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import budgets, worlds  # noqa: E402
from bench.client import LOOPBACK, Client, NotLoopback  # noqa: E402
from bench.operations import Operation, Targets, get, operations  # noqa: E402
from bench.server import gunicorn, signed_in  # noqa: E402
from bench.stats import percentile, throughput  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
PORT = 8731
WORKERS = 5
CLIENTS = 32
# Who the 32 clients are: the partnership-wide roles who open records most, and others at My work.
CLIENT_ROLES = ["cerar"] * 8 + ["manager"] * 8 + ["socialworker", "hub", "school", "police"] * 4
WIDE_MIX = ["My work", "child record", "chronology", "child record", "pathway", "child list", "Level 2 agenda"]
OTHER_MIX = ["My work", "child list", "My work", "API my meetings"]


@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, milliseconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies_ms.append(milliseconds)
            if error:
                self.errors.append(error)

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    def row(self) -> str:
        p50, p95 = percentile(self.latencies_ms, 0.5), percentile(self.latencies_ms, 0.95)
        rate = throughput(self.count, self.seconds)
        return f"| {self.name} | {self.count} | {rate} | {p50:.0f} | {p95:.0f} | {len(self.errors)} |"


Step = Callable[[Client, Targets], object]


def loopback_only() -> None:
    host = os.environ.get("BENCH_LOAD_HOST", LOOPBACK)
    if host != LOOPBACK:
        raise NotLoopback(f"the load run drives {LOOPBACK} only, not {host!r}")


def by_name(role: str) -> dict[str, Operation]:
    """The bench's operations a client of `role` runs, by short name ("My work" is its own)."""
    found = {operation.name: operation for operation in operations() if operation.role == role}
    found["My work"] = found.get(f"My work ({role})") or Operation("My work", role, "GET /", get("/"))
    for operation in operations():
        found.setdefault(operation.name, operation)
    return found


def mix_for(role: str, targets: Targets) -> list[Operation]:
    names = WIDE_MIX if role in {"cerar", "manager"} else OTHER_MIX
    known = by_name(role)
    return [known[name] for name in names if known[name].possible(targets)]


def drive(client: Client, steps: list[Operation], targets: Targets, phase: Phase, stop: Callable[[], bool]) -> None:
    turn = 0
    while not stop():
        operation = steps[turn % len(steps)]
        turn += 1
        started = time.perf_counter()
        try:
            answer = operation.send(client, targets)
            error = "" if answer.status < 400 else f"{operation.name}: {answer.status}"
        except OSError as problem:
            error = f"{operation.name}: {problem}"
        phase.record((time.perf_counter() - started) * 1000, error)


def run_phase(name: str, clients: list[Client], plans: list[list[Operation]], targets: Targets) -> Phase:
    phase = Phase(name)
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    most = int(os.environ.get("BENCH_LOAD_MAX_REQUESTS", "60000"))
    deadline = time.monotonic() + seconds

    def stop() -> bool:
        return time.monotonic() >= deadline or phase.count >= most

    threads = [
        threading.Thread(target=drive, args=(client, plan, targets, phase, stop), daemon=True)
        for client, plan in zip(clients, plans, strict=True)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 300)
    phase.seconds = time.monotonic() - started
    print(phase.row(), flush=True)
    return phase


def markdown(size: str, phases: list[Phase], checks: list[budgets.Check]) -> str:
    verdicts = [f"- {'PASS' if check.passed else 'FAIL'}: {check.budget} ({check.detail})" for check in checks]
    errors = sorted({error for phase in phases for error in phase.errors})[:10]
    return "\n".join(
        [
            f"# Load: {CLIENTS} clients, gunicorn {WORKERS} workers, {size} world",
            "",
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Latencies are measured by the client (ms), on the same "
            "2-core machine as the server.",
            "",
            "| phase | requests | requests/s | p50 ms | p95 ms | errors |",
            "|---|---|---|---|---|---|",
            *[phase.row() for phase in phases],
            "",
            *verdicts,
            *(["", "First errors:", *[f"- {error}" for error in errors]] if errors else []),
            "",
        ]
    )


def main() -> int:
    loopback_only()
    size = os.environ.get("BENCH_LOAD_SIZE", "county")
    worlds.ensure(size, os.environ.get("BENCH_SEED", ""), os.environ.get("BENCH_REBUILD") == "1")
    targets = worlds.targets(size)
    record = by_name("cerar")["child record"]
    floor = Operation("floor", "cerar", "GET /bench/floor/", get("/bench/floor/"))
    with gunicorn(size, PORT, workers=WORKERS):
        clients = [signed_in(PORT, role, targets["tokens"].get(role, "")) for role in CLIENT_ROLES]
        wide = [client for client, role in zip(clients, CLIENT_ROLES, strict=True) if role in {"cerar", "manager"}]
        phases = [
            run_phase("framework floor", clients, [[floor]] * CLIENTS, targets),
            run_phase("child record", wide * 2, [[record]] * len(wide) * 2, targets),
            run_phase("realistic mix", clients, [mix_for(role, targets) for role in CLIENT_ROLES], targets),
        ]
    floor_rate, record_rate = (throughput(phase.count, phase.seconds) for phase in phases[:2])
    checks = budgets.load_checks(sum(len(phase.errors) for phase in phases), record_rate, floor_rate)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.md").write_text(markdown(size, phases, checks))
    print((RESULTS / "load.md").read_text())
    failed = budgets.failures(checks)
    return 1 if failed and os.environ.get("BENCH_REPORT_ONLY") != "1" else 0


if __name__ == "__main__":
    sys.exit(main())
