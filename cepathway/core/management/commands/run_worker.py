"""The background worker: django-tasks-db's `db_worker`, kept running through a database restart.

`db_worker` stops at the first database error it does not expect, so a PostgreSQL restart (or a
failover) would leave no worker and the outbox unsent until someone noticed (`make fault` found it).
This command takes the same options, and when the database goes away it waits, reconnects and goes
on, a little longer between tries each time (at most 30 s). It stops on SIGTERM or Ctrl-C as
`db_worker` does. A task whose end could not be recorded stays "running" in the queue's table; the
outbox sends any email it was sending again after its stale-claim time (cepathway/core/outbox.py).
"""

import logging
import time
from typing import Any

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("cepathway.worker")
LONGEST_PAUSE = 30.0


def run_until_stopped(worker: Worker, pause: float = 1.0) -> int:
    """Run the worker; after a database error wait and run it again. Returns how many errors it outlived."""
    outlived = 0
    while worker.running:
        try:
            worker.run()
            return outlived
        except (OperationalError, InterfaceError) as error:
            outlived += 1
            logger.warning("Worker %s lost the database (%s): trying again in %.0f s", worker.worker_id, error, pause)
            for connection in connections.all():
                connection.close_if_unusable_or_obsolete()
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
    return outlived


class Command(DbWorkerCommand):
    help = "Run background tasks from the database queue, through database restarts (docs/deployment.md)."

    def handle(self, *, verbosity: int, **options: Any) -> None:
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        run_until_stopped(worker)
