"""The Level 2 agenda as one person may see it, for the page and the API, a page at a time.

The agenda falls into sections: one for each status the partnership's policy always discusses
(High, Medium), the children brought by exception (flagged), and any listed for a status they no
longer have. `summary` counts each section in one grouped query; `build` (the page) shows a page of
each section; the API pages through the whole agenda (`in_agenda_order`, `with_details`). The details of the items shown
(status history, last and next review, overdue actions, the panel's actions, what is new since the
last Level 2) are fetched together, so the number of queries never depends on how many children are
on the agenda. Items about children the person may not see are counted, never shown.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from cepathway.children.models import Child, about_visible_children
from cepathway.core.policy import PartnershipPolicy
from cepathway.policy import wording
from cepathway.policy.services import policy_for
from cepathway.referrals.models import Referral

from ..models import Action, AgendaReason, Level2Item, Level2Meeting, Meeting, MeetingState, StatusDecision, VoiceRecord
from . import item_notes

# Children a section shows at a time on the page (the API pages by its `limit`).
PER_PAGE = 20
# The keys of the sections that are not a status.
FLAGGED, OTHER = "flagged", "other"


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
    around_the_child: list[str] = field(default_factory=list)  # lines from later apps (item_notes)

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


@dataclass(frozen=True)
class SectionKind:
    """Which items a section holds: `key` names it in addresses (`?high_page=2`, `?section=high`).
    `holds` picks them from the items, through their child; `takes` says the same of an item's
    reason and its child's status (None for a child the person may not see), for `summary`, which
    counts the items by those two."""

    key: str
    title: str
    holds: Q
    takes: Callable[[str, str | None], bool]
    shown_when_empty: bool = True


@dataclass
class AgendaSection:
    """A section as one person sees it: how many of its items they may see, and the page shown."""

    key: str
    title: str
    count: int
    shown_when_empty: bool = True
    rows: list[AgendaItem] = field(default_factory=list)  # the page of the section shown


@dataclass
class Agenda:
    """The agenda of a Level 2 meeting as one person may see it. The API's schema reads it too: the
    meeting's own fields (month, chair...) are read through to the meeting."""

    level2: Level2Meeting
    sections: list[AgendaSection]
    previous: Level2Meeting | None
    today: date
    hidden: int = 0  # items about children this person may not see
    items: list[AgendaItem] = field(default_factory=list)  # the items shown, in agenda order
    next_cursor: str | None = None  # through the API: where the next page of items starts
    persons_and_places_of_concern: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "level2" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.level2, name)

    @property
    def total(self) -> int:
        """Items this person may see, in every section."""
        return sum(section.count for section in self.sections)

    @property
    def shown(self) -> list[AgendaSection]:
        """The sections the page shows: a status the policy always discusses even when no child has it."""
        return [section for section in self.sections if section.count or section.shown_when_empty]


def _listed_for_status(status: str) -> Callable[[str, str | None], bool]:
    return lambda reason, seen: reason == AgendaReason.STATUS and seen == status


def section_kinds(policy: PartnershipPolicy) -> list[SectionKind]:
    """The agenda's sections in the order they are discussed: each status Level 2 always discusses,
    those flagged by exception, then any listed for a status they have since left."""
    always = wording.in_status_order(policy.level2_statuses)
    by_status = Q(reason=AgendaReason.STATUS)
    kinds = [
        SectionKind(
            status,
            wording.status_label(status),
            holds=by_status & Q(child__ce_status=status),
            takes=_listed_for_status(status),
        )
        for status in always
    ]
    by_exception = wording.status_labels(policy.level2_by_exception_statuses, word="or")
    kinds.append(
        SectionKind(
            FLAGGED,
            f"{by_exception}, by exception" if by_exception else "By exception",
            holds=Q(reason=AgendaReason.FLAGGED),
            takes=lambda reason, seen: reason == AgendaReason.FLAGGED and seen is not None,
            shown_when_empty=bool(by_exception),
        )
    )
    kinds.append(
        SectionKind(
            OTHER,
            "Status changed since the agenda was made",
            holds=by_status & ~Q(child__ce_status__in=always),
            takes=lambda reason, seen: reason == AgendaReason.STATUS and seen is not None and seen not in always,
            shown_when_empty=False,
        )
    )
    return kinds


def _kinds_for(level2: Level2Meeting) -> list[SectionKind]:
    return section_kinds(policy_for(level2.partnership_id))


def _visible_items(level2: Level2Meeting, user: Any) -> QuerySet[Level2Item]:
    return Level2Item.objects.filter(about_visible_children(user), level2_meeting=level2)


def summary(level2: Level2Meeting, user: Any, kinds: list[SectionKind] | None = None) -> Agenda:
    """The agenda's sections with how many items of each `user` may see, and how many they may not,
    in one grouped query; no item is fetched."""
    kinds = kinds if kinds is not None else _kinds_for(level2)
    # The child's status where the person may see the child, asked once per item (an index probe)
    # and counted by reason and status: asked per section it cost 59 ms of 332 at 1,200 items, and
    # joining the children to read their status had PostgreSQL read every child of the partnership
    # (issue 8: 7 ms for 834 items among 31,200 children; 1.5 ms asked item by item).
    status_if_seen = Child.objects.visible_to(user).filter(pk=OuterRef("child_id")).order_by().values("ce_status")
    groups = (
        Level2Item.objects.filter(level2_meeting=level2)
        .annotate(status_if_seen=Subquery(status_if_seen[:1]))
        .order_by()
        .values_list("reason", "status_if_seen")
        .annotate(items=Count("pk"))
    )
    counts = {kind.key: 0 for kind in kinds} | {"everything": 0}
    for reason, seen, items in groups:
        counts["everything"] += items
        for kind in kinds:
            counts[kind.key] += items if kind.takes(reason, seen) else 0
    sections = [AgendaSection(kind.key, kind.title, counts[kind.key], kind.shown_when_empty) for kind in kinds]
    hidden = counts["everything"] - sum(section.count for section in sections)
    previous = (
        Level2Meeting.objects.filter(partnership_id=level2.partnership_id, month__lt=level2.month)
        .order_by("-month")
        .first()
    )
    return Agenda(level2=level2, sections=sections, previous=previous, today=timezone.localdate(), hidden=hidden)


ITEM_DETAILS = ("child", "flag", "flag__created_by", "flag__created_by__agency")
BY_NAME = ("child__last_name", "child__first_name", "pk")


# Takes the page of a section to show from its items (visible to the person, not yet ordered).
Pager = Callable[["AgendaSection", QuerySet[Level2Item]], list[Level2Item]]


def first_page(section: "AgendaSection", items: QuerySet[Level2Item]) -> list[Level2Item]:
    return list(items.order_by(*BY_NAME)[:PER_PAGE])


def build(level2: Level2Meeting, user: Any, pager: Pager = first_page) -> Agenda:
    """The agenda page: the page of each section that `pager` takes (the first PER_PAGE children by
    surname unless told otherwise), with their details."""
    kinds = _kinds_for(level2)
    built = summary(level2, user, kinds)
    items = _visible_items(level2, user).select_related(*ITEM_DETAILS)
    taken = [
        (section, pager(section, items.filter(kind.holds)) if section.count else [])
        for kind, section in zip(kinds, built.sections, strict=True)
    ]
    rows = _detailed([item for _section, shown in taken for item in shown], built)
    for section, shown in taken:
        section.rows = [rows[item.pk] for item in shown]
        built.items.extend(section.rows)
    return built


def in_agenda_order(level2: Level2Meeting, user: Any, section: str = "") -> tuple[QuerySet[Level2Item], list[str]]:
    """The items `user` may see (of one `section` only, when given: a key of `section_kinds`) and
    the order_by() fields of agenda order, section by section and by surname within one: for the
    API to page through (`with_details` then gives each its details)."""
    chosen = [kind for kind in _kinds_for(level2) if not section or kind.key == section]
    in_order = Case(*[When(kind.holds, then=Value(n)) for n, kind in enumerate(chosen)], output_field=IntegerField())
    items = _visible_items(level2, user).select_related(*ITEM_DETAILS).annotate(section_order=in_order)
    return items.filter(section_order__isnull=False), ["section_order", *BY_NAME[:-1]]


def with_details(items: Sequence[Level2Item], agenda: Agenda) -> list[AgendaItem]:
    """The agenda's items shown, in the order given, each with its details."""
    rows = _detailed(items, agenda)
    return [rows[item.pk] for item in items]


def _detailed(items: Sequence[Level2Item], agenda: Agenda) -> dict[Any, AgendaItem]:
    """Each item with its details, by the item's id, in a fixed number of queries."""
    today = agenda.today
    child_ids = [item.child_id for item in items]
    since = agenda.previous.scheduled_for if agenda.previous else None

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
    notes = item_notes.notes_for(child_ids, since)
    return {
        item.pk: AgendaItem(
            item=item,
            history=history[item.child_id],
            last_review_on=last_review.get(item.child_id),
            next_review=next_review.get(item.child_id),
            overdue_actions=overdue[item.child_id],
            level2_actions=level2_actions[item.pk],
            new_since_last=news[item.child_id],
            days_since_review=(today - last_review[item.child_id]).days if item.child_id in last_review else None,
            around_the_child=notes.get(item.child_id, []),
        )
        for item in items
    }


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
