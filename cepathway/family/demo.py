"""Fictional demo records for `make run` (called from demo_setup; safe to run again). Each part adds its own."""

from typing import Any

from .voice.demo import add_demo_voice


def add_demo(partnership: Any, users: dict[str, Any]) -> None:
    """Add this app's fictional records to the demo partnership, once."""
    add_demo_voice(partnership, users)
