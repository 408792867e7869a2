"""Triage as an explicit state machine.

    contact form ─► SUBMITTED ──hub assessment──► AWAITING_DECISION ──decision──► LEVEL1_REQUIRED
                        │ (no CE concern)                ▲                  └──► ENDED
                        └──────────────► ENDED           │
    consultation ─► CONSULTATION_REQUESTED ──consultation┘

Each step may leave only from its own status, so a referral cannot skip a step or be decided
twice: the move is a conditional update that fails when somebody else moved it first.
"""

from typing import Any

from django.utils import timezone

from cepathway.core.errors import ConflictError

from .models import Referral, ReferralStatus, TriageEvent

S = ReferralStatus

STEPS: dict[str, tuple[str | None, frozenset[str]]] = {
    "submit_contact": (None, frozenset({S.SUBMITTED})),
    "request_consultation": (None, frozenset({S.CONSULTATION_REQUESTED})),
    "hub_assessment": (S.SUBMITTED, frozenset({S.AWAITING_DECISION, S.ENDED})),
    "consultation": (S.CONSULTATION_REQUESTED, frozenset({S.AWAITING_DECISION})),
    "decision": (S.AWAITING_DECISION, frozenset({S.ENDED, S.LEVEL1_REQUIRED})),
}


class TriageError(ConflictError):
    """The step does not apply to the referral as it now stands. Nothing was saved."""


def can_take(referral: Referral, step: str) -> bool:
    return STEPS[step][0] == referral.status


def start(referral: Referral, step: str, *, by: Any, note: str = "") -> TriageEvent:
    origin, targets = STEPS[step]
    if origin is not None:
        raise TriageError(f"{step} is not a first step")
    (referral.status,) = targets
    referral.save_tracked(by)
    return _event(referral, "", step, by, note)


def move(referral: Referral, step: str, to: str, *, by: Any, note: str = "", **changes: Any) -> TriageEvent:
    """Take `step`, moving the referral to status `to` and saving `changes` with it, or refuse."""
    origin, targets = STEPS[step]
    if to not in targets:
        raise TriageError(f"{step} cannot lead to {to}")
    if origin is None or referral.status != origin:
        raise TriageError(refusal(referral, step))
    now = timezone.now()
    updated = Referral.objects.filter(pk=referral.pk, status=origin, version=referral.version).update(
        status=to, version=referral.version + 1, modified_at=now, modified_by=by, **changes
    )
    if updated != 1:
        raise TriageError("Someone else has already moved this referral on. Nothing was saved; reload to see it.")
    referral.refresh_from_db()
    return _event(referral, origin, step, by, note)


def _event(referral: Referral, origin: str, step: str, by: Any, note: str) -> TriageEvent:
    event = TriageEvent(referral=referral, from_status=origin, to_status=referral.status, step=step, note=note)
    event.save_tracked(by)
    return event


def refusal(referral: Referral, step: str) -> str:
    if referral.status in {S.ENDED, S.LEVEL1_REQUIRED}:
        return f"This referral has already been decided ({referral.get_status_display().lower()})."
    return f"This referral is {referral.get_status_display().lower()}; that step is not open to it."
