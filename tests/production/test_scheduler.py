"""Scheduled jobs run from one scheduler process, on a documented schedule, and two schedulers
started at once enqueue each run once."""

from datetime import datetime, time, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from cepathway.core import schedule
from cepathway.core.models import ScheduledRun

LONDON = ZoneInfo(settings.TIME_ZONE)
DUMMY_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
EXPECTED = {"daily-reminders", "level2-meetings", "send-due-emails", "prune-history"}


def at(hour, minute=0, day=4):
    return datetime(2026, 12, day, hour, minute, 20, tzinfo=LONDON)


def test_the_schedule_is_the_documented_one():
    assert {job.name for job in schedule.jobs()} == EXPECTED
    documented = (Path(settings.BASE_DIR) / "docs" / "deployment.md").read_text()
    for job in schedule.jobs():
        assert f"`{job.name}`" in documented and job.when() in documented, f"document {job.name}: {job.when()}"
    listed = StringIO()
    call_command("run_scheduler", "--list", stdout=listed)
    assert all(name in listed.getvalue() for name in EXPECTED)


@DUMMY_QUEUE
def test_a_daily_job_is_enqueued_once_its_time_has_come(db):
    assert "daily-reminders" not in schedule.tick(at(6, 59))
    assert "daily-reminders" in schedule.tick(at(7, 0))
    assert "daily-reminders" not in schedule.tick(at(18, 0))
    assert "daily-reminders" in schedule.tick(at(7, 5, day=5))


@DUMMY_QUEUE
def test_a_scheduler_started_late_still_runs_the_days_jobs(db):
    assert {"daily-reminders", "level2-meetings", "prune-history"} <= set(schedule.tick(at(15, 0)))


@DUMMY_QUEUE
def test_two_schedulers_at_once_enqueue_each_run_once(db):
    first = schedule.tick(at(9, 0), scheduler="machine-a:1")
    second = schedule.tick(at(9, 0), scheduler="machine-b:1")
    assert set(first) == EXPECTED and second == []
    assert ScheduledRun.objects.filter(job="daily-reminders").count() == 1
    assert ScheduledRun.objects.exclude(task_id="").count() == len(EXPECTED)


@DUMMY_QUEUE
def test_the_frequent_job_runs_each_minute(db):
    assert "send-due-emails" in schedule.tick(at(9, 0))
    assert "send-due-emails" not in schedule.tick(at(9, 0) + timedelta(seconds=30))
    assert "send-due-emails" in schedule.tick(at(9, 1))


@DUMMY_QUEUE
def test_old_runs_are_forgotten(db):
    schedule.tick(at(9, 0))
    assert schedule.prune_runs(datetime.now(LONDON) + schedule.KEEP_RUNS + timedelta(days=400)) == len(EXPECTED)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)), st.sampled_from([1, 5, 15, 60]))
def test_a_frequent_jobs_slot_is_its_window(moment, minutes):
    job = schedule.Job("j", "x.y", every_minutes=minutes)
    now = moment.replace(tzinfo=LONDON)
    slot = job.slot(now)
    start = datetime.fromisoformat(slot)
    local = now.astimezone(LONDON).replace(tzinfo=None)
    assert start <= local < start + timedelta(minutes=minutes)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)), st.times())
def test_a_daily_jobs_slot_is_its_day_once_its_time_has_passed(moment, when):
    job = schedule.Job("j", "x.y", at=when)
    now = moment.replace(tzinfo=LONDON)
    local = now.astimezone(LONDON)
    expected = local.date().isoformat() if local.time().replace(tzinfo=None) >= when else None
    assert job.slot(now) == expected


def test_a_job_is_daily_or_frequent_not_both():
    with pytest.raises(ValueError):
        schedule.register(schedule.Job("both", "x.y", at=time(1, 0), every_minutes=5))


class FlakyWorker:
    """A worker whose database goes away `failures` times before it runs to the end."""

    def __init__(self, failures):
        self.failures, self.running, self.worker_id, self.runs = failures, True, "test", 0

    def run(self):
        self.runs += 1
        if self.runs <= self.failures:
            raise OperationalError("server closed the connection unexpectedly")


def test_the_worker_outlives_a_database_restart(db, monkeypatch):
    from cepathway.core.management.commands import run_worker

    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    worker = FlakyWorker(failures=3)
    assert run_worker.run_until_stopped(worker) == 3
    assert worker.runs == 4


def test_a_stopped_worker_is_not_started_again(db, monkeypatch):
    from cepathway.core.management.commands import run_worker

    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    worker = FlakyWorker(failures=1)
    worker.running = False
    assert run_worker.run_until_stopped(worker) == 0 and worker.runs == 0
