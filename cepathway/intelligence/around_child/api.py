"""This part's API operations; cepathway/intelligence/api.py gathers every part's router."""

from typing import Any, Literal
from uuid import UUID

from ninja import Field, Router, Status

from cepathway.children import access as children_access
from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.api_support import In, PageOut, cursor_parameter, limit_parameter, paged, responds, validated
from cepathway.meetings import access as meetings_access
from cepathway.people.types import AuthedRequest

from ..models import IntelligenceAlert
from . import forms, level2, sharing
from .access import sharing_for
from .rules import RECORD_SHARING
from .schemas import AlertOut, ConcernOut, SharingOut

router = Router()


@router.get(
    "/level2/{month}/concerns/{kind}",
    response=responds(PageOut[ConcernOut], 403, 404, 422),
    summary="Persons (or places) of concern linked to the children on a Level 2 agenda you may see",
)
def level2_concerns(
    request: AuthedRequest,
    month: str,
    kind: Literal["person", "place"],
    cursor: str = cursor_parameter(),
    limit: int = limit_parameter(),
) -> Any:
    """A page at a time by name, each with the children on this agenda it is linked to, the graded
    intelligence new since the last Level 2 (sanitised unless you may read it in full), its
    disruption and the panel's actions: send `next` as `cursor`."""
    level2_meeting = meetings_access.level2_for(request.user, month, "meetings.view_level2")
    records = level2.concerns(kind, level2_meeting, request.user)
    page = paged(records, level2.SORTS[kind].fields, cursor=cursor, limit=limit)
    rows = level2.detailed(kind, page["items"], level2_meeting, request.user, level2.since_previous(level2_meeting))
    level2.audit_shown(request.user, rows)
    return {"items": rows, "next": page["next"]}


@router.get("/alerts", response=responds(PageOut[AlertOut], 422), summary="Your alerts of new graded information")
def my_alerts(request: AuthedRequest, cursor: str = cursor_parameter(), limit: int = limit_parameter()) -> Any:
    """Alerts told to you about children you may still see, newest first: each says only that new
    graded information links to the child; open the child's record to see what you may."""
    children = Child.objects.visible_to(request.user).values("pk")
    rows = IntelligenceAlert.objects.filter(recipient=request.user, child__in=children).select_related("child")
    audit.listed(request.user, IntelligenceAlert, detail="my alerts of new graded information")
    return paged(rows, ["-sent_at"], cursor=cursor, limit=limit)


@router.get(
    "/children/{uuid:child_id}/sharing",
    response=responds(list[SharingOut], 404, 422),
    summary="What may be shared with the child's family (withdrawn decisions last)",
)
def sharing_list(request: AuthedRequest, child_id: UUID) -> Any:
    child = children_access.child_for(request.user, child_id)
    decisions = list(sharing.decisions_for(child, request.user))
    audit.viewed(request.user, child, detail="what may be shared with the family")
    audit.viewed_each(request.user, decisions, detail="what may be shared with the family")
    return decisions


class SharingIn(In):
    what: str = Field(description="In the words the family will hear; never who gave the information")
    with_whom: str
    why: str
    handling_conditions: str = ""
    person_id: UUID | None = Field(None, description="A person of concern linked to the child")
    place_id: UUID | None = Field(None, description="A place of concern linked to the child")


@router.post(
    "/children/{uuid:child_id}/sharing",
    response=responds(SharingOut, 403, 404, 413, 422, status=201),
    summary="Record what may be shared with the child's family (CERAR, allocated social worker, lead professional)",
)
def sharing_new(request: AuthedRequest, child_id: UUID, payload: SharingIn) -> Any:
    child = children_access.child_for(request.user, child_id, RECORD_SHARING)
    form = validated(forms.SharingForm, payload.dict(), child=child, user=request.user)
    return Status(201, form.submit(child, by=request.user))


class SharingWithdrawIn(In):
    version: int = Field(description="The version you read")


@router.post(
    "/sharing/{uuid:pk}/withdraw",
    response=responds(SharingOut, 403, 404, 409, 413, 422),
    summary="Withdraw what may be shared with a child's family",
)
def sharing_withdraw(request: AuthedRequest, pk: UUID, payload: SharingWithdrawIn) -> Any:
    decision = sharing_for(request.user, pk, RECORD_SHARING)
    return validated(forms.WithdrawForm, payload.dict()).submit(decision, by=request.user)
