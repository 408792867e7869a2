"""Lines on each child's Level 2 agenda item: episodes since the last Level 2, episodes in the
policy's trigger window, whether the child is missing now, and interviews overdue. Counts only
(the panel sees the child's agenda item, not the missing history). Two queries per partnership
on the page, whatever the number of children."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from cepathway.children.models import Child

from . import services


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def item_lines(child_ids: Sequence[Any], since: datetime | None) -> dict[Any, list[str]]:
    by_partnership: dict[Any, list[Any]] = defaultdict(list)
    for pk, partnership_id in Child.objects.filter(pk__in=list(child_ids)).values_list("pk", "partnership_id"):
        by_partnership[partnership_id].append(pk)
    lines: dict[Any, list[str]] = {}
    now = timezone.now()
    for partnership_id, ids in by_partnership.items():
        trigger = services.trigger_for(partnership_id)
        counts = services.counts_since(ids, since, now - timedelta(days=trigger.days))
        for child_id, n in counts.items():
            said = []
            if n["recent"] or n["window"]:
                first = _plural(n["recent"], "missing episode") + (" since the last Level 2" if since else " recorded")
                said.append(f"{first}; {n['window']} in the last {trigger.days} days")
            if n["missing"]:
                said.append("Missing now")
            if n["overdue"]:
                said.append(_plural(n["overdue"], "return home interview") + " overdue")
            if said:
                lines[child_id] = ["; ".join(said)]
    return lines
