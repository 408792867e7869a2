"""Create this month's Level 2 meeting, with its agenda, for every partnership that has none.

Safe to run every day (cron): a partnership that already has the month's meeting is left alone.
The meeting is placed on the policy's day (by default the second Tuesday, on a working day),
online, chaired by the partnership's first Level 2 organiser (CERAR by default); an organiser can
change the date, place, chair and panel afterwards, until it is held (`agenda.change_level2_details`,
the Level 2 page's "Change the date, place, chair or panel", `PATCH /api/meetings/level2/{yyyy-mm}`).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cepathway.core.policy import current_policy
from cepathway.meetings import agenda
from cepathway.meetings.models import Level2Meeting
from cepathway.meetings.services import MeetingError
from cepathway.people.models import Partnership, User


class Command(BaseCommand):
    help = "Create the month's Level 2 meeting and agenda for each partnership that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        month = timezone.localdate().replace(day=1)
        policy = current_policy()
        for partnership in Partnership.objects.order_by("name"):
            if Level2Meeting.objects.filter(partnership=partnership, month=month).exists():
                continue
            chair = (
                User.objects.filter(
                    is_active=True, agency__partnership=partnership, role__in=policy.level2_organiser_roles
                )
                .order_by("role", "last_name")
                .first()
            )
            if chair is None:
                self.stdout.write(f"{partnership}: no Level 2 organiser, skipped.")
                continue
            try:
                level2 = agenda.create_level2(partnership, month=month, chair=chair, by=None)
            except MeetingError as error:
                self.stdout.write(f"{partnership}: {error}")
                continue
            self.stdout.write(f"{partnership}: {level2} created with {level2.items.count()} children.")
