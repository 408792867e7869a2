"""Rules about children: involvement (who may see them) and finding possible duplicates."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.db import transaction
from django.db.models import ManyToOneRel, Q
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.models import TrackedModel

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
    audit.created(by, involvement, detail=f"{user} involved as {involvement.get_kind_display()}")
    return involvement


def involve_each(
    children: Sequence[Child], users: Sequence[Any], kind: str, *, by: Any, reason: str, source: Any
) -> int:
    """`involve` every one of `users` with every one of `children` through `source` (a Level 2
    meeting and its agenda, say), together: one query for who is involved through it already, one
    insert for the rest and one for their audit. Returns how many involvements were made."""
    source_type, source_id = source._meta.label, str(source.pk)
    through_source = Involvement.objects.active().filter(kind=kind, source_type=source_type, source_id=source_id)
    already = set(through_source.filter(user__in=users).values_list("child_id", "user_id"))
    made = [
        Involvement(child=child, user=user, kind=kind, reason=reason, source_type=source_type, source_id=source_id)
        for user in users
        for child in children
        if (child.pk, user.pk) not in already
    ]
    for involvement in made:
        involvement.stamp(by)
    Involvement.objects.bulk_create(made, batch_size=audit.BULK_BATCH)
    audit.created_each(
        by, made, detail=lambda involvement: f"{involvement.user} involved as {involvement.get_kind_display()}"
    )
    return len(made)


def end_involvement(child: Child, user: Any, kind: str, *, by: Any, source: Any = None) -> int:
    rows = Involvement.objects.active().filter(child=child, user=user, kind=kind)
    if source is not None:
        rows = rows.filter(source_type=source._meta.label, source_id=str(source.pk))
    return _end(rows, by)


def end_involvements_through(
    source: Any, *, by: Any, child: Child | None = None, users: Iterable[Any] | None = None
) -> int:
    """End the sight that `source` (a meeting, a Level 2 meeting) gave: all of it, or only of `child`
    or of `users`."""
    rows = Involvement.objects.active().filter(source_type=source._meta.label, source_id=str(source.pk))
    if child is not None:
        rows = rows.filter(child=child)
    if users is not None:
        rows = rows.filter(user__in=list(users))
    return _end(rows, by)


def end_involvements_of_kind(child: Child, kinds: Iterable[str], *, by: Any) -> int:
    """End everyone's involvement of these kinds with `child`, whatever gave it."""
    return _end(Involvement.objects.active().filter(child=child, kind__in=list(kinds)), by)


def _end(rows: Any, by: Any) -> int:
    """End these involvements together: one read, one update and one audit statement however many."""
    ending = list(rows)
    now = timezone.now()
    for involvement in ending:
        involvement.ended_at = now
        involvement.stamp(by)
        involvement.version += 1
    tracked = ["ended_at", "modified_at", "modified_by", "version"]
    Involvement.objects.bulk_update(ending, tracked, batch_size=audit.BULK_BATCH)
    audit.changed_each(by, ending, ["ended_at"])
    return len(ending)


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
    audit.changed(by, child, ["identity_status"], detail="identity confirmed as a new child record")
    return child


@transaction.atomic
def merge_into(provisional: Child, existing: Child, *, by: Any) -> Child:
    """Fold a provisional record made at intake into the existing record of the same child.

    Nothing is deleted: the provisional record stays, marked merged, for the audit trail. Everything
    about the child held on it (every referral, every involvement, whatever a higher app records
    against a child) moves to the existing record, each move audited: the merged record is hidden,
    so nothing may stay behind on it. An involvement the existing record already has is moved ended.
    """
    now = timezone.now()
    for relation in Child._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ManyToOneRel) or relation.related_model is Child:
            continue  # only the records about a child; a record merged into this one stays merged into it
        name = relation.field.name
        for row in relation.related_model._base_manager.filter(**{name: provisional}).order_by("pk"):
            setattr(row, name, existing)
            changed = [name]
            if isinstance(row, Involvement) and row.ended_at is None:
                twin = Involvement.objects.active().filter(child=existing, user=row.user_id, kind=row.kind)
                if twin.filter(source_type=row.source_type, source_id=row.source_id).exists():
                    row.ended_at = now  # the existing record has it already: keep one active involvement
                    changed.append("ended_at")
            if isinstance(row, TrackedModel):
                row.save_tracked(by, update_fields=[*changed, *TRACKING])
            else:
                row.save(update_fields=changed)
            detail = f"moved to {existing.pk} from the merged record {provisional.pk}"
            audit.changed(by, row, changed, detail=detail)
    provisional.identity_status = IdentityStatus.MERGED
    provisional.merged_into = existing
    provisional.save_tracked(by, update_fields=["identity_status", "merged_into", *TRACKING])
    audit.changed(by, provisional, ["identity_status", "merged_into"], detail=f"merged into {existing.pk}")
    return existing


# The child's fields naming the person who works with them in a role, and the involvement it gives.
WORKER_FIELDS = {
    "allocated_social_worker": InvolvementKind.ALLOCATED_WORKER,
    "lead_professional": InvolvementKind.LEAD_PROFESSIONAL,
}


def allocate(child: Child, changed: list[str], expected_version: int, *, by: Any) -> Child:
    """Save allocation changes; the newly allocated worker or lead professional becomes involved,
    and the one they replace no longer sees the child through that role."""
    fields = [name for name in changed if name != "version"]
    before = Child.objects.filter(pk=child.pk).values(*[f"{name}_id" for name in WORKER_FIELDS]).get()
    child.save_versioned(by, expected_version)
    audit.changed(by, child, fields)
    for name in WORKER_FIELDS:
        if name in fields:
            hand_over(child, name, previous_id=before[f"{name}_id"], by=by, reason="allocated")
    return child


def hand_over(child: Child, field_name: str, *, previous_id: Any, by: Any, reason: str) -> None:
    """`child.<field_name>` now names someone else: involve them, and end the previous person's sight
    through that role (they keep any other involvement they have)."""
    kind = WORKER_FIELDS[field_name]
    current = getattr(child, field_name)
    if previous_id is not None and (current is None or current.pk != previous_id):
        end_involvement(child, previous_id, kind, by=by)
    if current is not None:
        involve(child, current, kind, by=by, reason=reason)
