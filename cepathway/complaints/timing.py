"""When a concern or complaint is due, by the partnership's policy, counted in working days.

The time limits are the partnership's (`policy.timescales.complaint_*_working_days`), their defaults
those of the Children Act 1989 representations procedure (Getting the Best from Complaints, DfES
2006; the Children Act 1989 Representations Procedure (England) Regulations 2006): acknowledged
within 3 working days, answered within 10 at the informal stage (local resolution) and 25 at the
formal stage. Working days are weekdays that are not bank holidays in `policy.working_days_region`
(`cepathway.meetings.scheduling.is_working_day`).

A step is due by the nth working day after the day its stage started (that day not counted): a
concern received on a Monday is acknowledged by Thursday, and overdue from Friday.
"""

from datetime import date, timedelta
from functools import lru_cache

from cepathway.core.policy import PartnershipPolicy
from cepathway.meetings.scheduling import is_working_day


@lru_cache(maxsize=4096)
def add_working_days(start: date, days: int, region: str) -> date:
    """The `days`th working day after `start` (`start` itself not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, region):
            counted += 1
    return day


@lru_cache(maxsize=4096)
def latest_start_overdue(today: date, days: int, region: str) -> date:
    """The latest day a stage may have started and be overdue `today`: every start on or before it
    has its due day (`add_working_days(start, days)`) before today, every later one does not. The
    database filters on it, so the lists and the pages share one rule with `Complaint.is_overdue`."""
    start = today - timedelta(days=1)
    while add_working_days(start, days, region) >= today:
        start -= timedelta(days=1)
    return start


def acknowledge_days(policy: PartnershipPolicy) -> int:
    return policy.timescales.complaint_acknowledge_working_days


def respond_days(policy: PartnershipPolicy, stage: str) -> int:
    """Working days to answer at `stage` ("informal" or "formal")."""
    timescales = policy.timescales
    return timescales.complaint_formal_working_days if stage == "formal" else timescales.complaint_informal_working_days
