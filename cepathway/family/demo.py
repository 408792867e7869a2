"""Fictional demo records for `make run` (called from demo_setup; safe to run again)."""

from typing import Any


def add_demo(partnership: Any, users: dict[str, Any]) -> None:
    """Add this app's fictional records to the demo partnership, once."""
