"""Who may record what may be shared with a child's family: CERAR, or the child's allocated social
worker or lead professional. Which children they see is scoping's job (a view finds the child
through `visible_to` first); this says what they may do with it."""

from typing import Any

import rules

from cepathway.meetings.rules import works_with_child
from cepathway.people.rules import is_cerar

RECORD_SHARING = "intelligence.record_sharing"


@rules.predicate
def of_a_child(user: Any, record: Any) -> bool:
    """Asked about a child (or a sharing decision, through its child), not about nothing."""
    return record is not None


rules.add_perm(RECORD_SHARING, of_a_child & (is_cerar | works_with_child))
