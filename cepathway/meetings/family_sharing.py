"""What may be shared with a child's family that later apps know: the intelligence app's decisions
on what police information about persons of concern and risky places the family may be told.

They register a source in their AppConfig.ready(); this app never imports them. A source receives
the child and returns what the family may be told now. The family summary lists it under
"Information we can share with you" and the child's pathway page beside the safety plan, both shown
only to those who may see the child's meetings.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Shareable:
    source: str  # who decided, as the family reads it ("Children's services, for mother and stepfather")
    text: str
    url: str = ""  # where professionals keep it


Source = Callable[[Any], list[Shareable]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def shareable_for(child: Any) -> list[Shareable]:
    return [shareable for source in _sources for shareable in source(child)]
