"""One access helper per record kind of this part, used by pages and API operations alike."""

from typing import Any

from cepathway.core.scoping import get_visible_or_404, visible_to

from ..models import SharingDecision


def sharing_for(user: Any, pk: Any, permission: str | None = None) -> SharingDecision:
    """A decision about a child `user` may see (else an audited 404), and may change (else 403)."""
    rows = visible_to(user, SharingDecision).select_related("child", "decided_by", "person", "place")
    return get_visible_or_404(user, SharingDecision, rows, permission=permission, pk=pk)
