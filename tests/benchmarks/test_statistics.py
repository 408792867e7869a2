"""The bench's statistics, budgets and tables (bench/stats.py, budgets.py, report.py): pure, no database."""

import json

import pytest

from bench import budgets, report, worlds
from bench.client import Client, NotLoopback
from bench.load import Phase, loopback_only, mix_for
from bench.operations import contact_payload, fictional_surname, operations
from bench.run import measurable, round_robin
from bench.stats import Sample, parse_server_timing, percentile, ratio, sample_from, summarise, throughput


def sample(app: float, audit: float = 0.0, queries: int = 10, status: int = 200) -> Sample:
    return Sample(app_ms=app, db_ms=app / 2, audit_ms=audit, queries=queries, size_bytes=2048, status=status)


def summary(p95_times: list[float], queries: int = 10, audit: float = 0.0):
    return summarise([sample(value, audit=audit, queries=queries) for value in p95_times])


def test_the_server_timing_header_is_read_by_name():
    assert parse_server_timing("app;dur=12.5, db;dur=4, audit;dur=0.25") == {"app": 12.5, "db": 4.0, "audit": 0.25}
    assert parse_server_timing("") == {}


def test_a_sample_is_read_from_the_headers_of_a_response():
    headers = {"server-timing": "app;dur=20, db;dur=5, audit;dur=1", "x-query-count": "7"}
    assert sample_from(headers, 300, 200) == Sample(20.0, 5.0, 1.0, 7, 300, 200)
    assert sample_from({}, 0, 502).queries == 0


def test_percentiles_interpolate_between_ranks():
    values = [float(n) for n in range(1, 21)]  # 1..20
    assert percentile(values, 0.5) == 10.5
    assert percentile(values, 0.95) == pytest.approx(19.05)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0


def test_a_summary_gives_median_p95_queries_bytes_and_audit_share():
    found = summarise([sample(10, audit=1), sample(20, audit=1), sample(30, audit=3, queries=11)])
    assert (found.median_ms, found.count, found.size_bytes) == (20.0, 3, 2048)
    assert found.queries == 11 and found.queries_vary
    assert found.audit_share == 0.1
    assert found.statuses == (200,)


def test_ratios_and_throughput_guard_against_zero():
    assert ratio(30, 20) == 1.5 and ratio(1, 0) is None
    assert throughput(600, 60) == 10.0 and throughput(5, 0) == 0.0


def test_an_operation_within_every_budget_passes():
    checks = budgets.operation_checks("county", {"county": summary([50] * 20), "national": summary([60] * 20)})
    assert checks and not budgets.failures(checks)


@pytest.mark.parametrize(
    ("national", "failing"),
    [
        (summary([160] * 20), {"p95 ≤ 150 ms", "p95 ≤ 1.5 × baseline"}),
        (summary([80] * 20), {"p95 ≤ 1.5 × baseline"}),
        (summary([50] * 20, queries=11), {"same query count"}),
        (summary([50] * 20, audit=6), {"audit ≤ 10% of page time"}),
    ],
)
def test_each_budget_fails_on_its_own(national, failing):
    checks = budgets.operation_checks("county", {"county": summary([50] * 20), "national": national})
    assert {check.budget for check in budgets.failures(checks)} == failing


def test_an_unexpected_status_fails_even_when_fast():
    errors = summarise([sample(5, status=500)] * 3)
    checks = budgets.operation_checks("county", {"county": summary([5] * 3), "national": errors})
    assert [check.budget for check in budgets.failures(checks)] == ["answered as expected"]
    redirected = summarise([sample(5, status=302)] * 3)
    assert not budgets.failures(budgets.operation_checks("county", {"county": redirected}, expected=(302,)))


def test_the_load_budgets_need_no_errors_and_a_tenth_of_the_floor():
    assert not budgets.failures(budgets.load_checks(0, record_throughput=42, floor_throughput=420))
    failed = budgets.failures(budgets.load_checks(2, record_throughput=41, floor_throughput=420))
    assert [check.budget for check in failed] == ["zero errors", "child record ≥ 10% of floor throughput (ADR 10)"]
    assert failed[1].detail == "9.8% of floor"


def results() -> tuple[list[str], list[report.OperationResult], report.Floors]:
    sizes = ["county", "national"]
    record = {"county": summary([20] * 10), "national": summary([22] * 10)}
    slow = {"county": summary([50] * 10), "national": summary([900] * 10, queries=400)}
    operations_found = [
        report.OperationResult("child record", "cerar", "GET /children/{child}", record),
        report.OperationResult("Level 2 agenda", "cerar", "GET /meetings/level2/{month}/", slow),
    ]
    for operation in operations_found:
        operation.checks = budgets.operation_checks("county", operation.summaries)
    floors = report.Floors(
        framework={size: summary([5] * 10) for size in sizes},
        database_median_ms={"county": 2.0, "national": 2.2},
        database_p95_ms={"county": 3.0, "national": 3.1},
        database_statements={"county": 24, "national": 24},
    )
    return sizes, operations_found, floors


def test_the_markdown_table_has_a_row_per_operation_and_says_what_failed():
    sizes, found, floors = results()
    text = report.as_markdown(sizes, found, floors, {"commit": "abc1234", "rounds": 10, "warmup": 3, "seconds": 60})
    assert "| child record | cerar | 20.0 | 20.0 | 10 | 2.0 | 0% | 22.0 | 22.0 | 10 | 2.0 | 0% | 1.1 | PASS |" in text
    assert "| Level 2 agenda | cerar |" in text and "FAIL: p95 ≤ 150 ms (national: p95 900.0 ms)" in text
    assert "child record ÷ framework floor (server), ÷ database floor (SQL) | 4.0× | 5.0× | 4.4× | 5.0× |" in text
    assert "1 of 2 operations within every budget" in text and "Failing: Level 2 agenda." in text


def test_the_json_holds_every_figure_and_the_verdict():
    sizes, found, floors = results()
    document = json.loads(json.dumps(report.as_json(sizes, found, floors, {"commit": "abc1234"})))
    agenda = document["operations"][1]
    assert agenda["sizes"]["national"]["p95_ms"] == 900.0 and agenda["p95_ratio"]["national"] == 18.0
    assert agenda["passed"] is False and document["passed"] is False
    assert document["floors"]["database"]["county"] == {"median_ms": 2.0, "p95_ms": 3.0, "statements": 24}


def test_the_client_talks_to_loopback_only():
    with pytest.raises(NotLoopback):
        Client(8000, host="192.0.2.1")


def test_every_operation_is_named_once_and_the_contact_names_are_new_each_time():
    names = [operation.name for operation in operations()]
    assert len(names) == len(set(names))
    first, second = fictional_surname(), fictional_surname()
    assert first != second and first.startswith("Bench")
    assert contact_payload({"indicators": ["i1"]})["answers"] == [
        {"indicator_id": "i1", "recency": "current", "evidence": "evidenced"}
    ]


def test_a_load_phase_reports_throughput_percentiles_and_errors():
    phase = Phase("floor", seconds=2.0)
    for milliseconds in (10, 20, 30, 40):
        phase.record(milliseconds)
    phase.record(50, error="floor: 500")
    assert phase.row() == "| floor | 5 | 2.5 | 30 | 48 | 1 |"


def test_the_load_mix_leaves_out_what_the_world_cannot_offer():
    with_agenda = [operation.name for operation in mix_for("cerar", {"level2_month": "2027-01"})]
    assert "Level 2 agenda" in with_agenda and "child record" in with_agenda
    assert "Level 2 agenda" not in [operation.name for operation in mix_for("cerar", {})]
    assert [operation.name for operation in mix_for("school", {})][0] == "My work (school)"


def test_the_load_run_refuses_any_host_but_loopback(monkeypatch):
    monkeypatch.setenv("BENCH_LOAD_HOST", "example.org")
    with pytest.raises(NotLoopback):
        loopback_only()


def test_sizes_take_turns_going_first():
    assert round_robin(["county", "national"], 0) == ["county", "national"]
    assert round_robin(["county", "national"], 1) == ["national", "county"]


def test_a_world_is_generated_with_the_seed_only_when_one_is_asked_for():
    assert worlds.generator_arguments("county", "") == ["generate_world", "--size", "county"]
    assert worlds.generator_arguments("region", "7") == ["generate_world", "--size", "region", "--seed", "7"]
    assert worlds.database_name("national") == "cepathway_bench_national"


def test_the_markdown_says_which_worlds_were_made_and_what_was_not_measured():
    sizes, found, floors = results()
    meta = {"generation_seconds": {"county": 0.0, "national": 812.0}, "skipped": ["outcome form"]}
    text = report.as_markdown(sizes, found, floors, meta)
    assert "Worlds: county reused, national generated in 812 s." in text
    assert "Not measured (no such record in a world): outcome form." in text


def test_an_operation_is_left_out_only_when_a_world_lacks_its_record():
    every = operations()
    found = {"allocation_child": "c1", "level2_month": "2027-01"}
    kept, skipped = measurable(every, [{**found, "meeting": "m1"}, found])
    assert skipped == ["outcome form", "Level 1 outcome (POST, refused)"]
    assert len(kept) == len(every) - 2
