"""The wall clock that sign-in security runs on: idle and absolute session limits, signing out
everywhere, API token expiry.

Deliberately not django.utils.timezone.now, which tests (and only tests) move forward by days to walk a
child's pathway: a session or a token must not die, or live, because a test travelled in time. Tests of
these limits move this clock instead (monkeypatch `cepathway.people.clock.seconds`).
"""

import time
from datetime import UTC, datetime


def seconds() -> float:
    """Seconds since the epoch, now."""
    return time.time()


def now() -> datetime:
    """Now, as an aware datetime (UTC)."""
    return datetime.fromtimestamp(seconds(), tz=UTC)
