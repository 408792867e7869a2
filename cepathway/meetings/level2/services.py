"""The monthly Level 2 meeting: creating it with its agenda, keeping the agenda up to date until it
is held, its date, place, chair and panel, the panel's decisions, and recording it as held.

The agenda holds every child of the partnership whose CE status its policy sends to Level 2 (High
and Medium by default), and children of the by-exception statuses (Low) only where someone flagged
them. Panel members see the children on the agenda: that is what sitting on the panel means.
Building the agenda for display is `level2.agenda`.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from cepathway.children.models import Child, InvolvementKind
from cepathway.children.services import end_involvements_through, involve_each
from cepathway.core import audit
from cepathway.core.models import StaleRecordError
from cepathway.core.policy import PartnershipPolicy, Venue
from cepathway.people.models import Partnership, Role, User
from cepathway.policy.services import policy_for

from .. import notices, scheduling
from ..booking import Details
from ..errors import MeetingError
from ..models import AgendaReason, Level2Flag, Level2Item, Level2Meeting, Pathway


def open_pathway_children() -> Any:
    return Pathway.objects.filter(closed_at__isnull=True).values("child_id")


def _eligible(partnership: Partnership) -> tuple[Any, Any]:
    """The children who must be on the agenda, and the flags that bring by-exception children to it
    (querysets, so that they can be asked as subqueries, never as lists of thousands of ids)."""
    policy = policy_for(partnership.pk)
    on_pathway = open_pathway_children()
    by_status = Child.objects.filter(partnership=partnership, ce_status__in=policy.level2_statuses, pk__in=on_pathway)
    flags = (
        Level2Flag.objects.waiting()
        .filter(child__partnership=partnership, child__pk__in=on_pathway)
        .filter(child__ce_status__in=policy.level2_by_exception_statuses)
    )
    return by_status, flags


def eligible(partnership: Partnership) -> tuple[list[Child], list[Level2Flag]]:
    """The children who must be on the agenda, and the flags that bring by-exception children to it."""
    by_status, flags = _eligible(partnership)
    return (
        list(by_status.order_by("last_name", "first_name")),
        list(flags.select_related("child").order_by("created_at")),
    )


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
    audit.changed_each(by, used_flags, ["level2_meeting"], detail=f"taken onto the agenda of {level2}")
    return items


def _check_details(partnership_id: Any, month: date, details: Details, policy: PartnershipPolicy) -> None:
    """A Level 2 meeting is held on a working day in its own month, chaired by an organiser of the
    partnership."""
    day = details.day
    if (day.year, day.month) != (month.year, month.month):
        raise MeetingError("The meeting date must fall in the month it is for.", field="date")
    if details.venue not in Venue.LABELS:
        raise MeetingError("Choose where the meeting is held.", field="venue")
    chair = details.chair
    if not chair.is_active or chair.partnership_id != partnership_id or chair.role not in policy.level2_organiser_roles:
        raise MeetingError("Choose a chair who organises Level 2 in this partnership.", field="chair")
    scheduling.check_not_too_far_ahead(day, timezone.localdate(), policy)
    scheduling.check_working_day(day, policy)


def proposed_details(partnership: Partnership, month: date, chair: User) -> Details:
    """The policy's day and time for the month (the next working day when that has passed), online."""
    policy = policy_for(partnership.pk)
    return Details(
        when=scheduling.at_time(proposed_day(month, timezone.localdate(), policy), policy),
        venue=Venue.ONLINE,
        location="",
        chair=chair,
    )


@transaction.atomic
def create_level2(
    partnership: Partnership,
    *,
    month: date,
    details: Details | None = None,
    chair: User | None = None,
    members: list[User] | None = None,
    by: Any,
) -> Level2Meeting:
    """Create the month's Level 2 meeting with its agenda built from current statuses and flags.

    Held as `details` say, or on the policy's day, online, chaired by `chair`. The panel is every
    Level 2 panel member of the partnership unless `members` says otherwise."""
    month = month.replace(day=1)
    if details is None:
        if chair is None:
            raise MeetingError("Choose who chairs the meeting.", field="chair")
        details = proposed_details(partnership, month, chair)
    _check_details(partnership.pk, month, details, policy_for(partnership.pk))
    if Level2Meeting.objects.filter(partnership=partnership, month=month).exists():
        raise MeetingError(f"There is already a Level 2 meeting for {month:%B %Y}.", field="month")
    level2 = Level2Meeting(partnership=partnership, month=month)
    details.apply_to(level2)
    try:
        with transaction.atomic():
            level2.save_tracked(by)
    except IntegrityError as clash:
        raise MeetingError(f"There is already a Level 2 meeting for {month:%B %Y}.", field="month") from clash
    audit.created(by, level2)
    policy = policy_for(partnership)
    audit.created_each(by, _new_items(level2, by), detail=lambda item: item.reason_label(policy))
    add_members(level2, members if members is not None else default_members(partnership), by=by)
    return level2


def months_without_level2(partnership: Partnership, today: date, ahead: int = 3) -> list[date]:
    """This month and the next ones (as policy spaces them) that have no Level 2 meeting yet."""
    policy = policy_for(partnership.pk)
    months = [today.replace(day=1)]
    for _ in range(ahead - 1):
        months.append(scheduling.next_level2_month(today, months[-1], policy))
    taken = set(Level2Meeting.objects.filter(partnership=partnership, month__in=months).values_list("month", flat=True))
    return [m for m in months if m not in taken]


def proposed_day(month: date, today: date, policy: PartnershipPolicy) -> date:
    """The policy's day for the month, or the next working day when that has passed."""
    day = scheduling.level2_date(month, policy)
    if day < today:
        day = scheduling.next_working_day(today, policy.working_days_region)
    return day


def partnership_of(user: User) -> Partnership:
    """The partnership a Level 2 organiser works in (organisers always belong to an agency)."""
    return Partnership.objects.get(agencies__users=user)


def default_members(partnership: Partnership) -> list[User]:
    return list(User.objects.filter(is_active=True, role=Role.LEVEL2_MEMBER, agency__partnership=partnership))


def panel_roles(policy: PartnershipPolicy) -> tuple[str, ...]:
    """Who may sit on the Level 2 panel: those who may open its agenda (panel members, organisers)."""
    return (Role.LEVEL2_MEMBER, *policy.level2_organiser_roles)


def _check_panel(level2: Level2Meeting, members: list[User]) -> None:
    allowed = panel_roles(policy_for(level2.partnership_id))
    for member in members:
        if not member.is_active or member.partnership_id != level2.partnership_id:
            raise MeetingError(f"{member} does not work in this partnership.", field="members")
        if member.role not in allowed:
            raise MeetingError(f"{member} is not a Level 2 panel member or organiser.", field="members")


def _involve_members(level2: Level2Meeting, members: list[User], children: list[Child], by: Any) -> None:
    """Panel members see the children on the agenda: that is what being invited to Level 2 means."""
    involved = [member for member in members if not member.sees_whole_partnership]
    involve_each(children, involved, InvolvementKind.MEETING_INVITEE, by=by, reason="Level 2 panel", source=level2)


@transaction.atomic
def add_members(level2: Level2Meeting, members: list[User], *, by: Any) -> None:
    _check_panel(level2, members)
    level2.members.add(*members)
    if members:
        audit.changed(by, level2, ["members"], detail=", ".join(str(m) for m in members)[:500])
    children = [item.child for item in level2.items.select_related("child")]
    _involve_members(level2, members, children, by)


@dataclass
class AgendaUpdate:
    added: list[Level2Item]
    removed: list[Level2Item]


@transaction.atomic
def refresh(level2: Level2Meeting, *, by: Any) -> AgendaUpdate:
    """Before the meeting: add children who came to qualify, or were flagged, since it was made; take
    off those no longer due (stepped down, pathway ended) on which nothing is recorded."""
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
    policy = policy_for(level2.partnership_id)
    audit.created_each(by, added, detail=lambda item: item.reason_label(policy))
    _involve_members(level2, members, [item.child for item in added], by)
    return AgendaUpdate(added=added, removed=removed)


def _items_no_longer_due(level2: Level2Meeting) -> list[Level2Item]:
    """Items whose child no longer belongs on the agenda and on which the panel has recorded nothing."""
    policy = policy_for(level2.partnership_id)
    by_status, flags = _eligible(level2.partnership)
    still_flagged = level2.items.filter(
        flag__isnull=False,
        flag__withdrawn_at__isnull=True,
        child__ce_status__in=policy.level2_by_exception_statuses,
        child__pk__in=open_pathway_children(),
    )
    stale = (
        level2.items.exclude(child_id__in=by_status.values("pk"))
        .exclude(child_id__in=flags.values("child_id"))
        .exclude(child_id__in=still_flagged.values("child_id"))
        .filter(decisions="")
        .annotate(recorded=Count("actions"))
    )
    return list(stale.filter(recorded=0).select_related("child"))


@transaction.atomic
def change_level2_details(
    level2: Level2Meeting, details: Details, *, members: list[User], expected_version: int, by: Any
) -> list[str]:
    """Before it is held: move the meeting within its month, change its place or chair, or the panel.

    A member added sees the children on the agenda whose pathway is open, as the panel does from
    `create_level2`; a member taken off no longer sees them through this meeting. The version guards
    the whole change: if someone saved the meeting since it was opened, nothing is written
    (StaleRecordError).
    """
    if level2.is_held:
        raise MeetingError("This meeting is recorded as held: its details can no longer be changed.")
    _check_details(level2.partnership_id, level2.month, details, policy_for(level2.partnership_id))
    if details.day < timezone.localdate() and details.day != level2.scheduled_on:
        raise MeetingError("The meeting date must be today or in the future.", field="date")
    current = {member.pk: member for member in level2.members.all()}
    wanted = {member.pk: member for member in members}
    added = [member for pk, member in wanted.items() if pk not in current]
    removed = [member for pk, member in current.items() if pk not in wanted]
    _check_panel(level2, added)
    chair_before = level2.chair
    changed = details.apply_to(level2) + (["members"] if added or removed else [])
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
        on_pathway = level2.items.filter(child__in=open_pathway_children()).select_related("child")
        _involve_members(level2, added, [item.child for item in on_pathway], by)
    if removed:
        level2.members.remove(*removed)
        end_involvements_through(level2, users=removed, by=by)
    notices.level2_changed(level2, changed, chair_before=chair_before, added=added, removed=removed, by=by)
    return changed


@transaction.atomic
def record_decisions(item: Level2Item, *, decisions: str, expected_version: int, by: Any) -> None:
    if not decisions.strip():
        raise MeetingError("Enter what the panel decided.", field="decisions")
    if not item.level2_meeting.may_record():
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
    if not level2.may_record():
        raise MeetingError("A meeting cannot be recorded as held before its date.")
    level2.held_at = timezone.now()
    level2.notes = notes
    level2.save_tracked(by, update_fields=["held_at", "notes", "modified_at", "modified_by", "version"])
    audit.changed(by, level2, ["held_at", "notes"])
    return level2
