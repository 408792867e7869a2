"""The complaints pages: a child's concerns and complaints, recording one, each step after it, and
the partnership's list for CERAR and team managers. Each view finds the record through its access
helper (scope, then permission), calls the form's service and audits what it shows."""

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cepathway.core import audit, pages
from cepathway.meetings.models import Meeting
from cepathway.policy.services import policy_for

from . import access, forms
from .models import Complaint, ComplaintStep

GET_POST = require_http_methods(["GET", "POST"])
SHOWN = 200


def child_url(child: Any) -> str:
    return reverse("complaints:child", args=[child.pk])


def detail_url(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


class Row:
    """A complaint as a list shows it: its due step and whether it is overdue, by its policy."""

    def __init__(self, complaint: Complaint, today: date) -> None:
        policy = policy_for(complaint.child.partnership_id)
        self.complaint = complaint
        self.overdue = complaint.is_overdue(policy, today)
        self.late = complaint.late_steps(policy, today)
        self.next_due = complaint.next_due(policy)


def rows_for(complaints: Any, today: date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    return [Row(complaint, today) for complaint in complaints]


def overdue_first(rows: Any, today: date, partnership_ids: Any = None) -> Any:
    """`rows` with the overdue ones first (by `ComplaintQuerySet.overdue`), each part oldest first."""
    late = rows.overdue(today, partnership_ids=partnership_ids).values("pk")
    flag = Case(When(pk__in=late, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.annotate(late_first=flag).order_by("late_first", "received_on", "created_at", "pk")


@require_GET
def child_complaints(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = access.child_for(request.user, child_id)
    complaints = list(
        access.known_to(request.user)
        .filter(child=child)
        .select_related("child", "handler", "meeting")
        .order_by("closed_on", "-received_on", "-created_at")
    )
    audit.viewed(request.user, child, detail="concerns and complaints")
    if complaints:
        audit.viewed_each(request.user, complaints, detail="the child's concerns and complaints")
    context = {
        "child": child,
        "rows": rows_for(complaints),
        "may_record": request.user.has_perm("complaints.record_complaint", child),
        "policy": policy_for(child.partnership_id),
    }
    return render(request, "complaints/child.html", context)


RECORD = pages.FormPage(
    title="Record a concern or complaint",
    submit="Record the concern",
    saved="Concern recorded. Its handler has been told.",
    audit_detail="record a concern",
    intro_template="complaints/includes/record_intro.html",
)


@GET_POST
def record(request: HttpRequest, child_id: UUID) -> HttpResponse:
    child = access.child_for(request.user, child_id, "complaints.record_complaint")
    initial: dict[str, Any] = {"handler": child.allocated_social_worker_id or child.lead_professional_id}
    meeting_id = request.GET.get("meeting")
    if meeting_id:
        meeting = Meeting.objects.visible_to(request.user).filter(child=child, pk=_uuid(meeting_id)).first()
        if meeting is not None:
            initial.update(about="meeting", meeting=meeting.pk)
    form = forms.RecordForm(request.POST or None, initial=initial, child=child, user=request.user)
    back = child_url(child)
    return pages.form_page(
        request,
        child,
        form,
        RECORD,
        done=detail_url,
        back=back,
        caption=child.full_name,
        policy=policy_for(child.partnership_id),
    )


@require_GET
def complaint_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    complaint = access.complaint_for(request.user, pk)
    steps = list(
        ComplaintStep.objects.visible_to(request.user)
        .filter(complaint=complaint)
        .select_related("created_by")
        .order_by("on", "created_at")
    )
    audit.viewed(request.user, complaint)
    policy = policy_for(complaint.child.partnership_id)
    context = {
        "complaint": complaint,
        "child": complaint.child,
        "row": Row(complaint, timezone.localdate()),
        "steps": steps,
        "policy": policy,
        "acknowledge_by": complaint.acknowledge_by(policy),
        "respond_by": complaint.respond_by(policy),
        "may_handle": request.user.has_perm(access.HANDLE, complaint),
    }
    return render(request, "complaints/detail.html", context)


def _step_page(
    request: HttpRequest, pk: UUID, form_class: type, page: pages.FormPage, refused: Any, initial: Any = None
) -> HttpResponse:
    complaint = access.complaint_for(request.user, pk, access.HANDLE)
    reason = refused(complaint)
    back = detail_url(complaint)
    if reason and not (request.method == "POST" and "version" in request.POST):
        messages.error(request, reason)
        return redirect(back)
    starting = initial(complaint) if initial else {}
    form = form_class(request.POST or None, initial={"version": complaint.version, **starting})
    policy = policy_for(complaint.child.partnership_id)
    return pages.form_page(
        request,
        complaint,
        form,
        page,
        done=back,
        back=back,
        caption=f"{complaint.child.full_name}: {complaint}",
        complaint=complaint,
        policy=policy,
        acknowledge_by=complaint.acknowledge_by(policy),
        respond_by=complaint.respond_by(policy),
    )


def _closed(complaint: Complaint) -> str:
    return f"This complaint was closed on {complaint.closed_on:%-d %B %Y}." if complaint.is_closed else ""


ACKNOWLEDGE = pages.FormPage(
    title="Acknowledge the concern",
    submit="Save",
    saved="Acknowledgement recorded.",
    audit_detail="acknowledge",
    intro_template="complaints/includes/step_intro.html",
)


@GET_POST
def acknowledge(request: HttpRequest, pk: UUID) -> HttpResponse:
    def refused(complaint: Complaint) -> str:
        return _closed(complaint) or ("This stage has been acknowledged already." if complaint.acknowledged_on else "")

    return _step_page(request, pk, forms.AcknowledgeForm, ACKNOWLEDGE, refused)


RESPOND = pages.FormPage(
    title="Record the answer",
    submit="Save the answer",
    saved="Answer recorded.",
    audit_detail="record the answer",
    intro_template="complaints/includes/step_intro.html",
)


@GET_POST
def respond(request: HttpRequest, pk: UUID) -> HttpResponse:
    def refused(complaint: Complaint) -> str:
        return _closed(complaint) or ("This stage has been answered already." if complaint.responded_on else "")

    return _step_page(request, pk, forms.RespondForm, RESPOND, refused)


ESCALATE = pages.FormPage(
    title="Make it a formal complaint",
    submit="Record the formal complaint",
    saved="Recorded as a formal complaint to the complaints service.",
    audit_detail="make a formal complaint",
    intro_template="complaints/includes/escalate_intro.html",
)


@GET_POST
def escalate(request: HttpRequest, pk: UUID) -> HttpResponse:
    def refused(complaint: Complaint) -> str:
        return _closed(complaint) or ("This is already a formal complaint." if complaint.is_formal else "")

    return _step_page(request, pk, forms.EscalateForm, ESCALATE, refused)


CLOSE = pages.FormPage(
    title="Close the concern or complaint",
    submit="Close it",
    saved="Closed.",
    audit_detail="close",
    intro_template="complaints/includes/step_intro.html",
)


@GET_POST
def close(request: HttpRequest, pk: UUID) -> HttpResponse:
    return _step_page(
        request, pk, forms.CloseForm, CLOSE, _closed, initial=lambda complaint: {"outcome": complaint.outcome}
    )


@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("complaints.view_partnership_list"):
        raise PermissionDenied
    today = timezone.localdate()
    partnership_id = request.user.partnership_id  # type: ignore[union-attr]
    scoped = access.known_to(request.user).in_partnership(partnership_id).open()
    ordered = overdue_first(scoped, today, partnership_ids=[partnership_id])
    shown = list(ordered.select_related("child", "handler", "meeting")[:SHOWN])
    audit.listed(request.user, Complaint, detail="open concerns and complaints")
    if shown:
        audit.viewed_each(request.user, shown, detail="open concerns and complaints")
    rows = rows_for(shown, today)
    context = {
        "rows": rows,
        "overdue": sum(row.overdue for row in rows),
        "more": len(shown) == SHOWN,
        "policy": policy_for(partnership_id),
    }
    return render(request, "complaints/list.html", context)


def _uuid(value: Any) -> Any:
    try:
        return UUID(str(value))
    except ValueError:
        return None
