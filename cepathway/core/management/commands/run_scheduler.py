"""The scheduler: enqueue each scheduled job when its time comes (cepathway/core/schedule.py).

Run one beside the workers (`make run` does); a second one, on another machine, does no harm: each
run of a job is enqueued once. `--once` ticks once and stops (for cron, or a test); `--list` prints
the schedule.
"""

import os
import signal
import socket
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cepathway.core import schedule


class Command(BaseCommand):
    help = "Enqueue scheduled jobs (daily reminders, the month's Level 2, sending waiting email) when due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between ticks (default 15).")
        parser.add_argument("--once", action="store_true", help="Tick once and stop.")
        parser.add_argument("--list", action="store_true", help="Print the schedule and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in schedule.describe():
                self.stdout.write(f"{job['name']}: {job['when']} ({job['task']})\n    {job['what']}")
            return
        name = f"{socket.gethostname()}:{os.getpid()}"
        if options["once"]:
            for enqueued in schedule.tick(scheduler=name):
                self.stdout.write(f"Enqueued {enqueued}")
            return
        running = {"on": True}

        def stop(signum: int, frame: FrameType | None) -> None:
            running["on"] = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Scheduler {name}: {len(schedule.jobs())} jobs, a tick every {options['interval']} s")
        schedule.run_forever(name, options["interval"], lambda: running["on"])
