"""The partnership administrator keeps the partnership's list of disruption tactics: adds one,
renames or reorders it, and takes it out of use (kept, so the disruptions recorded with it still
name it) or back into use. The Home Office toolkit's list is where every partnership starts
(disruption.tactics_for)."""

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.intelligence.models import DisruptionTactic
from cepathway.people.rules import is_administrator

from .disruption import tactics_for

CONFIGURE_TACTICS = "intelligence.configure_disruption_tactics"
rules.add_perm(CONFIGURE_TACTICS, is_administrator)

SAME_NAME = "Your partnership already has a tactic called this: change that one instead"


def all_tactics(partnership: Any) -> list[DisruptionTactic]:
    """Every tactic of the partnership, in use or not, in the order a handler sees them."""
    tactics_for(partnership)  # the defaults, the first time
    return list(DisruptionTactic.objects.filter(partnership=partnership).order_by("-in_use", "order", "name"))


def _require_configurer(by: Any, partnership: Any) -> None:
    if not by.has_perm(CONFIGURE_TACTICS) or by.partnership_id != partnership.pk:
        raise PermissionDenied


def _refuse_same_name(partnership: Any, name: str, tactic: DisruptionTactic | None = None) -> None:
    rows = DisruptionTactic.objects.filter(partnership=partnership, name__iexact=name)
    if tactic is not None:
        rows = rows.exclude(pk=tactic.pk)
    if rows.exists():
        raise RuleError(SAME_NAME, field="name")


@transaction.atomic
def add_tactic(partnership: Any, *, name: str, order: int, by: Any) -> DisruptionTactic:
    _require_configurer(by, partnership)
    name = name.strip()
    _refuse_same_name(partnership, name)
    tactic = DisruptionTactic(partnership=partnership, name=name, order=order)
    tactic.save_tracked(by)
    audit.created(by, tactic, detail="disruption tactic added")
    return tactic


@transaction.atomic
def change_tactic(
    tactic: DisruptionTactic, *, name: str, order: int, in_use: bool, version: int, by: Any
) -> DisruptionTactic:
    """Change a tactic as it was at `version`; StaleRecordError if someone saved it since."""
    _require_configurer(by, tactic.partnership)
    name = name.strip()
    _refuse_same_name(tactic.partnership, name, tactic)
    wanted = {"name": name, "order": order, "in_use": in_use}
    changed = [field for field, value in wanted.items() if getattr(tactic, field) != value]
    for field, value in wanted.items():
        setattr(tactic, field, value)
    tactic.save_versioned(by, version)
    audit.changed(by, tactic, changed, detail="disruption tactic changed")
    return tactic
