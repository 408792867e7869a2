"""Lines that later apps add to each child's Level 2 agenda item (missing episodes, say).

A later app registers a source in its AppConfig.ready(); this app never imports it. A source gets
the ids of the children on the page of the agenda shown and the time of the previous Level 2 (None
for the first) and returns {child id: [line, ...]}, in a fixed number of queries whatever the
number of children. The lines show under "Around the child" on the page and in the API.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

NoteSource = Callable[[Sequence[Any], datetime | None], dict[Any, list[str]]]
_sources: list[NoteSource] = []


def register(source: NoteSource) -> NoteSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister(source: NoteSource) -> None:
    if source in _sources:
        _sources.remove(source)


def notes_for(child_ids: Sequence[Any], since: datetime | None) -> dict[Any, list[str]]:
    notes: dict[Any, list[str]] = defaultdict(list)
    if not child_ids:
        return notes
    for source in _sources:
        for child_id, lines in source(child_ids, since).items():
            notes[child_id].extend(lines)
    return notes
