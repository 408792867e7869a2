"""The one way the registers' pages and API operations reach what they show: scope and role in
one call. Anyone outside the register roles, and anyone but a handler where a page changes
something, is told "not found" (an audited 404), never "forbidden": it does not confirm a record
exists."""

from typing import Any
from uuid import UUID

from django.http import Http404

from cepathway.core import audit
from cepathway.core.scoping import get_visible_or_404
from cepathway.intelligence.models import REGISTER_MODELS, Merge, NodeKind, is_handler, sees_registers

from . import decisions, records


def refuse_unless_register_role(user: Any, model: Any) -> None:
    if not sees_registers(user):
        audit.denied(user, model, "", detail="not a register role")
        raise Http404("Not found.")


def refuse_unless_handler(user: Any, model: Any) -> None:
    if not is_handler(user):
        audit.denied(user, model, "", detail="not a handler")
        raise Http404("Not found.")


def model_for_kind(kind: str) -> Any:
    """The register a kind names, by its address word (`persons`) or its node kind (`person`)."""
    if kind in REGISTER_MODELS:
        return REGISTER_MODELS[kind]
    return records.model_for_path(kind)


def record_for(user: Any, kind: str, pk: UUID | str) -> Any:
    return records.record_for(user, model_for_kind(kind), pk)


def handler_record(user: Any, kind: str, pk: UUID | str) -> Any:
    """The record for a page that changes it: handlers only."""
    model = model_for_kind(kind)
    rows = records.reachable_rows(user, model) if is_handler(user) else model.objects.none()
    return get_visible_or_404(user, model, rows, pk=pk)


def merge_for(user: Any, pk: UUID | str) -> Merge:
    rows = Merge.objects.filter(partnership_id=user.partnership_id) if is_handler(user) else Merge.objects.none()
    return get_visible_or_404(user, Merge, rows, pk=pk)


def part_for(user: Any, kind: str, pk: UUID | str) -> tuple[Any, decisions.PartKind]:
    """A submission's person, place, vehicle or phone, for its handler to match."""
    if kind not in decisions.PART_KINDS:
        raise Http404("No such part of a submission.")
    part_kind = decisions.PART_KINDS[kind]
    model = part_kind.model
    rows = model.objects.visible_to(user) if is_handler(user) else model.objects.none()
    part: Any = get_visible_or_404(user, model, rows.select_related("submission__partnership"), pk=pk)
    return part, part_kind


def network_root(user: Any, kind: str, pk: UUID | str) -> Any:
    """The child or register record whose network is asked for."""
    from cepathway.children.access import child_for
    from cepathway.children.models import Child

    if kind == NodeKind.CHILD:
        if not sees_registers(user):
            audit.denied(user, Child, pk, detail="network: not a register role")
            raise Http404("Not found.")
        return child_for(user, pk)
    if kind not in REGISTER_MODELS:
        raise Http404("No such register.")
    return records.record_for(user, REGISTER_MODELS[kind], pk)
