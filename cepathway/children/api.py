"""Children through the JSON API: the records you may see, and a child's chronology."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Router, Schema

from cepathway.core import audit
from cepathway.core.scoping import get_visible_or_404, visible_to
from cepathway.people.types import AuthedRequest

from . import chronology
from .models import Child

router = Router(tags=["children"])


class ChildOut(Schema):
    id: UUID
    first_name: str
    last_name: str
    date_of_birth: date
    ce_status: str
    open_to_childrens_services: bool
    identity_status: str


class EntryOut(Schema):
    at: datetime
    kind: str
    title: str
    detail: str
    by: str


@router.get("", response=list[ChildOut], summary="Children you may see")
def list_children(request: AuthedRequest, q: str = "") -> Any:
    rows = visible_to(request.user, Child)
    if q:
        rows = rows.filter(last_name__icontains=q[:100])
    audit.listed(request.user, Child, detail=f"search={q!r}" if q else "")
    return list(rows[:200])


@router.get("/{uuid:pk}", response=ChildOut, summary="One child's record")
def get_child(request: AuthedRequest, pk: UUID) -> Any:
    child = get_visible_or_404(request.user, Child, pk=pk)
    audit.viewed(request.user, child)
    return child


@router.get("/{uuid:pk}/chronology", response=list[EntryOut], summary="One child's chronology")
def get_chronology(request: AuthedRequest, pk: UUID) -> Any:
    child = get_visible_or_404(request.user, Child, pk=pk)
    audit.viewed(request.user, child, detail="chronology")
    return chronology.timeline(child, request.user)
