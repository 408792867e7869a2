"""Telling the child's allocated social worker when an NRM decision is recorded (through
cepathway.notifications, as meetings' notices do): once per change, never the person who recorded
it. The message names the child by initials and which decision was recorded, not what it was: the
decision itself is behind sign-in, on the child's NRM page."""

from typing import Any

from django.urls import reverse

from cepathway.core import audit
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify

from .models import NrmReferral

STAGES = {"reasonable_grounds": "reasonable grounds", "conclusive_grounds": "conclusive grounds"}
# notifications has no kind of its own for an NRM decision yet; a decision is news the worker must
# act on, as a new alert is (see docs/nrm.md).
KIND = NotificationKind.NEW_ALERT


def decision_recorded(referral: NrmReferral, stages: list[str], *, by: Any) -> None:
    child = referral.child
    worker = child.allocated_social_worker
    if worker is None:
        return
    which = " and ".join(STAGES[stage] for stage in stages)
    plural = "decisions were" if len(stages) > 1 else "decision was"
    message = f"An NRM {which} {plural} recorded on the referral about the child with initials {child.initials}."
    link = reverse("nrm:child", args=[child.pk])
    context = {"initials": child.initials, "which": which, "plural": plural}
    if notify(worker, KIND, message, link, email_stem="nrm/email/decision_recorded", email_context=context, by=by):
        audit.sent(by, referral, detail=f"NRM decision recorded: told {worker}")
