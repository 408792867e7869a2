"""Create this month's Level 2 meeting, with its agenda, for every partnership that has none.

Safe to run every day (cron): a partnership that already has the month's meeting is left alone.
The meeting is placed on the policy's day (by default the second Tuesday, on a working day),
online, chaired by the partnership's first Level 2 organiser (CERAR by default); an organiser can
change the date, place, chair and panel afterwards, until it is held (`level2.services.change_level2_details`,
the Level 2 page's "Change the date, place, chair or panel", `PATCH /api/meetings/level2/{yyyy-mm}`).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cepathway.core.errors import RuleError
from cepathway.meetings.level2 import services as level2
from cepathway.meetings.models import Level2Meeting
from cepathway.people.models import Partnership, User
from cepathway.policy.services import policy_for


class Command(BaseCommand):
    help = "Create the month's Level 2 meeting and agenda for each partnership that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        month = timezone.localdate().replace(day=1)
        for partnership in Partnership.objects.order_by("name"):
            if Level2Meeting.objects.filter(partnership=partnership, month=month).exists():
                continue
            policy = policy_for(partnership.pk)
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
                created = level2.create_level2(partnership, month=month, chair=chair, by=None)
            except RuleError as error:
                self.stdout.write(f"{partnership}: {error}")
                continue
            self.stdout.write(f"{partnership}: {created} created with {created.items.count()} children.")
