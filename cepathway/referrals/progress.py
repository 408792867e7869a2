"""Where a referral has got to after its decision, in words for its list row and its page.

A referral decided "Level 1 meeting" keeps that decision, but the referrer and everyone else who
reads it want to know what followed: the meeting booked, held, the pathway ended. Referrals sit
below meetings, so meetings tells this module (`register`, from its AppConfig.ready).
"""

from collections.abc import Callable

from .models import Referral

ProgressSource = Callable[[Referral], str | None]
_sources: list[ProgressSource] = []


def register(source: ProgressSource) -> None:
    if source not in _sources:
        _sources.append(source)


def progress_of(referral: Referral) -> str:
    """What has happened since the decision, or the referral's own status when nothing has."""
    for source in _sources:
        said = source(referral)
        if said:
            return said
    return referral.get_status_display()
