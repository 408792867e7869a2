"""Finding a child's NRM referrals, or one referral, for a person: out of their scope is an audited
404 (they may not see the child), a role that may not is 403. Pages and the API both call these."""

from typing import Any
from uuid import UUID

from cepathway.children.access import child_for
from cepathway.children.models import Child
from cepathway.core.scoping import get_visible_or_404

from .models import NrmReferral

RELATED = ("child", "child__allocated_social_worker", "referred_by", "referred_by__agency")


def child_with_referrals(user: Any, pk: UUID | str, permission: str = "nrm.view_referrals") -> Child:
    return child_for(user, pk, permission)


def referrals_of(user: Any, child: Child) -> Any:
    """The child's referrals `user` may see, newest first."""
    return NrmReferral.objects.visible_to(user).filter(child=child).select_related(*RELATED)


def referral_for(user: Any, pk: UUID | str, permission: str = "nrm.record_referral") -> NrmReferral:
    rows = NrmReferral.objects.visible_to(user).select_related(*RELATED)
    return get_visible_or_404(user, NrmReferral, rows, permission=permission, pk=pk)
