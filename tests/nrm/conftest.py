"""Fixtures for the NRM tests: a clock that stands in for django.utils.timezone.now (as
tests/meetings/conftest.py does), so a decision can be awaited day by day."""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import django.utils.timezone
import pytest

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)  # a Monday, not a bank holiday


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    @property
    def today(self) -> date:
        return self.now.astimezone(LONDON).date()

    def travel_to(self, day: date, hour: int = 11) -> None:
        self.now = datetime.combine(day, time(hour, 0), tzinfo=LONDON)

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock(START)
    monkeypatch.setattr(django.utils.timezone, "now", fake)
    yield fake
