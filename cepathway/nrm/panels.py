"""What NRM referrals put on My work: decisions awaited past the expected time, for the person who
made the referral, the child's allocated social worker, and CERAR leads and team managers (the
whole partnership's, linking to the full list). Nothing when none is."""

from typing import Any

from django.db.models import Q
from django.urls import reverse

from cepathway.core import audit
from cepathway.core.work import Panel
from cepathway.ui.listing import count_up_to

from .models import NrmReferral
from .presenters import views_of
from .views import overdue_rows

SHOWN = 10
TEMPLATE = "nrm/panels/awaited.html"
TITLE = "NRM decisions awaited past the expected time"


def mine(user: Any) -> Any:
    """Referrals `user` made, or about children they are the allocated social worker of, whose
    decision is awaited past the expected time."""
    rows = NrmReferral.objects.visible_to(user).filter(
        Q(referred_by=user) | Q(child__allocated_social_worker=user), child__partnership_id=user.partnership_id
    )
    return rows.awaited_past_expected(partnership_ids=[user.partnership_id]).select_related("child", "referred_by")


def awaited_past_expected(request: Any) -> Panel | None:
    user = request.user
    if not user.has_perm("nrm.record_referral") or user.partnership_id is None:
        return None
    whole = user.has_perm("nrm.view_overdue")
    rows = (overdue_rows(user) if whole else mine(user)).order_by("referred_on", "pk")
    shown = list(rows[:SHOWN])
    if not shown:
        return None
    audit.listed(user, NrmReferral, detail=TITLE[:1].lower() + TITLE[1:] + " (my work)")
    context = {
        "referrals": views_of(shown, user),
        "total": count_up_to(rows) if len(shown) == SHOWN else len(shown),
        "all_url": reverse("nrm:overdue") if whole else "",
    }
    return Panel(TITLE, TEMPLATE, context, order=18)
