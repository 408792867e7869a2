"""The partnership's monthly Level 2 meetings over the years: held ones with their agendas (every
child whose status policy sends to Level 2 that day), this month's and next month's to come, Low
children flagged by exception, the panel, and the panel's sight of the children on the agenda."""

from datetime import date, datetime, timedelta

from cepathway.children.models import Involvement, InvolvementKind
from cepathway.core.policy import Venue
from cepathway.meetings import scheduling
from cepathway.meetings.models import AgendaReason, Level2Flag, Level2Item, Level2Meeting
from cepathway.people.models import Role, User

from .base import Dice, Sink, at, tracked
from .pathways import Story
from .people import Staff
from .sizes import YEARS_OF_HISTORY

# The panel sees the agenda's children: for the meetings of the last few months only (the sight
# given by older meetings ends as their pathways close; a stated simplification).
PANEL_SIGHT_MONTHS = 3
FLAGGED_LOW_SHARE = 0.25


def months(today: date) -> list[date]:
    first = today.replace(day=1)
    found = []
    for back in range(YEARS_OF_HISTORY * 12, -2, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        found.append(date(year, month + 1, 1))
    return found


def build_level2(staff: Staff, stories: list[Story], dice: Dice, sink: Sink) -> None:
    policy, today = staff.policy, dice.today
    cerar = staff.logins.get("cerar") or staff.by_role[Role.CERAR_LEAD][0]
    panel = staff.by_role[Role.LEVEL2_MEMBER]
    open_stories = [story for story in stories if story.closed_on is None and story.opened_on is not None]
    flagged = [s for s in open_stories if s.status_on(today) == "low" and dice.chance(FLAGGED_LOW_SHARE)]
    existing = {level2.month: level2 for level2 in Level2Meeting.objects.filter(partnership=staff.partnership)}
    for month in months(today):
        day = scheduling.level2_date(month, policy)
        held = day < today
        made = at(day - timedelta(days=28), 9)
        level2 = existing.get(month) or _meeting(staff, month, day, cerar, dice, sink)
        on_agenda = [s for s in stories if s.status_on(day) in policy.level2_statuses]
        items = [
            _item(level2, story, AgendaReason.STATUS, story.status_on(day), dice, made, held) for story in on_agenda
        ]
        if not held and flagged:  # the flags are taken onto the first meeting to come
            items += _flagged_items(level2, flagged, staff, dice, sink, made)
            flagged = []
        for item in items:
            sink.add(item)
        if month >= _months_back(today, PANEL_SIGHT_MONTHS):
            open_ids = {story.child.pk for story in open_stories}
            for item in items:
                if item.child_id in open_ids:
                    for member in panel:
                        sink.add(
                            Involvement(
                                id=dice.new_id(),
                                child_id=item.child_id,
                                user_id=member.pk,
                                kind=InvolvementKind.MEETING_INVITEE,
                                reason="Level 2 panel",
                                source_type=Level2Meeting._meta.label,
                                source_id=str(level2.pk),
                                **tracked(cerar, made),
                            )  # fmt: skip
                        )


def _meeting(staff: Staff, month: date, day: date, chair: User, dice: Dice, sink: Sink) -> Level2Meeting:
    held = day < dice.today
    level2 = Level2Meeting(
        id=dice.new_id(), partnership_id=staff.partnership.pk, month=month, scheduled_for=at(day, 14),
        venue=Venue.ONLINE, location="Fictional video call", chair_id=chair.pk,
        held_at=at(day, 16) if held else None, notes="Fictional: the panel reviewed every child." if held else "",
        **tracked(chair, at(day - timedelta(days=28), 9)),
    )  # fmt: skip
    sink.add(level2)
    for member in staff.by_role[Role.LEVEL2_MEMBER]:
        sink.add(Level2Meeting.members.through(level2meeting_id=level2.pk, user_id=member.pk))
    return level2


def _months_back(today: date, count: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - count, 12)
    return date(year, month + 1, 1)


def _item(
    level2: Level2Meeting, story: Story, reason: str, status: str, dice: Dice, made: datetime, held: bool
) -> Level2Item:
    return Level2Item(
        id=dice.new_id(), level2_meeting_id=level2.pk, child_id=story.child.pk, reason=reason,
        status_when_listed=status, decisions="Fictional: continue the plan; review the safety plan." if held else "",
        **tracked(level2.created_by_id, made),
    )  # fmt: skip


def _flagged_items(
    level2: Level2Meeting, flagged: list[Story], staff: Staff, dice: Dice, sink: Sink, made: datetime
) -> list[Level2Item]:
    items = []
    police = staff.by_role[Role.POLICE_OFFICER]
    for story in flagged:
        by = dice.pick(police)
        flag = Level2Flag(
            id=dice.new_id(), child_id=story.child.pk, reason="Fictional: seen with a peer group of concern.",
            level2_meeting_id=level2.pk, **tracked(by, made),
        )  # fmt: skip
        sink.add(flag)
        item = _item(level2, story, AgendaReason.FLAGGED, "low", dice, made, held=False)
        item.flag_id = flag.pk
        items.append(item)
    return items
