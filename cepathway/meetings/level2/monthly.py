"""The month's Level 2 meeting, created for every partnership that has none: a scheduled job.

Safe to run every day and late: a partnership that already has the month's meeting is left alone.
The meeting is placed on the policy's day, online, chaired by the partnership's first Level 2
organiser; an organiser can change the date, place, chair and panel afterwards, until it is held.
"""

from django.utils import timezone
from django_tasks import task

from cepathway.core.errors import RuleError
from cepathway.people.models import Partnership, User
from cepathway.policy.services import policy_for

from ..models import Level2Meeting
from . import services


def first_organiser(partnership: Partnership) -> User | None:
    policy = policy_for(partnership.pk)
    return (
        User.objects.filter(is_active=True, agency__partnership=partnership, role__in=policy.level2_organiser_roles)
        .order_by("role", "last_name")
        .first()
    )


def create_months_meetings() -> list[str]:
    """Create this month's Level 2 meeting wherever there is none; a line per partnership that had none."""
    month = timezone.localdate().replace(day=1)
    lines = []
    for partnership in Partnership.objects.order_by("name"):
        if Level2Meeting.objects.filter(partnership=partnership, month=month).exists():
            continue
        chair = first_organiser(partnership)
        if chair is None:
            lines.append(f"{partnership}: no Level 2 organiser, skipped.")
            continue
        try:
            created = services.create_level2(partnership, month=month, chair=chair, by=None)
        except RuleError as error:
            lines.append(f"{partnership}: {error}")
            continue
        lines.append(f"{partnership}: {created} created with {created.items.count()} children.")
    return lines


@task()
def create_level2_meetings() -> list[str]:
    return create_months_meetings()
