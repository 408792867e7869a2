"""What each role may do with training records and CE champions. Which records a person reaches is
scoping's job (`access.py`): their own partnership's only."""

from typing import Any

import rules

from cepathway.people.rules import is_administrator


@rules.predicate
def has_agency(user: Any) -> bool:
    """A signed-in professional who belongs to an agency, so to a partnership."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.agency_id is not None)


@rules.predicate
def is_the_person(user: Any, record: Any) -> bool:
    return record is not None and record.person_id == user.pk


RECORD_OWN = "training.record_own_training"
MANAGE = "training.manage_training"
CHANGE_RECORD = "training.change_trainingrecord"
VIEW_CHAMPIONS = "training.view_champions"
MANAGE_CHAMPIONS = "training.manage_champions"

rules.add_perm(RECORD_OWN, has_agency)
# The partnership administrator sees who is untrained or lapsed and records anyone's training.
rules.add_perm(MANAGE, has_agency & is_administrator)
# A record is corrected by the person it is about, or by their partnership's administrator.
rules.add_perm(CHANGE_RECORD, has_agency & (is_administrator | is_the_person))
rules.add_perm(VIEW_CHAMPIONS, has_agency)
rules.add_perm(MANAGE_CHAMPIONS, has_agency & is_administrator)
