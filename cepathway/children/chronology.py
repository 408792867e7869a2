"""A child's chronology: one timeline that every part of the pathway contributes to.

Higher apps (referrals, meetings, ...) register a source function in their AppConfig.ready();
this app never imports them. A source receives the child and the user looking, and returns the
entries that user may see. Given `latest`, a source may return only its newest `latest` entries
(each query cut with `newest`): the child's page shows the last few, not the whole history.

Each entry has a kind (what its source calls it); the page filters by the five groups people ask
for (`GROUPS`): referrals, meetings, status, actions and views. A kind in no group is shown only
when nothing is filtered.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db.models import Expression, F, QuerySet
from django.urls import reverse

from .access import sees_who_is_involved
from .models import Child


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # referral, decision, meeting, status, views, action, closure, ...
    title: str
    detail: str = ""
    url: str = ""
    by: str = ""
    # Who made it, when the source leaves naming them to the chronology: the people of the entries
    # shown are then read in one query (`_named`), not joined to every source's rows.
    by_id: Any = None
    # The page it links to as (URL name, id), when the source leaves making the URL to the chronology:
    # made only for the entries shown (the child's page reads about fifty and shows five).
    link: tuple[str, Any] | None = None

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
# The groups this app and those below it define; later apps add theirs with register_group.
BUILT_IN_GROUPS = frozenset(GROUPS)


def register_group(name: str, label: str, kinds: Collection[str]) -> None:
    """A later app's entries as a group a person can filter by (in the order registered)."""
    GROUPS[name] = Group(label, frozenset(kinds))


def group_of(kind: str) -> str:
    return next((name for name, group in GROUPS.items() if kind in group.kinds), "")


def chosen_groups(values: Iterable[str]) -> list[str]:
    """The groups asked for (unknown names dropped), in the page's order."""
    wanted = set(values)
    return [name for name in GROUPS if name in wanted]


class Source(Protocol):
    def __call__(self, child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]: ...


_sources: list[Source] = []


def register(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def timeline(child: Child, user: Any, groups: Collection[str] = ()) -> list[Entry]:
    """Everything `user` may see about `child`, newest first; only the given groups when any are given."""
    entries = as_seen_by([entry for source in _sources for entry in source(child, user)], child, user)
    if groups:
        entries = [entry for entry in entries if entry.group in groups]
    return _named(_newest_first(entries))


def latest(child: Child, user: Any, count: int, *, name: bool = True) -> tuple[list[Entry], bool]:
    """The newest `count` entries of `timeline(child, user)`, and whether it holds more. Each source
    is asked for its newest `count + 1` only, which holds every entry that can be among them.
    Without `name`, the caller names their makers (`makers`, `named`) with people it reads anyway."""
    entries = _newest_first(entry for source in _sources for entry in source(child, user, count + 1))
    shown = as_seen_by(entries[:count], child, user)
    return (_named(shown) if name else shown), len(entries) > count


def as_seen_by(entries: list[Entry], child: Child, user: Any) -> list[Entry]:
    """`entries` as `user` may read them: to someone who may not know who works with the child
    (`access.sees_who_is_involved`, say its referrer alone), an entry names who made it only when
    that was them."""
    if sees_who_is_involved(child, user):
        return entries
    mine = getattr(user, "pk", None)
    return [entry if entry.by_id == mine else replace(entry, by="", by_id=None) for entry in entries]


def makers(entries: Iterable[Entry]) -> set[Any]:
    """The ids of the people who made `entries` and are not named yet."""
    return {entry.by_id for entry in entries if _unnamed(entry)}


def named(entries: list[Entry], people: Iterable[Any]) -> list[Entry]:
    """`entries` with their makers named from `people` (users already read), any others in one query."""
    return _named(entries, people)


def newest(rows: QuerySet[Any], latest: int | None, at: str | Expression) -> QuerySet[Any]:
    """`rows` for a source: all of them, or given `latest`, the `latest` newest by `at` (a field, or
    for a row that makes several entries, the newest of their times)."""
    if latest is None:
        return rows
    when = F(at) if isinstance(at, str) else at
    return rows.order_by(when.desc())[:latest]


# What names a person (User.display_name): all an entry says of who made it.
NAME_FIELDS = frozenset({"id", "first_name", "last_name", "username"})


def with_names(rows: QuerySet[Any], *people: str) -> QuerySet[Any]:
    """`rows` joined to the people `people` names (relations to users), each read with only what names
    them: a user's row is wide, and compiling and reading every column of it for each entry was
    much of a child page's time (issue 8)."""
    unused = [field.name for field in get_user_model()._meta.concrete_fields if field.name not in NAME_FIELDS]
    return rows.select_related(*people).defer(*(f"{person}__{name}" for person in people for name in unused))


def _named(entries: list[Entry], known: Iterable[Any] = ()) -> list[Entry]:
    """`entries` with the person who made each named (`by`) where the source gave only their id
    (from `known` people, then the others in one query), and their links made."""
    names = {person.pk: person.display_name for person in known}
    ids = makers(entries) - names.keys()
    if ids:
        people = get_user_model()._default_manager.filter(pk__in=ids).only(*NAME_FIELDS)
        names.update((person.pk, person.display_name) for person in people)
    return [_finished(entry, names) for entry in entries]


def _finished(entry: Entry, names: dict[Any, str]) -> Entry:
    """`entry` as shown: its maker named and its link made, where the source left them to us."""
    by = names.get(entry.by_id, "") if _unnamed(entry) else entry.by
    url = reverse(entry.link[0], args=[entry.link[1]]) if entry.link is not None and not entry.url else entry.url
    return entry if (by, url) == (entry.by, entry.url) else replace(entry, by=by, url=url)


def _unnamed(entry: Entry) -> bool:
    return entry.by_id is not None and not entry.by


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
