"""Sections of the Level 2 agenda that other apps contribute: persons and places of concern.

Level 2 also looks at perpetrators and places of concern. That knowledge belongs to a later app
(intelligence), which registers a source here in its AppConfig.ready(); this app never imports
it. A source receives the Level 2 meeting and the request and returns a Section for that person,
or None. The agenda always shows the "Persons and places of concern" heading, saying so when no
app contributes to it yet.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Section:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


SectionSource = Callable[[Any, HttpRequest], Section | None]
_sources: list[SectionSource] = []


def register(source: SectionSource) -> SectionSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister(source: SectionSource) -> None:
    if source in _sources:
        _sources.remove(source)


def sections_for(level2: Any, request: HttpRequest) -> list[Section]:
    found = [section for source in _sources if (section := source(level2, request)) is not None]
    return sorted(found, key=lambda section: section.order)
