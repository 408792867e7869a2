"""Parts of a meeting's page that later apps contribute (the family's views links, family letters).

A later app registers a source in its AppConfig.ready(); this app never imports it. A source gets
the meeting and the person looking and returns a Panel, or None when it has nothing for them. The
meeting page includes each panel's template, with `panel` in its context, in `order` under the
heading `where` names: "views" (Views of the child and family) or "end" (after the safety plan).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    where: str = "end"
    order: int = 100


PanelSource = Callable[[Any, Any], Panel | None]
_sources: list[PanelSource] = []


def register(source: PanelSource) -> PanelSource:
    if source not in _sources:
        _sources.append(source)
    return source


def unregister(source: PanelSource) -> None:
    if source in _sources:
        _sources.remove(source)


def panels_for(meeting: Any, user: Any) -> dict[str, list[Panel]]:
    """{"views": [...], "end": [...]}, each in order."""
    found = [panel for source in _sources if (panel := source(meeting, user)) is not None]
    return {
        where: sorted((panel for panel in found if panel.where == where), key=lambda panel: panel.order)
        for where in ("views", "end")
    }
