"""What becomes of each child of a partnership: the fates, in the county's proportions (sizes.py)."""

from dataclasses import dataclass
from datetime import date, timedelta

from .base import Dice
from .sizes import COUNTY, STATUS_MIX, YEARS_OF_HISTORY, Size

HISTORY_DAYS = YEARS_OF_HISTORY * 365


@dataclass
class Fate:
    """Where a child's latest referral stands today, the day it was made, and what follows it."""

    stage: str  # ended_hub, ended_cerar, open, closed, booked, waiting_level1, submitted, awaiting, consultation
    referred_on: date
    status: str = ""  # for an open pathway: the status it has today
    first_meeting: date | None = None  # for a closed pathway: its Level 1 and its last meeting
    last_meeting: date | None = None
    earlier_referral: date | None = None  # a referral before this one, ended
    review_overdue: bool = False  # for an open pathway: its next review's day has passed, whatever the dice say


def fates(size: Size, dice: Dice) -> list[Fate]:
    found: list[Fate] = []
    on_pathway = size.count(COUNTY.on_pathway_with_status, minimum=10)
    high = round(on_pathway * STATUS_MIX["high"])
    medium = round(on_pathway * STATUS_MIX["medium"])
    for status, count in (("high", high), ("medium", medium), ("low", on_pathway - high - medium)):
        found += [Fate("open", dice.today, status=status) for _ in range(count)]
    # Every partnership has at least one review whose day has passed, so its outcome form is open
    # (the benchmark's "outcome_meeting"); chance alone left a tiny world without one.
    found[0].review_overdue = True
    found += [_closed(dice) for _ in range(size.count(COUNTY.closed_pathways, minimum=6))]
    recent = [
        ("booked", COUNTY.level1_booked, (10, 20)),
        ("waiting_level1", COUNTY.waiting_for_level1, (3, 10)),
        ("submitted", COUNTY.awaiting_hub, (0, 3)),
        ("awaiting", COUNTY.awaiting_decision, (1, 6)),
        ("consultation", COUNTY.consultations_waiting, (0, 4)),
    ]
    for stage, county_count, (low, high_days) in recent:
        found += [Fate(stage, dice.days_ago(low, high_days)) for _ in range(size.count(county_count, minimum=1))]
    ended = size.count(COUNTY.children_ever_referred, minimum=40) - len(found)
    for _ in range(max(0, ended)):
        stage = "ended_hub" if dice.chance(0.55) else "ended_cerar"
        found.append(Fate(stage, dice.days_ago(7, HISTORY_DAYS)))
    for fate in found:
        if fate.stage in ("ended_hub", "ended_cerar", "closed") and dice.chance(COUNTY.repeat_referral_share):
            fate.earlier_referral = fate.referred_on - timedelta(days=dice.between(60, 365))
    return found


def _closed(dice: Dice) -> Fate:
    first = dice.days_ago(120, HISTORY_DAYS)
    last = min(first + timedelta(days=dice.between(28, 400)), dice.today - timedelta(days=14))
    return Fate("closed", first - timedelta(days=dice.between(14, 28)), first_meeting=first, last_meeting=last)
