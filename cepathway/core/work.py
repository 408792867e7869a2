"""The "my work" page is assembled from panels that each app contributes.

An app registers a function in its AppConfig.ready(); the function receives the request and
returns a Panel for that user (or None when it has nothing for them). Core never imports the
apps that contribute.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelSource = Callable[[Any], Panel | None]  # takes the request
_sources: list[PanelSource] = []


def register(source: PanelSource) -> PanelSource:
    if source not in _sources:
        _sources.append(source)
    return source


def panels_for(request: HttpRequest) -> list[Panel]:
    found = [panel for source in _sources if (panel := source(request)) is not None]
    return sorted(found, key=lambda panel: panel.order)
