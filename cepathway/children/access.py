"""The one way pages and API operations reach a child's record: scope and permission in one call."""

from typing import Any
from uuid import UUID

from cepathway.core.scoping import get_visible_or_404, visible_to

from .models import Child

# What the child's page and the API's reply read beside the record itself.
RELATED = ("allocated_social_worker", "lead_professional")


def child_for(user: Any, pk: UUID | str, permission: str | None = None) -> Child:
    """The child if `user` may see them (else an audited 404) and, given `permission`, may use the
    record that way (else 403)."""
    rows = visible_to(user, Child).select_related(*RELATED)
    return get_visible_or_404(user, Child, rows, permission=permission, pk=pk)
