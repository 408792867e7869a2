"""The line each child's Level 2 agenda item gets about their NRM referrals (meetings.level2.item_notes):
open referrals, and those closed since the previous Level 2. One query whatever the number of children."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Q

from .models import NrmReferral
from .presenters import summary_line


def level2_lines(child_ids: Sequence[Any], since: datetime | None) -> dict[Any, list[str]]:
    shown = Q(closed_on__isnull=True)
    if since is not None:
        shown |= Q(closed_on__gte=since.date())
    rows = NrmReferral.objects.filter(shown, child_id__in=list(child_ids)).order_by("referred_on", "pk")
    lines: dict[Any, list[str]] = defaultdict(list)
    for referral in rows:
        lines[referral.child_id].append(summary_line(referral))
    return dict(lines)
