"""Who may read and who may change the partnership's policy. Which partnership's: their own (scope)."""

from typing import Any

import rules

from cepathway.people.rules import is_administrator


@rules.predicate
def has_agency(user: Any) -> bool:
    """Someone who belongs to an agency, and so to a partnership whose policy they work to."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.agency_id)


rules.add_perm("policy.view_policy", has_agency)
rules.add_perm("policy.change_policy", has_agency & is_administrator)
