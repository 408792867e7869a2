"""The Level 2 agenda as one person may see it, for the page and the API.

`build` runs a fixed number of queries however many children are on the agenda: the details of
every item (status history, last and next review, overdue actions, the panel's actions, what is
new since the last Level 2) are fetched together, never one child at a time. Items about children
the person may not see are counted, never shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.referrals.models import Referral

from ..models import Action, AgendaReason, Level2Item, Level2Meeting, Meeting, MeetingState, StatusDecision, VoiceRecord


@dataclass
class AgendaItem:
    item: Level2Item
    history: list[StatusDecision] = field(default_factory=list)
    last_review_on: date | None = None
    next_review: Meeting | None = None
    overdue_actions: list[Action] = field(default_factory=list)
    level2_actions: list[Action] = field(default_factory=list)
    new_since_last: list[str] = field(default_factory=list)
    days_since_review: int | None = None

    @property
    def child(self) -> Child:
        return self.item.child

    @property
    def next_review_overdue(self) -> bool:
        return self.next_review is not None and self.next_review.is_overdue()

    @property
    def next_review_on(self) -> date | None:
        return self.next_review.scheduled_on if self.next_review else None

    @property
    def flagged_by(self) -> str | None:
        return str(self.item.flag.created_by) if self.item.flag else None

    @property
    def flag_reason(self) -> str | None:
        return self.item.flag.reason if self.item.flag else None


@dataclass
class Agenda:
    """The agenda of a Level 2 meeting as one person may see it. The API's schema reads it too: the
    meeting's own fields (month, chair...) are read through to the meeting."""

    level2: Level2Meeting
    items: list[AgendaItem]
    previous: Level2Meeting | None
    today: date
    hidden: int = 0  # items about children this person may not see
    persons_and_places_of_concern: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "level2" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.level2, name)

    @property
    def by_status(self) -> list[AgendaItem]:
        return [row for row in self.items if row.item.reason == AgendaReason.STATUS]

    @property
    def flagged(self) -> list[AgendaItem]:
        return [row for row in self.items if row.item.reason == AgendaReason.FLAGGED]


STATUS_ORDER = {"high": 0, "medium": 1, "low": 2, "none": 3}


def build(level2: Level2Meeting, user: Any) -> Agenda:
    """The agenda as `user` may see it, in a fixed number of queries."""
    today = timezone.localdate()
    visible = Child.objects.visible_to(user)
    all_items = Level2Item.objects.filter(level2_meeting=level2)
    items = list(
        all_items.filter(child__in=visible).select_related(
            "child", "flag", "flag__created_by", "flag__created_by__agency"
        )
    )
    hidden = all_items.count() - len(items)
    child_ids = [item.child_id for item in items]
    previous = (
        Level2Meeting.objects.filter(partnership_id=level2.partnership_id, month__lt=level2.month)
        .order_by("-month")
        .first()
    )
    since = previous.scheduled_for if previous else None

    history = defaultdict(list)
    for decision in StatusDecision.objects.filter(child_id__in=child_ids).order_by("-decided_at"):
        history[decision.child_id].append(decision)

    last_review: dict[Any, date] = {}
    next_review: dict[Any, Meeting] = {}
    for meeting in (
        Meeting.objects.filter(child_id__in=child_ids).exclude(state=MeetingState.CANCELLED).order_by("scheduled_for")
    ):
        if meeting.state == MeetingState.HELD:
            last_review[meeting.child_id] = meeting.scheduled_on
        elif meeting.child_id not in next_review:
            next_review[meeting.child_id] = meeting

    overdue = defaultdict(list)
    for action in Action.objects.overdue(today).filter(child_id__in=child_ids).select_related("owner", "owner_agency"):
        overdue[action.child_id].append(action)
    level2_actions = defaultdict(list)
    for action in Action.objects.filter(level2_item__in=items).select_related("owner", "owner_agency"):
        level2_actions[action.level2_item_id].append(action)

    news = _new_since(child_ids, since)
    rows = [
        AgendaItem(
            item=item,
            history=history[item.child_id],
            last_review_on=last_review.get(item.child_id),
            next_review=next_review.get(item.child_id),
            overdue_actions=overdue[item.child_id],
            level2_actions=level2_actions[item.pk],
            new_since_last=news[item.child_id],
            days_since_review=(today - last_review[item.child_id]).days if item.child_id in last_review else None,
        )
        for item in items
    ]
    rows.sort(key=lambda row: (STATUS_ORDER.get(row.child.ce_status, 9), row.child.last_name, row.child.first_name))
    return Agenda(level2=level2, items=rows, previous=previous, today=today, hidden=hidden)


def _counted(
    model: Any, child_ids: list[Any], since: datetime | None, extra: Q | None = None, at: str = "created_at"
) -> dict[Any, int]:
    rows = model.objects.filter(child_id__in=child_ids)
    if since is not None:
        rows = rows.filter(**{f"{at}__gt": since})
    if extra is not None:
        rows = rows.filter(extra)
    return dict(rows.values("child_id").annotate(n=Count("pk")).values_list("child_id", "n"))


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _new_since(child_ids: list[Any], since: datetime | None) -> dict[Any, list[str]]:
    """What happened for each child since the last Level 2 (or ever, for the first one)."""
    counts = {
        "referral": _counted(Referral, child_ids, since),
        "decision": _counted(StatusDecision, child_ids, since, at="decided_at"),
        "meeting": _counted(Meeting, child_ids, since, Q(state=MeetingState.HELD), at="held_at"),
        "action": _counted(Action, child_ids, since),
        "views": _counted(VoiceRecord, child_ids, since),
    }
    words = {
        "referral": ("new referral", "new referrals"),
        "decision": ("status decision", "status decisions"),
        "meeting": ("meeting held", "meetings held"),
        "action": ("new action", "new actions"),
        "views": ("record of the child's or family's views", "records of the child's or family's views"),
    }
    news: dict[Any, list[str]] = defaultdict(list)
    for kind, per_child in counts.items():
        for child_id, count in per_child.items():
            news[child_id].append(_plural(count, *words[kind]))
    return news
