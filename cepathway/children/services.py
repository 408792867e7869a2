"""Rules about children: involvement (who may see them) and finding possible duplicates."""

from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cepathway.core import audit

from .models import (
    Child,
    IdentityStatus,
    Involvement,
    InvolvementKind,
    normalise_address,
    normalise_name,
    normalise_postcode,
)

NAME_SIMILARITY = 0.8
# Saved with every partial update, so that a change writes only its own fields and never puts back
# a stale copy of the others.
TRACKING = ("modified_at", "modified_by", "version")


def involve(child: Child, user: Any, kind: str, *, by: Any, reason: str = "", source: Any = None) -> Involvement:
    """Record that `user` works with `child` (idempotent for the same kind and source)."""
    source_type = source._meta.label if source is not None else ""
    source_id = str(source.pk) if source is not None else ""
    existing = Involvement.objects.active().filter(
        child=child, user=user, kind=kind, source_type=source_type, source_id=source_id
    )
    found = existing.first()
    if found:
        return found
    involvement = Involvement(
        child=child, user=user, kind=kind, reason=reason, source_type=source_type, source_id=source_id
    )
    involvement.save_tracked(by)
    audit.created(None, involvement, user=by, detail=f"{user} involved as {involvement.get_kind_display()}")
    return involvement


def end_involvement(child: Child, user: Any, kind: str, *, by: Any, source: Any = None) -> int:
    rows = Involvement.objects.active().filter(child=child, user=user, kind=kind)
    if source is not None:
        rows = rows.filter(source_type=source._meta.label, source_id=str(source.pk))
    ended = 0
    for involvement in rows:
        involvement.ended_at = timezone.now()
        involvement.save_tracked(by)
        audit.changed(None, involvement, ["ended_at"], user=by)
        ended += 1
    return ended


@dataclass
class PossibleMatch:
    child: Child
    reasons: list[str] = field(default_factory=list)


def similar(a: str, b: str) -> bool:
    a, b = normalise_name(a), normalise_name(b)
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY)


def possible_matches(
    candidates: Any,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    postcode: str = "",
    address_line_1: str = "",
    exclude: Child | None = None,
) -> list[PossibleMatch]:
    """Children in `candidates` (already scoped to the person looking) who may be this child.

    Same date of birth with the same or a similar name, or the same address, are offered; the
    person linking decides.
    """
    postcode_key = normalise_postcode(postcode)
    query = Q(date_of_birth=date_of_birth) if date_of_birth else Q(pk__in=[])
    if postcode_key:
        query |= Q(postcode_normalised=postcode_key)
    rows = candidates.filter(query).exclude(identity_status=IdentityStatus.MERGED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    matches = []
    for child in rows[:50]:
        reasons = match_reasons(child, first_name, last_name, date_of_birth, postcode_key, address_line_1)
        if reasons:
            matches.append(PossibleMatch(child, reasons))
    return matches


def match_reasons(
    child: Child, first_name: str, last_name: str, date_of_birth: date | None, postcode_key: str, address_line_1: str
) -> list[str]:
    reasons = []
    if date_of_birth and child.date_of_birth == date_of_birth:
        names_alike = similar(child.last_name, last_name) or similar(child.first_name, first_name)
        other_names = [part for part in child.other_names.replace(",", " ").split() if part]
        known_as = any(similar(name, first_name) or similar(name, last_name) for name in other_names)
        if names_alike or known_as:
            reasons.append("same date of birth and a same or similar name")
    same_house = normalise_address(child.address_line_1) == normalise_address(address_line_1)
    if postcode_key and child.postcode_normalised == postcode_key and same_house and address_line_1:
        reasons.append("lives at the same address")
    return reasons


@transaction.atomic
def confirm_identity(child: Child, *, by: Any) -> Child:
    child.identity_status = IdentityStatus.CONFIRMED
    child.save_tracked(by, update_fields=["identity_status", *TRACKING])
    audit.changed(None, child, ["identity_status"], user=by, detail="identity confirmed as a new child record")
    return child


@transaction.atomic
def merge_into(provisional: Child, existing: Child, *, by: Any) -> Child:
    """Fold a provisional record made at intake into the existing record of the same child.

    Nothing is deleted: the provisional record stays, marked merged, for the audit trail; the
    people involved with it become involved with the existing record.
    """
    for involvement in Involvement.objects.active().filter(child=provisional):
        involve(existing, involvement.user, involvement.kind, by=by, reason=involvement.reason)
    provisional.identity_status = IdentityStatus.MERGED
    provisional.merged_into = existing
    provisional.save_tracked(by, update_fields=["identity_status", "merged_into", *TRACKING])
    audit.changed(None, provisional, ["identity_status", "merged_into"], user=by, detail=f"merged into {existing.pk}")
    return existing


def allocate(child: Child, changed: list[str], expected_version: int, *, by: Any) -> Child:
    """Save allocation changes; the newly allocated worker or lead professional becomes involved."""
    child.save_versioned(by, expected_version)
    fields = [name for name in changed if name != "version"]
    audit.changed(None, child, fields, user=by)
    if "allocated_social_worker" in fields and child.allocated_social_worker:
        involve(child, child.allocated_social_worker, InvolvementKind.ALLOCATED_WORKER, by=by, reason="allocated")
    if "lead_professional" in fields and child.lead_professional:
        involve(child, child.lead_professional, InvolvementKind.LEAD_PROFESSIONAL, by=by, reason="lead professional")
    return child
