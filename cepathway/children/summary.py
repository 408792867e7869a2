"""The child at a glance: the summary card at the top of a child's page.

The child's record knows who works with the child; what the pathway knows (the CE status since
when and its types of exploitation, the next review, the open safety plan actions, the pages about
the pathway) comes from higher apps. They register a provider in their AppConfig.ready(), as for
the chronology; this app never imports them. A provider receives the child and the user looking
and returns a `SummaryPart` holding only what that user may see, or None.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .access import sees_who_is_involved
from .models import Child


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class NextMeeting:
    """The child's next meeting (a review, or the Level 1 meeting still to be held)."""

    label: str
    scheduled_for: datetime
    due_by: date
    chair: str
    is_overdue: bool
    url: str = ""


@dataclass(frozen=True)
class OpenAction:
    description: str
    owner: str
    due_on: date
    is_overdue: bool
    url: str = ""


@dataclass
class SummaryPart:
    """What one provider knows; every field may be left empty."""

    status_since: datetime | None = None
    ce_types: list[str] = field(default_factory=list)
    next_meeting: NextMeeting | None = None
    open_actions: list[OpenAction] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass
class ChildSummary(SummaryPart):
    """The card: the child's own facts and every provider's part, merged in registration order."""

    child: Child | None = None
    # Whether the person looking may know who works with the child (`access.sees_who_is_involved`):
    # someone involved only as the child's referrer is not told who is allocated, chairs or owns what.
    people_shown: bool = True

    @property
    def ce_status(self) -> str:
        return self.child.ce_status if self.child else ""

    @property
    def ce_status_label(self) -> str:
        return self.child.get_ce_status_display() if self.child else ""

    @property
    def allocated_social_worker(self) -> Any:
        return self.child.allocated_social_worker if self.child and self.people_shown else None

    @property
    def lead_professional(self) -> Any:
        return self.child.lead_professional if self.child and self.people_shown else None

    @property
    def overdue_actions(self) -> int:
        return sum(action.is_overdue for action in self.open_actions)

    def add(self, part: SummaryPart) -> None:
        self.status_since = self.status_since or part.status_since
        self.ce_types = self.ce_types or list(part.ce_types)
        self.next_meeting = self.next_meeting or part.next_meeting
        self.open_actions.extend(part.open_actions)
        self.links.extend(part.links)


Provider = Callable[[Child, Any], SummaryPart | None]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def summary(child: Child, user: Any, *, links: Iterable[Link] = ()) -> ChildSummary:
    """The card for `user`: what each provider says they may see, then this app's own `links`. To
    someone who may not know who works with the child, no person is named on it."""
    card = ChildSummary(child=child, people_shown=sees_who_is_involved(child, user))
    for provider in _providers:
        part = provider(child, user)
        if part is not None:
            card.add(part if card.people_shown else _unnamed(part))
    card.links.extend(links)
    return card


def _unnamed(part: SummaryPart) -> SummaryPart:
    """`part` without the people it names: the meeting's chair, the actions' owners."""
    meeting = replace(part.next_meeting, chair="") if part.next_meeting else None
    actions = [replace(action, owner="") for action in part.open_actions]
    return replace(part, next_meeting=meeting, open_actions=actions)
