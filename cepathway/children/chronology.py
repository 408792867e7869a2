"""A child's chronology: one timeline that every part of the pathway contributes to.

Higher apps (referrals, meetings, ...) register a source function in their AppConfig.ready();
this app never imports them. A source receives the child and the user looking, and returns the
entries that user may see.

Each entry has a kind (what its source calls it); the page filters by the five groups people ask
for (`GROUPS`): referrals, meetings, status, actions and views. A kind in no group is shown only
when nothing is filtered.
"""

from collections.abc import Callable, Collection, Iterable
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

    @property
    def group(self) -> str:
        return group_of(self.kind)

    @property
    def group_label(self) -> str:
        return GROUPS[self.group].label if self.group in GROUPS else ""


@dataclass(frozen=True)
class Group:
    label: str
    kinds: frozenset[str]


# What a person filters by, and the entry kinds each holds. Referrals' kinds come from
# referrals.work.referral_entries, the others from meetings.chronology.chronology_entries.
GROUPS: dict[str, Group] = {
    "referrals": Group("Referrals and decisions", frozenset({"referral", "decision", "triage"})),
    "meetings": Group("Meetings and Level 2", frozenset({"meeting", "level2", "closure"})),
    "status": Group("CE status", frozenset({"status"})),
    "actions": Group("Safety plan actions", frozenset({"action"})),
    "views": Group("Views of the child and family", frozenset({"views"})),
}


def group_of(kind: str) -> str:
    return next((name for name, group in GROUPS.items() if kind in group.kinds), "")


def chosen_groups(values: Iterable[str]) -> list[str]:
    """The groups asked for (unknown names dropped), in the page's order."""
    wanted = set(values)
    return [name for name in GROUPS if name in wanted]


Source = Callable[[Child, Any], Iterable[Entry]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def timeline(child: Child, user: Any, groups: Collection[str] = ()) -> list[Entry]:
    """Everything `user` may see about `child`, newest first; only the given groups when any are given."""
    entries = [entry for source in _sources for entry in source(child, user)]
    if groups:
        entries = [entry for entry in entries if entry.group in groups]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
