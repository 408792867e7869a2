"""Create this month's Level 2 meeting, with its agenda, for every partnership that has none.

The scheduler runs the same job every day (cepathway/meetings/level2/monthly.py); this command runs
it at once, for an operator.
"""

from typing import Any

from django.core.management.base import BaseCommand

from cepathway.meetings.level2.monthly import create_months_meetings


class Command(BaseCommand):
    help = "Create the month's Level 2 meeting and agenda for each partnership that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in create_months_meetings():
            self.stdout.write(line)
