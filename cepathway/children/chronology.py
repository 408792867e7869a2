"""A child's chronology: one timeline that every part of the pathway contributes to.

Higher apps (referrals, meetings, ...) register a source function in their AppConfig.ready();
this app never imports them. A source receives the child and the user looking, and returns the
entries that user may see.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .models import Child


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # referral, decision, meeting, status, views, action, closure, ...
    title: str
    detail: str = ""
    url: str = ""
    by: str = ""


Source = Callable[[Child, Any], Iterable[Entry]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def timeline(child: Child, user: Any) -> list[Entry]:
    entries = [entry for source in _sources for entry in source(child, user)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
