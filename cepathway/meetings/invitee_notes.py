"""Notes that later apps add beside a person invited, or about to be invited, to a meeting (lapsed
training, say).

A later app registers a source in its AppConfig.ready(); this app never imports it. A source gets
the people (users) and returns {user id: [note, ...]}, in a fixed number of queries. The invite page
shows the notes for the people it ticks, and the meeting's page beside each invitee.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

NoteSource = Callable[[Sequence[Any]], dict[Any, list[str]]]
_sources: list[NoteSource] = []


def register(source: NoteSource) -> NoteSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister(source: NoteSource) -> None:
    if source in _sources:
        _sources.remove(source)


def notes_for(people: Sequence[Any]) -> dict[Any, list[str]]:
    notes: dict[Any, list[str]] = defaultdict(list)
    if not people:
        return notes
    for source in _sources:
        for user_id, lines in source(people).items():
            notes[user_id].extend(lines)
    return notes
