"""What NRM referrals add to the card at the top of a child's page: a link to the child's NRM
referrals, for those who may read them (no query: the page already knows the child is visible)."""

from typing import Any

from django.urls import reverse

from cepathway.children.models import Child
from cepathway.children.summary import Link, SummaryPart


def nrm_link(child: Child, user: Any) -> SummaryPart | None:
    if not user.has_perm("nrm.view_referrals"):
        return None
    return SummaryPart(links=[Link("NRM referrals", reverse("nrm:child", args=[child.pk]))])
