"""Scheduled jobs: what runs every day or every few minutes, enqueued by one scheduler process.

Apps register their jobs when they load (`register`); `manage.py run_scheduler` wakes every few
seconds and enqueues each job whose time has come, and `manage.py run_scheduler --list` prints the
schedule. Each run of a job has a slot (the day for a daily job, the minute for a frequent one);
the scheduler claims a slot by inserting a ScheduledRun row, unique per job and slot, in the same
transaction as it enqueues the task. A second scheduler running at the same time fails to insert
the same row and enqueues nothing: each run is enqueued once, whichever of them gets there first.

A daily job whose time passed while no scheduler ran is enqueued when one starts, the same day
(the jobs are written to be safe to run late: the reminders and Level 2 creation each look at what
is already done). Times are the service's local time (TIME_ZONE).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .models import ScheduledRun

logger = logging.getLogger(__name__)

# Runs of frequent jobs are kept this long (the history an administrator might ask about).
KEEP_RUNS = timedelta(days=14)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    at: time | None = None  # daily, at this local time
    every_minutes: int | None = None  # or every so many minutes
    description: str = ""

    def slot(self, now: datetime) -> str | None:
        """The run due at `now` (local), or None while a daily job's time has not come today."""
        local = timezone.localtime(now)
        if self.at is not None:
            return local.date().isoformat() if local.time() >= self.at else None
        assert self.every_minutes
        minute_of_day = local.hour * 60 + local.minute
        start = minute_of_day - minute_of_day % self.every_minutes
        return f"{local.date().isoformat()}T{start // 60:02d}:{start % 60:02d}"

    def when(self) -> str:
        if self.at is not None:
            return f"every day at {self.at:%H:%M}"
        return "every minute" if self.every_minutes == 1 else f"every {self.every_minutes} minutes"


_jobs: dict[str, Job] = {}


def register(job: Job) -> None:
    if bool(job.at) == bool(job.every_minutes):
        raise ValueError(f"{job.name}: give a daily time or a number of minutes, not both")
    _jobs[job.name] = job


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def claim_and_enqueue(job: Job, slot: str, scheduler: str) -> bool:
    """Enqueue the job's run for `slot` unless a scheduler already has: True if this one did."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot=slot, claimed_by=scheduler[:100])
            result = import_string(job.task).enqueue()
            ScheduledRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    except IntegrityError:
        return False
    logger.info("Enqueued %s for %s (task %s)", job.name, slot, result.id)
    return True


def tick(now: datetime | None = None, scheduler: str = "scheduler") -> list[str]:
    """Enqueue every job due at `now` and not yet enqueued; the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        slot = job.slot(now)
        if slot is not None and claim_and_enqueue(job, slot, scheduler):
            enqueued.append(job.name)
    return enqueued


def prune_runs(now: datetime | None = None) -> int:
    """Forget runs older than KEEP_RUNS (a frequent job leaves one a minute)."""
    cutoff = (now or timezone.now()) - KEEP_RUNS
    deleted, _ = ScheduledRun.objects.filter(claimed_at__lt=cutoff).delete()
    return deleted


def run_forever(scheduler: str, interval: float, should_run: Callable[[], bool]) -> None:
    """The scheduler's loop: a tick every `interval` seconds while `should_run()`."""
    import time as clock

    from django.db import close_old_connections

    while should_run():
        close_old_connections()
        try:
            tick(scheduler=scheduler)
        except Exception:  # a database restart must not end the scheduler: log and try at the next tick
            logger.exception("Scheduler tick failed")
        clock.sleep(interval)


def describe() -> list[dict[str, Any]]:
    return [{"name": job.name, "when": job.when(), "task": job.task, "what": job.description} for job in jobs()]


@task()
def prune_history() -> dict[str, int]:
    """Daily: forget old scheduler runs and the queue's finished tasks (the outbox keeps its messages)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - KEEP_RUNS
    finished, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return {"runs": prune_runs(), "tasks": finished}


def register_core_jobs() -> None:
    register(
        Job(
            "send-due-emails",
            "cepathway.core.outbox.send_due_emails",
            every_minutes=1,
            description="Sends outgoing email still waiting: tries again after a failure, and any a worker lost.",
        )
    )
    register(
        Job(
            "prune-history",
            "cepathway.core.schedule.prune_history",
            at=time(3, 30),
            description=f"Forgets scheduler runs and finished background tasks older than {KEEP_RUNS.days} days.",
        )
    )
