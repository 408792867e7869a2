"""What referrals put on each person's "my work" page and on a child's chronology."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from cepathway.children.chronology import Entry, newest
from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.scoping import visible_to
from cepathway.core.work import Panel
from cepathway.people.types import AuthedRequest
from cepathway.ui.listing import count_up_to

from . import progress
from .models import Referral, ReferralStatus, TriageEvent, Urgency

LIST_TEMPLATE = "referrals/panels/referral_table.html"
SHOWN = 25


def _rows(request: AuthedRequest) -> Any:
    return visible_to(request.user, Referral).select_related("child", "referrer_agency")


def _panel(request: AuthedRequest, title: str, rows: Any, order: int, empty: str, status: str = "") -> Panel:
    """The first SHOWN of `rows`, saying how many there are and linking to the Referrals page (with
    `status`, filtered by it) for them all."""
    audit.listed(request.user, Referral, detail=title)
    shown = progress.follow(rows[:SHOWN])
    total = count_up_to(rows)  # even when all are shown: the same queries whatever the caseload
    everything = reverse("referrals:list") + (f"?status={status}" if status else "")
    context = {"referrals": shown, "empty": empty, "total": total, "more_url": everything}
    return Panel(title, LIST_TEMPLATE, context, order)


def my_referrals(request: AuthedRequest) -> Panel | None:
    if not request.user.has_perm("referrals.submit_contact"):
        return None
    rows = _rows(request).filter(referrer=request.user)
    if not rows.exists() and request.user.sees_whole_partnership:
        return None
    return _panel(request, "My referrals", rows, 50, "You have not made a referral yet.")


def hub_queue(request: AuthedRequest) -> Panel | None:
    if not request.user.has_perm("referrals.record_hub_assessment"):
        return None
    priority_first = Case(When(urgency=Urgency.PRIORITY, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = _rows(request).filter(status=ReferralStatus.SUBMITTED).order_by(priority_first, "created_at")
    return _panel(
        request, "Safeguarding hub queue", rows, 10, "Nothing is waiting for the hub.", ReferralStatus.SUBMITTED
    )


def cerar_decisions(request: AuthedRequest) -> Panel | None:
    if not request.user.has_perm("referrals.decide"):
        return None
    waiting = [ReferralStatus.AWAITING_DECISION, ReferralStatus.CONSULTATION_REQUESTED]
    rows = _rows(request).filter(status__in=waiting).order_by("created_at")
    return _panel(request, "Decisions and consultations waiting for CERAR", rows, 10, "Nothing is waiting for you.")


# The newest time at which a referral makes an entry: made, then decided.
REFERRAL_LAST_ENTRY = Greatest("created_at", Coalesce("decided_at", "created_at"))


def referral_entries(child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]:
    """Referrals about `child`, their decisions and (for those who may see it) their triage, for the
    timeline; given `latest`, only the newest `latest` rows of each."""
    referrals = visible_to(user, Referral).filter(child=child).select_related("referrer_agency")
    detail = user.has_perm("referrals.view_triage_detail")
    for referral in newest(referrals, latest, REFERRAL_LAST_ENTRY):
        link = ("referrals:detail", referral.pk)
        yield Entry(
            referral.created_at,
            "referral",
            f"{referral.get_route_display()}: {referral.reference}",
            f"From {referral.referrer_agency}",
            link=link,
        )
        if referral.decided_at:
            yield Entry(
                referral.decided_at,
                "decision",
                f"Decision on {referral.reference}",
                referral.get_status_display(),
                link=link,
            )
    if detail:
        events = visible_to(user, TriageEvent).filter(
            referral__child=child, step__in=["hub_assessment", "consultation"]
        )
        for event in newest(events.select_related("referral"), latest, "created_at"):
            yield Entry(
                event.created_at,
                "triage",
                f"{event.get_to_status_display()} ({event.referral.reference})",
                event.note[:200],
                by_id=event.created_by_id,
                link=("referrals:detail", event.referral_id),
            )
