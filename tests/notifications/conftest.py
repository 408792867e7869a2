"""The meetings tests' clock and pathway helpers, for the journeys that change meetings."""

from tests.meetings.conftest import cerar, clock, pathway  # noqa: F401
