"""The one way pages and API operations reach a referral: scope and permission in one call."""

from typing import Any
from uuid import UUID

from cepathway.core.scoping import get_visible_or_404, visible_to

from .models import Referral

# What the referral page and the API's reply read beside the referral itself.
RELATED = ("child", "referrer", "referrer_agency", "decided_by")


def referral_for(user: Any, pk: UUID | str, permission: str = "referrals.view_referral") -> Referral:
    """The referral if `user` may see it (else an audited 404) and has `permission` for it (else 403)."""
    rows = visible_to(user, Referral).select_related(*RELATED)
    return get_visible_or_404(user, Referral, rows, permission=permission, pk=pk)


def children_with_reference(user: Any, text: str) -> Any:
    """The ids of the children of referrals `user` may see whose reference is `text` (any case): how
    the children's search finds a child by reference (registered in ReferralsConfig.ready()).
    References are made in capitals (`services.new_reference`), so the text is matched in capitals
    through the unique index; a case-blind match read every referral of the partnership (issue 8)."""
    return visible_to(user, Referral).filter(reference=text.strip().upper()).values("child_id")
