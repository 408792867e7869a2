"""How the Referrals page lists referrals: its columns that sort, and its filters (status and the
referring agency), for cepathway.ui.listing."""

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from cepathway.people.models import Agency
from cepathway.ui.listing import Sort

from .models import Referral, ReferralStatus

SORTS = (
    Sort("reference", "Reference", ("reference",)),
    Sort("child", "Child", ("child__last_name", "child__first_name")),
    Sort("from", "From", ("referrer_agency__name",)),
    Sort("received", "Received", ("created_at",)),
    Sort("status", "Status", ("status_order", "created_at")),
)
DEFAULT_SORT = "received"  # newest first
# Statuses in the order a referral moves through them.
STATUS_ORDER = [
    ReferralStatus.SUBMITTED,
    ReferralStatus.CONSULTATION_REQUESTED,
    ReferralStatus.AWAITING_DECISION,
    ReferralStatus.LEVEL1_REQUIRED,
    ReferralStatus.ENDED,
]
FILTER_LABELS = {"status": "Status", "agency": "Referring agency"}


def with_status_order(rows: QuerySet[Referral]) -> QuerySet[Referral]:
    ranks = [When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)]
    return rows.annotate(status_order=Case(*ranks, default=Value(len(STATUS_ORDER)), output_field=IntegerField()))


def agencies_of(rows: QuerySet[Referral]) -> list[Agency]:
    """The agencies that made the referrals in `rows` (already scoped): the agency filter's choices."""
    return list(Agency.objects.filter(pk__in=rows.values("referrer_agency_id")).order_by("name"))


def filters(agencies: list[Agency]) -> dict[str, Any]:
    return {"status": ReferralStatus.values, "agency": [str(agency.pk) for agency in agencies]}


def filtered(rows: QuerySet[Referral], chosen: dict[str, str]) -> QuerySet[Referral]:
    if chosen.get("status"):
        rows = rows.filter(status=chosen["status"])
    if chosen.get("agency"):
        rows = rows.filter(referrer_agency__pk=chosen["agency"])
    return rows
