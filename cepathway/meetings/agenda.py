"""The monthly Level 2 meeting and its agenda.

The agenda holds every child in the partnership whose CE status policy sends to Level 2 (High and
Medium by default) and Low children only where someone flagged them by exception. Building the
agenda for display (`build`) runs a fixed number of queries however many children are on it: the
details of every item are fetched together, never one child at a time.

Persons and places of concern are contributed by other apps through `level2_sections`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from cepathway.children.models import Child, InvolvementKind
from cepathway.children.services import end_involvements_through, involve
from cepathway.core import audit
from cepathway.core.models import StaleRecordError
from cepathway.core.policy import Venue, current_policy
from cepathway.people.models import Partnership, Role, User

from . import scheduling
from .models import (
    Action,
    AgendaReason,
    Level2Flag,
    Level2Item,
    Level2Meeting,
    Meeting,
    MeetingState,
    Pathway,
    StatusDecision,
    VoiceRecord,
)
from .services import MeetingError

# --- Creating the meeting and its items -----------------------------------------------------------


def eligible(partnership: Partnership) -> tuple[list[Child], list[Level2Flag]]:
    """The children who must be on the agenda, and the flags that bring Low children to it."""
    policy = current_policy()
    open_pathways = Pathway.objects.filter(closed_at__isnull=True).values("child_id")
    by_status = list(
        Child.objects.filter(
            partnership=partnership, ce_status__in=policy.level2_statuses, pk__in=open_pathways
        ).order_by("last_name", "first_name")
    )
    flags = list(
        Level2Flag.objects.waiting()
        .filter(child__partnership=partnership, child__pk__in=open_pathways)
        .filter(child__ce_status__in=policy.level2_by_exception_statuses)
        .select_related("child")
        .order_by("created_at")
    )
    return by_status, flags


def _new_items(level2: Level2Meeting, by: Any) -> list[Level2Item]:
    by_status, flags = eligible(level2.partnership)
    present = set(level2.items.values_list("child_id", flat=True))
    now = timezone.now()
    author = by if getattr(by, "is_authenticated", False) else None
    items = []
    for child in by_status:
        if child.pk not in present:
            items.append(Level2Item(child=child, reason=AgendaReason.STATUS, status_when_listed=child.ce_status))
            present.add(child.pk)
    used_flags = []
    for flag in flags:
        if flag.child_id not in present:
            items.append(
                Level2Item(child=flag.child, reason=AgendaReason.FLAGGED, status_when_listed=flag.child.ce_status)
            )
            present.add(flag.child_id)
        used_flags.append(flag)
    flag_for_child = {flag.child_id: flag for flag in used_flags}
    for item in items:
        item.level2_meeting = level2
        item.flag = flag_for_child.get(item.child_id)
        item.created_at = item.modified_at = now
        item.created_by = item.modified_by = author
    Level2Item.objects.bulk_create(items)
    Level2Flag.objects.filter(pk__in=[flag.pk for flag in used_flags]).update(level2_meeting=level2)
    for flag in used_flags:
        audit.changed(by, flag, ["level2_meeting"], detail=f"taken onto the agenda of {level2}")
    return items


def _check_when_where_chair(partnership_id: Any, month: date, when: datetime, venue: str, chair: User) -> date:
    """A Level 2 meeting is held on a working day in its own month, chaired by an organiser of the
    partnership. Gives the day."""
    day = timezone.localtime(when).date()
    if (day.year, day.month) != (month.year, month.month):
        raise MeetingError("The meeting date must fall in the month it is for.", field="date")
    if venue not in Venue.LABELS:
        raise MeetingError("Choose where the meeting is held.", field="venue")
    organisers = current_policy().level2_organiser_roles
    if not chair.is_active or chair.partnership_id != partnership_id or chair.role not in organisers:
        raise MeetingError("Choose a chair who organises Level 2 in this partnership.", field="chair")
    try:
        scheduling.check_working_day(day)
    except scheduling.PolicyError as error:
        raise MeetingError(str(error), field="date") from error
    return day


@transaction.atomic
def create_level2(
    partnership: Partnership,
    *,
    month: date,
    when: datetime | None = None,
    venue: str = Venue.ONLINE,
    location: str = "",
    chair: User,
    members: list[User] | None = None,
    by: Any,
) -> Level2Meeting:
    """Create the month's Level 2 meeting with its agenda built from current statuses and flags."""
    month = month.replace(day=1)
    when = when or scheduling.at_time(scheduling.level2_date(month))
    _check_when_where_chair(partnership.pk, month, when, venue, chair)
    if Level2Meeting.objects.filter(partnership=partnership, month=month).exists():
        raise MeetingError(f"There is already a Level 2 meeting for {month:%B %Y}.", field="month")
    level2 = Level2Meeting(
        partnership=partnership, month=month, scheduled_for=when, venue=venue, location=location, chair=chair
    )
    try:
        with transaction.atomic():
            level2.save_tracked(by)
    except IntegrityError as clash:
        raise MeetingError(f"There is already a Level 2 meeting for {month:%B %Y}.", field="month") from clash
    audit.created(by, level2)
    items = _new_items(level2, by)
    for item in items:
        audit.created(by, item, detail=item.get_reason_display())
    panel = members if members is not None else default_members(partnership)
    add_members(level2, panel, by=by)
    return level2


def months_without_level2(partnership: Partnership, today: date, ahead: int = 3) -> list[date]:
    """This month and the next ones (as policy spaces them) that have no Level 2 meeting yet."""
    month = today.replace(day=1)
    months = [month]
    for _ in range(ahead - 1):
        months.append(scheduling.next_level2_month(today, months[-1]))
    taken = set(Level2Meeting.objects.filter(partnership=partnership, month__in=months).values_list("month", flat=True))
    return [m for m in months if m not in taken]


def proposed_day(month: date, today: date) -> date:
    """The policy's day for the month, or the next working day when that has passed."""
    day = scheduling.level2_date(month)
    if day < today:
        day = scheduling.next_working_day(today, current_policy().working_days_region)
    return day


def partnership_of(user: User) -> Partnership:
    """The partnership a Level 2 organiser works in (organisers always belong to an agency)."""
    return Partnership.objects.get(agencies__users=user)


def default_members(partnership: Partnership) -> list[User]:
    return list(User.objects.filter(is_active=True, role=Role.LEVEL2_MEMBER, agency__partnership=partnership))


@dataclass
class AgendaUpdate:
    added: list[Level2Item]
    removed: list[Level2Item]


@transaction.atomic
def refresh(level2: Level2Meeting, *, by: Any) -> AgendaUpdate:
    """Before the meeting: add children who became High or Medium, or were flagged, since it was
    made; take off those no longer due (stepped down, pathway ended) on which nothing is recorded."""
    if level2.is_held:
        raise MeetingError("The agenda of a meeting that has been held cannot change.")
    members = list(level2.members.all())
    removed = _items_no_longer_due(level2)
    for item in removed:
        status = item.child.get_ce_status_display()
        audit.removed(by, item, detail=f"no longer due at Level 2 (status now {status})")
        end_involvements_through(level2, child=item.child, by=by)
        item.delete()
    added = _new_items(level2, by)
    for item in added:
        audit.created(by, item, detail=item.get_reason_display())
        _involve_members(level2, members, [item.child], by)
    return AgendaUpdate(added=added, removed=removed)


def _items_no_longer_due(level2: Level2Meeting) -> list[Level2Item]:
    """Items whose child no longer belongs on the agenda and on which the panel has recorded nothing."""
    policy = current_policy()
    by_status, flags = eligible(level2.partnership)
    due = {child.pk for child in by_status} | {flag.child_id for flag in flags}
    open_pathways = Pathway.objects.filter(closed_at__isnull=True).values("child_id")
    still_flagged = level2.items.filter(
        flag__isnull=False,
        flag__withdrawn_at__isnull=True,
        child__ce_status__in=policy.level2_by_exception_statuses,
        child__pk__in=open_pathways,
    )
    due |= set(still_flagged.values_list("child_id", flat=True))
    stale = level2.items.exclude(child_id__in=due).filter(decisions="").annotate(recorded=Count("actions"))
    return list(stale.filter(recorded=0).select_related("child"))


def _involve_members(level2: Level2Meeting, members: list[User], children: list[Child], by: Any) -> None:
    """Panel members see the children on the agenda: that is what being invited to Level 2 means."""
    for member in members:
        if member.sees_whole_partnership:
            continue
        for child in children:
            involve(child, member, InvolvementKind.MEETING_INVITEE, by=by, reason="Level 2 panel", source=level2)


@transaction.atomic
def add_members(level2: Level2Meeting, members: list[User], *, by: Any) -> None:
    for member in members:
        if not member.is_active or member.partnership_id != level2.partnership_id:
            raise MeetingError(f"{member} does not work in this partnership.", field="members")
        if member.role not in panel_roles():
            raise MeetingError(f"{member} is not a Level 2 panel member or organiser.", field="members")
    level2.members.add(*members)
    if members:
        audit.changed(by, level2, ["members"], detail=", ".join(str(m) for m in members)[:500])
    children = [item.child for item in level2.items.select_related("child")]
    _involve_members(level2, members, children, by)


def panel_roles() -> tuple[str, ...]:
    """Who may sit on the Level 2 panel: those who may open its agenda (panel members, organisers)."""
    return (Role.LEVEL2_MEMBER, *current_policy().level2_organiser_roles)


LEVEL2_DETAIL_FIELDS = ("scheduled_for", "venue", "location", "chair")


@transaction.atomic
def change_level2_details(
    level2: Level2Meeting,
    *,
    expected_version: int,
    when: datetime,
    venue: str,
    location: str,
    chair: User,
    members: list[User],
    by: Any,
) -> list[str]:
    """Before it is held: move the meeting within its month, change its place or chair, or the panel.

    A member added sees the children on the agenda whose pathway is open, as the panel does from
    `create_level2`; a member taken off no longer sees them through this meeting. The version guards
    the whole change: if someone saved the meeting since it was opened, nothing is written
    (StaleRecordError).
    """
    if level2.is_held:
        raise MeetingError("This meeting is recorded as held: its details can no longer be changed.")
    day = _check_when_where_chair(level2.partnership_id, level2.month, when, venue, chair)
    if day < timezone.localdate() and day != timezone.localtime(level2.scheduled_for).date():
        raise MeetingError("The meeting date must be today or in the future.", field="date")
    current = {member.pk: member for member in level2.members.all()}
    wanted = {member.pk: member for member in members}
    added = [member for pk, member in wanted.items() if pk not in current]
    removed = [member for pk, member in current.items() if pk not in wanted]
    allowed = panel_roles()
    for member in added:
        if not member.is_active or member.partnership_id != level2.partnership_id or member.role not in allowed:
            raise MeetingError(
                f"{member} cannot sit on the panel: choose Level 2 panel members of this partnership.",
                field="members",
            )
    before = audit.snapshot(level2, LEVEL2_DETAIL_FIELDS)
    level2.scheduled_for, level2.venue, level2.location, level2.chair = when, venue, location, chair
    changed = audit.changed_fields(before, audit.snapshot(level2, LEVEL2_DETAIL_FIELDS))
    if added or removed:
        changed.append("members")
    if not changed:
        if level2.version != expected_version:
            raise StaleRecordError(level2)
        return []
    level2.save_versioned(by, expected_version)
    panel_changes = (("added to the panel", added), ("taken off the panel", removed))
    detail = "; ".join(f"{what}: {', '.join(str(m) for m in people)}" for what, people in panel_changes if people)
    audit.changed(by, level2, changed, detail=detail[:500])
    if added:
        level2.members.add(*added)
        open_pathways = Pathway.objects.filter(closed_at__isnull=True).values("child_id")
        on_pathway = level2.items.filter(child__in=open_pathways).select_related("child")
        _involve_members(level2, added, [item.child for item in on_pathway], by)
    if removed:
        level2.members.remove(*removed)
        end_involvements_through(level2, users=removed, by=by)
    return changed


@transaction.atomic
def record_decisions(item: Level2Item, *, decisions: str, expected_version: int, by: Any) -> None:
    if not decisions.strip():
        raise MeetingError("Enter what the panel decided.", field="decisions")
    if item.level2_meeting.scheduled_for.date() > timezone.localdate():
        raise MeetingError("Decisions can be recorded on the day of the meeting, not before.")
    item.decisions = decisions
    item.save_versioned(by, expected_version)
    audit.changed(by, item, ["decisions"])


@transaction.atomic
def mark_held(level2: Level2Meeting, *, notes: str, by: Any) -> Level2Meeting:
    # Read again under a lock: two "held" at once, or a details change at the same moment, must not
    # overwrite each other. Only the fields this step owns are written.
    level2 = Level2Meeting.objects.select_for_update().get(pk=level2.pk)
    if level2.is_held:
        raise MeetingError("This meeting is already recorded as held.")
    if timezone.localtime(level2.scheduled_for).date() > timezone.localdate():
        raise MeetingError("A meeting cannot be recorded as held before its date.")
    level2.held_at = timezone.now()
    level2.notes = notes
    level2.save_tracked(by, update_fields=["held_at", "notes", "modified_at", "modified_by", "version"])
    audit.changed(by, level2, ["held_at", "notes"])
    return level2


# --- Building the agenda for display -------------------------------------------------------------


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


@dataclass
class Agenda:
    level2: Level2Meeting
    items: list[AgendaItem]
    previous: Level2Meeting | None
    today: date
    hidden: int = 0  # items about children this person may not see

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
    from cepathway.referrals.models import Referral

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
