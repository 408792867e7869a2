"""Fixtures for the people tests: the wall clock sign-in security runs on (cepathway.people.clock),
moved by hand."""

import time
from collections.abc import Iterator
from typing import Any

import pytest

from cepathway.people import clock


class WallClock:
    """Stands in for cepathway.people.clock.seconds (the idle and absolute limits, token expiry)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> None:
        self.now += days * 86400 + hours * 3600 + minutes * 60 + seconds


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[WallClock]:
    """The wall clock, and the default limits whatever the test settings say (tests/settings.py may
    lengthen the idle limit for suites that run longer than it)."""
    settings.CEPATHWAY_IDLE_MINUTES = 30
    settings.CEPATHWAY_IDLE_WARNING_SECONDS = 120
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    settings.CEPATHWAY_API_TOKEN_DAYS = 90
    settings.CEPATHWAY_API_TOKEN_LIMIT = 5
    fake = WallClock()
    monkeypatch.setattr(clock, "seconds", fake)
    yield fake
