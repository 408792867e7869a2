"""The benchmark's tables: Markdown for people (bench/results/latest.md), JSON for tools. Pure functions."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from .budgets import Check
from .stats import Summary, ratio


@dataclass
class OperationResult:
    name: str
    role: str
    request: str
    summaries: dict[str, Summary]
    checks: list[Check] = field(default_factory=list)

    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def as_dict(self, baseline: str) -> dict:
        base = self.summaries[baseline]
        return {
            "name": self.name,
            "role": self.role,
            "request": self.request,
            "sizes": {size: summary.as_dict() for size, summary in self.summaries.items()},
            "median_ratio": {size: ratio(s.median_ms, base.median_ms) for size, s in self.summaries.items()},
            "p95_ratio": {size: ratio(s.p95_ms, base.p95_ms) for size, s in self.summaries.items()},
            "budgets": [check.as_dict() for check in self.checks],
            "passed": self.passed(),
        }


@dataclass
class Floors:
    """Per size: the framework floor page's summary, and the database floor's times (ms) and statements."""

    framework: dict[str, Summary]
    database_median_ms: dict[str, float]
    database_p95_ms: dict[str, float]
    database_statements: dict[str, int]


def as_json(sizes: Sequence[str], operations: Sequence[OperationResult], floors: Floors, meta: dict) -> dict:
    baseline = sizes[0]
    return {
        **meta,
        "sizes": list(sizes),
        "baseline": baseline,
        "operations": [operation.as_dict(baseline) for operation in operations],
        "floors": {
            "framework": {size: summary.as_dict() for size, summary in floors.framework.items()},
            "database": {
                size: {
                    "median_ms": floors.database_median_ms[size],
                    "p95_ms": floors.database_p95_ms[size],
                    "statements": floors.database_statements[size],
                }
                for size in sizes
            },
        },
        "passed": all(operation.passed() for operation in operations),
    }


def _cell(summary: Summary) -> str:
    vary = "~" if summary.queries_vary else ""
    return (
        f"{summary.median_ms:.1f} | {summary.p95_ms:.1f} | {vary}{summary.queries} | "
        f"{summary.size_bytes / 1024:.1f} | {summary.audit_share:.0%}"
    )


def _verdict(checks: Sequence[Check]) -> str:
    failed = [f"{check.budget} ({check.size}: {check.detail})" for check in checks if not check.passed]
    return "PASS" if not failed else "FAIL: " + "; ".join(failed)


def operations_table(sizes: Sequence[str], operations: Sequence[OperationResult]) -> list[str]:
    baseline = sizes[0]
    per_size = " | ".join(f"{size} median ms | p95 ms | queries | KB | audit" for size in sizes)
    ratios = "".join(f" {size}/{baseline} p95 |" for size in sizes[1:])
    head = f"| operation | as | {per_size} |{ratios} budgets |"
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for operation in operations:
        cells = " | ".join(_cell(operation.summaries[size]) for size in sizes)
        base = operation.summaries[baseline]
        grown = "".join(f" {ratio(operation.summaries[s].p95_ms, base.p95_ms)} |" for s in sizes[1:])
        lines.append(f"| {operation.name} | {operation.role} | {cells} |{grown} {_verdict(operation.checks)} |")
    return lines


def floors_table(sizes: Sequence[str], floors: Floors, record: OperationResult | None) -> list[str]:
    lines = ["| floor | " + " | ".join(f"{size} median ms | p95 ms" for size in sizes) + " |"]
    lines.append("|---|" + "---|---|" * len(sizes))
    framework = " | ".join(f"{floors.framework[s].median_ms:.1f} | {floors.framework[s].p95_ms:.1f}" for s in sizes)
    lines.append(f"| framework floor (signed-in page, {floors.framework[sizes[0]].queries} queries) | {framework} |")
    database = " | ".join(f"{floors.database_median_ms[s]:.1f} | {floors.database_p95_ms[s]:.1f}" for s in sizes)
    statements = floors.database_statements[sizes[0]]
    lines.append(f"| database floor (the child record's {statements} SELECTs, bare psycopg) | {database} |")
    if record is not None:
        times = " | ".join(
            f"{ratio(record.summaries[s].median_ms, floors.framework[s].median_ms)}× | "
            f"{ratio(record.summaries[s].db_median_ms, floors.database_median_ms[s])}×"
            for s in sizes
        )
        lines.append(f"| child record ÷ framework floor (server), ÷ database floor (SQL) | {times} |")
    return lines


def as_markdown(sizes: Sequence[str], operations: Sequence[OperationResult], floors: Floors, meta: dict) -> str:
    failed = [operation.name for operation in operations if not operation.passed()]
    record = next((operation for operation in operations if operation.name == "child record"), None)
    lines = [
        f"# Benchmark: {' vs '.join(sizes)}",
        "",
        f"{meta.get('started', '')}, commit {meta.get('commit', '?')}, {meta.get('rounds', '?')} rounds "
        f"after {meta.get('warmup', '?')} warm-up, measured in {meta.get('seconds', 0):.0f} s. Times are the "
        "server's own (Server-Timing `app`), in milliseconds; KB is the response body; audit is the median "
        "share of the page's time spent writing the audit log; ~ marks a query count that varied.",
        "",
        *operations_table(sizes, operations),
        "",
        "## Floors",
        "",
        *floors_table(sizes, floors, record),
        "",
        f"**{len(operations) - len(failed)} of {len(operations)} operations within every budget.**"
        + (f" Failing: {', '.join(failed)}." if failed else ""),
        "",
        *_notes(meta),
    ]
    return "\n".join(lines)


def _notes(meta: dict) -> list[str]:
    generated = meta.get("generation_seconds", {})
    worlds = ", ".join(
        f"{size} generated in {seconds:.0f} s" if seconds else f"{size} reused" for size, seconds in generated.items()
    )
    notes = [f"Worlds: {worlds}."] if worlds else []
    if meta.get("skipped"):
        notes.append(f"Not measured (no such record in a world): {', '.join(meta['skipped'])}.")
    return [*notes, ""] if notes else []
