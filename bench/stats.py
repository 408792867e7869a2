"""Pure statistics of the benchmark: no database, no server, so tests/benchmarks tests them quickly."""

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

TIMING_ENTRY = re.compile(r"(\w+);dur=([\d.]+)")


@dataclass(frozen=True)
class Sample:
    """One response: server time, SQL time and audit-writing time (ms), queries, bytes, status."""

    app_ms: float
    db_ms: float
    audit_ms: float
    queries: int
    size_bytes: int
    status: int


@dataclass(frozen=True)
class Summary:
    count: int
    median_ms: float
    p95_ms: float
    db_median_ms: float
    queries: int
    queries_vary: bool
    size_bytes: int
    audit_share: float
    statuses: tuple[int, ...]

    def as_dict(self) -> dict:
        return asdict(self)


def parse_server_timing(header: str) -> dict[str, float]:
    """`app;dur=12.5, db;dur=4` → {"app": 12.5, "db": 4.0}."""
    return {name: float(value) for name, value in TIMING_ENTRY.findall(header or "")}


def sample_from(headers: dict[str, str], body_bytes: int, status: int) -> Sample:
    timing = parse_server_timing(headers.get("server-timing", ""))
    return Sample(
        app_ms=timing.get("app", 0.0),
        db_ms=timing.get("db", 0.0),
        audit_ms=timing.get("audit", 0.0),
        queries=int(headers.get("x-query-count", "0") or 0),
        size_bytes=body_bytes,
        status=status,
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def median(values: Sequence[float]) -> float:
    return percentile(values, 0.5)


def summarise(samples: Sequence[Sample]) -> Summary:
    queries = [sample.queries for sample in samples]
    shares = [sample.audit_ms / sample.app_ms for sample in samples if sample.app_ms > 0]
    return Summary(
        count=len(samples),
        median_ms=round(median([sample.app_ms for sample in samples]), 2),
        p95_ms=round(percentile([sample.app_ms for sample in samples], 0.95), 2),
        db_median_ms=round(median([sample.db_ms for sample in samples]), 2),
        queries=max(queries, default=0),
        queries_vary=len(set(queries)) > 1,
        size_bytes=int(median([sample.size_bytes for sample in samples])),
        audit_share=round(median(shares), 4),
        statuses=tuple(sorted({sample.status for sample in samples})),
    )


def ratio(big: float, small: float) -> float | None:
    return round(big / small, 2) if small > 0 else None


def throughput(requests: int, seconds: float) -> float:
    return round(requests / seconds, 1) if seconds > 0 else 0.0
