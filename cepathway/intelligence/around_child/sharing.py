"""What police information may be shared with a child's family (the seeds promise parents they will
be kept up to date on what can be shared about persons of concern and risky places): recorded by
CERAR or the child's allocated social worker or lead professional, with what, with whom, who
decided, why and the handling conditions that allow it; changed with versioned saves, withdrawn
(never deleted). Every change is audited here, in the transaction that makes it."""

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.errors import RuleError

from ..models import Link, NodeKind, PersonOfConcern, PlaceOfConcern, SharingDecision

EDITABLE = ("what", "with_whom", "why", "handling_conditions", "person_id", "place_id")


def current_for(child: Child, user: Any) -> QuerySet[SharingDecision]:
    """What may be shared now about `child`, as `user` may see it (none if they may not see the child)."""
    return decisions_for(child, user).current()


def decisions_for(child: Child, user: Any) -> Any:
    return (
        SharingDecision.objects.visible_to(user)
        .filter(child=child)
        .select_related("decided_by", "person", "place")
        .order_by("withdrawn_at", "-decided_on", "-created_at")
    )


def shared_with_family(child: Child) -> list[SharingDecision]:
    """For the family summary (already shown only to those who may see the child's meeting)."""
    rows = SharingDecision.objects.current().filter(child=child).select_related("decided_by__agency")
    return list(rows.order_by("decided_on", "created_at"))


def linked_records(model: type[PersonOfConcern] | type[PlaceOfConcern], child: Child, user: Any) -> QuerySet[Any]:
    """The persons (or places) of concern linked to `child` that `user` may see, to choose from."""
    kind = model.node_kind
    to_child = Link.objects.current().filter(
        Q(a_kind=kind, a_id=OuterRef("pk"), b_kind=NodeKind.CHILD, b_id=child.pk)
        | Q(b_kind=kind, b_id=OuterRef("pk"), a_kind=NodeKind.CHILD, a_id=child.pk)
    )
    return model.objects.visible_to(user).filter(Exists(to_child))


def record(child: Child, *, by: Any, **fields: Any) -> SharingDecision:
    _check(fields)
    decision = SharingDecision(child=child, decided_by=by, decided_on=timezone.localdate(), **fields)
    with transaction.atomic():
        decision.save_tracked(by)
        audit.created(by, decision, detail="what may be shared with the family")
    return decision


def change(decision: SharingDecision, *, by: Any, expected_version: int, **fields: Any) -> SharingDecision:
    if decision.withdrawn_at is not None:
        raise RuleError("This decision has been withdrawn: record a new one instead", field="what")
    _check(fields)
    before = audit.snapshot(decision, EDITABLE)
    for name, value in fields.items():
        setattr(decision, name, value)
    with transaction.atomic():
        decision.save_versioned(by, expected_version)
        changed = audit.changed_fields(before, audit.snapshot(decision, EDITABLE))
        audit.changed(by, decision, changed, detail="what may be shared with the family")
    return decision


def withdraw(decision: SharingDecision, *, by: Any, expected_version: int) -> SharingDecision:
    if decision.withdrawn_at is not None:
        raise RuleError("This decision is already withdrawn", field="version")
    decision.withdrawn_at = timezone.now()
    with transaction.atomic():
        decision.save_versioned(by, expected_version)
        audit.changed(by, decision, ["withdrawn_at"], detail="withdrew what may be shared with the family")
    return decision


def _check(fields: dict[str, Any]) -> None:
    for name, words in (("what", "what may be shared"), ("with_whom", "who it may be shared with"), ("why", "why")):
        if not str(fields.get(name, "")).strip():
            raise RuleError(f"Enter {words}", field=name)
