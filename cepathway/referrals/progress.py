"""Where a referral has got to after its decision, in words for its list row and its page.

A referral decided "Level 1 meeting" keeps that decision, but the referrer and everyone else who
reads it want to know what followed: the meeting booked, held, the pathway ended. Referrals sit
below meetings, so meetings tells this module (`register`, from its AppConfig.ready).

A source answers for many referrals at once (a fixed number of queries), so a list follows all its
rows together (`follow`) before its template asks each row (`progress_of`).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .models import Referral

# Given referrals, what has happened since the decision for those it knows about, by referral id.
ProgressSource = Callable[[Sequence[Referral]], Mapping[Any, str]]
_sources: list[ProgressSource] = []

FOLLOWED = "_progress_since_decision"


def register(source: ProgressSource) -> None:
    if source not in _sources:
        _sources.append(source)


def follow(referrals: Iterable[Referral]) -> list[Referral]:
    """Work out where each of `referrals` has got to, all together, and keep it on each for `progress_of`."""
    rows = list(referrals)
    said: dict[Any, str] = {}
    for source in _sources:
        for referral_id, text in source([row for row in rows if row.pk not in said]).items():
            if text:
                said.setdefault(referral_id, text)
    for row in rows:
        setattr(row, FOLLOWED, said.get(row.pk) or row.get_status_display())
    return rows


def progress_of(referral: Referral) -> str:
    """What has happened since the decision, or the referral's own status when nothing has."""
    if not hasattr(referral, FOLLOWED):
        follow([referral])
    return str(getattr(referral, FOLLOWED))
