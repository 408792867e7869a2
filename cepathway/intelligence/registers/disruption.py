"""The disruption log of a person or place of concern: which tactic, by whom, since when, with what
outcome, and when it is next reviewed. Recording one moves an active record to "under disruption".

Each partnership keeps its own list of tactics (`DisruptionTactic`). A partnership that has none
yet is given the default list the first time it is asked for (`tactics_for`), from the tools the
Home Office's Child Exploitation Disruption Toolkit describes (Home Office, "Child exploitation
disruption toolkit: disruption tactics for those working to safeguard children and young people
under the age of 18 from sexual and criminal exploitation", 2019, updated 2022).
"""

from datetime import date
from typing import Any

from django.db import transaction

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.intelligence.models import Disruption, DisruptionTactic, NodeKind

from .records import mark_under_disruption, require_handler

# The default list, in the order a partnership first sees it.
DEFAULT_TACTICS = (
    "Child Abduction Warning Notice",
    "Sexual Risk Order",
    "Slavery and Trafficking Risk Order",
    "Slavery and Trafficking Prevention Order",
    "Closure notice or closure order",
    "Hotel and taxi engagement",
    "Licensing review",
    "Other",
)

DISRUPTED_KINDS = (NodeKind.PERSON, NodeKind.PLACE)


class DisruptionError(RuleError):
    pass


def tactics_for(partnership: Any) -> list[DisruptionTactic]:
    """The partnership's tactics in use, the default list among them: a default the partnership
    does not have yet is added (once; one it has stopped using stays stopped)."""
    rows = DisruptionTactic.objects.filter(partnership=partnership)
    known = set(rows.values_list("name", flat=True))
    missing = [
        DisruptionTactic(partnership=partnership, name=name, order=(index + 1) * 10)
        for index, name in enumerate(DEFAULT_TACTICS)
        if name not in known
    ]
    if missing:
        DisruptionTactic.objects.bulk_create(missing, ignore_conflicts=True)
    return list(rows.filter(in_use=True).order_by("order", "name"))


def disruptions_for(record: Any) -> list[Disruption]:
    """A person's or place's disruption log, newest first (the Level 2 agenda reads this too)."""
    if record.node_kind not in DISRUPTED_KINDS:
        return []
    rows = Disruption.objects.filter(**{record.node_kind: record}).select_related("tactic")
    return list(rows.order_by("-started_on", "-created_at"))


@transaction.atomic
def record_disruption(
    record: Any,
    *,
    tactic: DisruptionTactic,
    by_whom: str,
    started_on: date,
    outcome: str = "",
    review_on: date | None = None,
    by: Any,
) -> Disruption:
    require_handler(by)
    if record.node_kind not in DISRUPTED_KINDS:
        raise DisruptionError("Disruption is recorded against a person or a place of concern.")
    if tactic.partnership_id != record.partnership_id:
        raise DisruptionError("Choose one of your partnership's tactics.", "tactic")
    if review_on and review_on < started_on:
        raise DisruptionError("The review date must be on or after the date it started.", "review_on")
    disruption = Disruption(
        partnership_id=record.partnership_id,
        tactic=tactic,
        by_whom=by_whom,
        started_on=started_on,
        outcome=outcome,
        review_on=review_on,
        **{record.node_kind: record},
    )
    disruption.save_tracked(by)
    audit.created(by, disruption, detail=f"{tactic.name} against {record.node_kind} {record.pk}")
    mark_under_disruption(record, by=by)
    return disruption
