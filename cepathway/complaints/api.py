"""The complaints API (mounted at /api/complaints): a child's complaints, recording one, each step,
and the partnership's overdue list. The same access helpers, forms, services and audit as the pages."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from cepathway.core import audit
from cepathway.core.api_support import Extended, In, responds, validated
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for

from . import access, forms
from .models import Complaint
from .views import SHOWN, overdue_first

router = Router(tags=["complaints"])


class ComplaintOut(Schema):
    """A concern or complaint, with its current stage's due dates by the partnership's policy."""

    id: UUID
    child_id: UUID
    about: str = Field(description="meeting, safety_plan or other")
    meeting_id: UUID | None
    about_detail: str
    raised_by: str = Field(description="parent_carer, child or on_behalf")
    raiser_name: str
    raiser_contact: str
    received_on: dt.date
    received_how: str = Field(description="in_person, phone, email or letter")
    concern: str
    stage: str = Field(description="informal or formal")
    handler_id: UUID
    handler: str
    acknowledged_on: dt.date | None
    responded_on: dt.date | None
    response: str
    outcome: str = Field(description="resolved_informally, upheld, partly_upheld, not_upheld, withdrawn, or empty")
    escalated_on: dt.date | None
    sent_to_service: str
    service_reference: str
    closed_on: dt.date | None
    acknowledge_by: dt.date | None = Field(description="Null once closed.")
    respond_by: dt.date | None = Field(description="Null once closed.")
    overdue: bool
    version: int

    @staticmethod
    def resolve_handler(obj: Any) -> str:
        return str(obj.handler.display_name)


def out(complaint: Complaint) -> Extended:
    policy = policy_for(complaint.child.partnership_id)
    closed = complaint.is_closed
    return Extended(
        complaint,
        acknowledge_by=None if closed else complaint.acknowledge_by(policy),
        respond_by=None if closed else complaint.respond_by(policy),
        overdue=complaint.is_overdue(policy),
    )


@router.get(
    "/children/{uuid:child_id}",
    response=responds(list[ComplaintOut], 403, 404, 422),
    summary="A child's concerns and complaints",
)
def child_complaints(request: AuthedRequest, child_id: UUID) -> Any:
    child = access.child_for(request.user, child_id)
    rows = list(
        access.known_to(request.user)
        .filter(child=child)
        .select_related("child", "handler")
        .order_by("-received_on", "-created_at")
    )
    audit.viewed(request.user, child, detail="concerns and complaints")
    if rows:
        audit.viewed_each(request.user, rows, detail="the child's concerns and complaints")
    return [out(row) for row in rows]


class ComplaintIn(In):
    about: str = Field(description="meeting, safety_plan or other")
    meeting_id: UUID | None = Field(None, description="For about=meeting: one of the child's meetings.")
    about_detail: str = Field("", description="For about=other: what it is about.")
    raised_by: str = Field(description="parent_carer, child or on_behalf")
    raiser_name: str
    raiser_contact: str = ""
    received_on: dt.date | str
    received_how: str = Field(description="in_person, phone, email or letter")
    concern: str
    handler_id: UUID = Field(
        description="The social worker, lead professional, team manager or CERAR lead handling it."
    )


@router.post(
    "/children/{uuid:child_id}",
    response=responds(ComplaintOut, 403, 404, 413, 422, status=201),
    summary="Record a concern or complaint",
)
def record(request: AuthedRequest, child_id: UUID, payload: ComplaintIn) -> Any:
    child = access.child_for(request.user, child_id, "complaints.record_complaint")
    form = validated(forms.RecordForm, payload.dict(), child=child, user=request.user)
    return Status(201, out(form.submit(child, by=request.user)))


@router.get("/overdue", response=responds(list[ComplaintOut], 403), summary="Overdue concerns and complaints")
def overdue(request: AuthedRequest) -> Any:
    """The partnership's open complaints past a due date (CERAR and team managers), oldest first."""
    if not request.user.has_perm("complaints.view_partnership_list"):
        raise PermissionDenied
    partnership_id = request.user.partnership_id
    rows = access.known_to(request.user).in_partnership(partnership_id)
    late = rows.overdue(partnership_ids=[partnership_id])
    shown = list(overdue_first(late, timezone.localdate(), [partnership_id]).select_related("child", "handler")[:SHOWN])
    audit.listed(request.user, Complaint, detail="overdue concerns and complaints")
    if shown:
        audit.viewed_each(request.user, shown, detail="overdue concerns and complaints")
    return [out(row) for row in shown]


@router.get("/{uuid:pk}", response=responds(ComplaintOut, 403, 404, 422), summary="One concern or complaint")
def one(request: AuthedRequest, pk: UUID) -> Any:
    complaint = access.complaint_for(request.user, pk)
    audit.viewed(request.user, complaint)
    return out(complaint)


VERSION = Field(description="The version you read: a save by someone else since is refused (409).")


class AcknowledgeIn(In):
    version: int = VERSION
    acknowledged_on: dt.date | str
    note: str = ""


class RespondIn(In):
    version: int = VERSION
    responded_on: dt.date | str
    response: str
    outcome: str = Field(
        description="resolved_informally (informal stage only), upheld, partly_upheld, not_upheld or withdrawn"
    )


class EscalateIn(In):
    version: int = VERSION
    escalated_on: dt.date | str
    sent: str = Field(description="What was sent to the complaints service, and how.")
    reference: str = ""


class CloseIn(In):
    version: int = VERSION
    closed_on: dt.date | str
    outcome: str
    note: str = ""


STEP = responds(ComplaintOut, 403, 404, 409, 413, 422)


def _step(request: AuthedRequest, pk: UUID, form_class: type, payload: Schema) -> Any:
    complaint = access.complaint_for(request.user, pk, access.HANDLE)
    validated(form_class, payload.dict()).submit(complaint, by=request.user)
    return out(complaint)


@router.post("/{uuid:pk}/acknowledge", response=STEP, summary="Record the acknowledgement")
def acknowledge(request: AuthedRequest, pk: UUID, payload: AcknowledgeIn) -> Any:
    return _step(request, pk, forms.AcknowledgeForm, payload)


@router.post("/{uuid:pk}/respond", response=STEP, summary="Record the answer and its outcome")
def respond(request: AuthedRequest, pk: UUID, payload: RespondIn) -> Any:
    return _step(request, pk, forms.RespondForm, payload)


@router.post("/{uuid:pk}/escalate", response=STEP, summary="Record it as a formal complaint to the complaints service")
def escalate(request: AuthedRequest, pk: UUID, payload: EscalateIn) -> Any:
    return _step(request, pk, forms.EscalateForm, payload)


@router.post("/{uuid:pk}/close", response=STEP, summary="Close it with its outcome")
def close(request: AuthedRequest, pk: UUID, payload: CloseIn) -> Any:
    return _step(request, pk, forms.CloseForm, payload)
