"""Enqueue the daily reminder task. Run once a day by cron (see docs/meetings.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from cepathway.meetings.reminders import send_daily_reminders


class Command(BaseCommand):
    help = "Email each person their reviews and actions due within a week or overdue (once per item)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_daily_reminders.enqueue()
        self.stdout.write(f"Reminder task {result.id}: {result.status}")
        if result.is_finished:
            self.stdout.write(f"{result.return_value} reminder email(s) sent.")
