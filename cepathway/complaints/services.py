"""Recording a concern and each step after it: acknowledge, answer, escalate to a formal complaint,
close. Each takes the acting user (`by=`), checks its rules (a refusal names its field; nothing is
saved), saves in one transaction with the version the person read (`save_versioned`), writes a
step in the complaint's history, and audits the change. Recording tells the handler."""

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.errors import ConflictError, RuleError
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify

from .models import About, Complaint, ComplaintStep, Outcome, Stage, StepKind


def _long(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def _check_day(on: date, earliest: date, field: str, what: str, after: str) -> None:
    if on > timezone.localdate():
        raise RuleError(f"The date {what} must be today or in the past", field=field)
    if on < earliest:
        raise RuleError(f"The date {what} must be the same as or after {after} ({_long(earliest)})", field=field)


def _still_open(complaint: Complaint, doing: str) -> None:
    if complaint.is_closed:
        raise ConflictError(f"This complaint was closed on {_long(complaint.closed_on)}: it cannot be {doing}.")


def _step(complaint: Complaint, kind: str, on: date, *, by: Any, note: str = "", outcome: str = "") -> ComplaintStep:
    step = ComplaintStep(complaint=complaint, kind=kind, stage=complaint.stage, on=on, note=note, outcome=outcome)
    step.save_tracked(by)
    audit.created(by, step, detail=step.get_kind_display())
    return step


def link_for(complaint: Complaint) -> str:
    return reverse("complaints:detail", args=[complaint.pk])


def record(
    child: Any,
    *,
    about: str,
    meeting: Any,
    about_detail: str,
    raised_by: str,
    raiser_name: str,
    raiser_contact: str,
    received_on: date,
    received_how: str,
    concern: str,
    handler: Any,
    by: Any,
) -> Complaint:
    """A new concern at the informal stage, for `handler` (told, unless they recorded it)."""
    if about == About.MEETING and meeting is None:
        raise RuleError("Choose the meeting the concern is about", field="meeting")
    if meeting is not None and meeting.child_id != child.pk:
        raise RuleError("Choose one of this child's meetings", field="meeting")
    if about == About.OTHER and not about_detail.strip():
        raise RuleError("Say what the concern is about", field="about_detail")
    if received_on > timezone.localdate():
        raise RuleError("The date it was received must be today or in the past", field="received_on")
    if handler is None or not handler.is_active:
        raise RuleError("Choose who will handle the concern", field="handler")
    complaint = Complaint(
        child=child,
        about=about,
        meeting=meeting if about == About.MEETING else None,
        about_detail=about_detail.strip() if about == About.OTHER else "",
        raised_by=raised_by,
        raiser_name=raiser_name.strip(),
        raiser_contact=raiser_contact.strip(),
        received_on=received_on,
        received_how=received_how,
        concern=concern,
        handler=handler,
    )
    with transaction.atomic():
        complaint.save_tracked(by)
        audit.created(by, complaint, detail="concern recorded")
        _step(complaint, StepKind.RECORDED, received_on, by=by, note=complaint.get_received_how_display())
        _tell_handler(complaint, by=by)
    return complaint


def _tell_handler(complaint: Complaint, *, by: Any) -> None:
    """The handler is told on My work and by email (never when they recorded it themselves); the
    child by initials only, the rest behind sign-in."""
    from cepathway.policy.services import policy_for

    policy = policy_for(complaint.child.partnership_id)
    acknowledge_by = complaint.acknowledge_by(policy)
    message = (
        f"A concern about the child with initials {complaint.child.initials} is yours to handle: received "
        f"{_long(complaint.received_on)}, to be acknowledged by {_long(acknowledge_by)}."
    )
    context = {
        "initials": complaint.child.initials,
        "received_on": complaint.received_on,
        "acknowledge_by": acknowledge_by,
        "respond_by": complaint.respond_by(policy),
    }
    kind = NotificationKind.NEW_ACTION
    sent = notify(
        complaint.handler,
        kind,
        message,
        link_for(complaint),
        email_stem="complaints/email/new_concern",
        email_context=context,
        by=by,
    )
    if sent:
        audit.sent(by, complaint, detail=f"told the handler, {complaint.handler}")


def acknowledge(complaint: Complaint, *, on: date, note: str = "", expected_version: int, by: Any) -> Complaint:
    """The person who raised it has been told it was received (at the current stage)."""
    _still_open(complaint, "acknowledged")
    if complaint.acknowledged_on is not None:
        raise ConflictError(f"This stage was acknowledged on {_long(complaint.acknowledged_on)} already.")
    _check_day(on, complaint.stage_started_on, "acknowledged_on", "it was acknowledged", _started(complaint))
    with transaction.atomic():
        complaint.acknowledged_on = on
        complaint.save_versioned(by, expected_version)
        audit.changed(by, complaint, ["acknowledged_on"])
        _step(complaint, StepKind.ACKNOWLEDGED, on, by=by, note=note)
    return complaint


def respond(
    complaint: Complaint, *, on: date, response: str, outcome: str, expected_version: int, by: Any
) -> Complaint:
    """The answer given at the current stage, and its outcome (an answer also acknowledges)."""
    _still_open(complaint, "answered")
    if complaint.responded_on is not None:
        raise ConflictError(f"This stage was answered on {_long(complaint.responded_on)} already.")
    _check_day(on, complaint.stage_started_on, "responded_on", "it was answered", _started(complaint))
    if outcome == Outcome.RESOLVED_INFORMALLY and complaint.is_formal:
        raise RuleError(
            "A formal complaint is not resolved informally: choose the complaints service's outcome", field="outcome"
        )
    with transaction.atomic():
        fields = ["responded_on", "response", "outcome"]
        if complaint.acknowledged_on is None:
            complaint.acknowledged_on = on
            fields.append("acknowledged_on")
        complaint.responded_on = on
        complaint.response = response
        complaint.outcome = outcome
        complaint.save_versioned(by, expected_version)
        audit.changed(by, complaint, fields)
        _step(complaint, StepKind.RESPONDED, on, by=by, note=response, outcome=outcome)
    return complaint


def escalate(complaint: Complaint, *, on: date, sent: str, reference: str, expected_version: int, by: Any) -> Complaint:
    """The concern goes to the council's complaints service as a formal complaint: the formal
    stage's clock starts on `on`, and its acknowledgement and answer are asked for afresh."""
    _still_open(complaint, "made a formal complaint")
    if complaint.is_formal:
        raise ConflictError(f"This is already a formal complaint (since {_long(complaint.escalated_on)}).")
    _check_day(on, complaint.received_on, "escalated_on", "it was sent", "the day it was received")
    with transaction.atomic():
        complaint.stage = Stage.FORMAL
        complaint.escalated_on = on
        complaint.sent_to_service = sent
        complaint.service_reference = reference.strip()
        complaint.acknowledged_on = None
        complaint.responded_on = None
        complaint.response = ""
        complaint.outcome = ""
        complaint.save_versioned(by, expected_version)
        fields = ["stage", "escalated_on", "sent_to_service", "service_reference", "acknowledged_on", "responded_on"]
        audit.changed(by, complaint, fields, detail="made a formal complaint")
        note = sent + (f"\nComplaints service reference: {complaint.service_reference}" if reference.strip() else "")
        _step(complaint, StepKind.ESCALATED, on, by=by, note=note)
    return complaint


def close(complaint: Complaint, *, on: date, outcome: str, note: str, expected_version: int, by: Any) -> Complaint:
    """Nothing more is to be done: closed with its outcome (withdrawn needs no answer first)."""
    _still_open(complaint, "closed again")
    _check_day(
        on,
        complaint.responded_on or complaint.stage_started_on,
        "closed_on",
        "it was closed",
        "the day it was answered" if complaint.responded_on else _started(complaint),
    )
    if not outcome:
        raise RuleError("Choose the outcome", field="outcome")
    if outcome == Outcome.RESOLVED_INFORMALLY and complaint.is_formal:
        raise RuleError(
            "A formal complaint is not resolved informally: choose the complaints service's outcome", field="outcome"
        )
    if complaint.responded_on is None and outcome != Outcome.WITHDRAWN:
        raise RuleError("Record the answer before closing, unless the concern was withdrawn", field="outcome")
    with transaction.atomic():
        complaint.closed_on = on
        complaint.outcome = outcome
        complaint.save_versioned(by, expected_version)
        audit.changed(by, complaint, ["closed_on", "outcome"])
        _step(complaint, StepKind.CLOSED, on, by=by, note=note, outcome=outcome)
    return complaint


def _started(complaint: Complaint) -> str:
    return "the day it was sent to the complaints service" if complaint.is_formal else "the day it was received"
