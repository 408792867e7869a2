"""Meetings' records in the shared test world: for each of the three children a pathway with a
Level 1 meeting (chaired by CERAR of the child's partnership), an invitation, a telephone request,
a safety plan action, and an item on their partnership's Level 2 agenda for this month.

No new involvement is made, so who sees which child is as tests.factories says.
"""

from datetime import timedelta

from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core.policy import Venue
from cepathway.meetings.models import (
    Action,
    AgendaReason,
    CallRequest,
    Invitation,
    Level2Item,
    Level2Meeting,
    Meeting,
    MeetingKind,
    Pathway,
    VoiceOf,
)
from cepathway.people.models import Role
from tests.factories import World, world_builder


def _meeting(world: World, child: Child) -> Meeting:
    chair = world.user_in(child.partnership, Role.CERAR_LEAD)
    pathway = Pathway(child=child)
    pathway.save_tracked(chair)
    meeting = Meeting(
        pathway=pathway,
        child=child,
        kind=MeetingKind.LEVEL1,
        scheduled_for=timezone.now() + timedelta(days=7),
        venue=Venue.ONLINE,
        location="Fictional video call",
        chair=chair,
    )
    meeting.save_tracked(chair)
    return meeting


def _invitee(world: World, child: Child) -> object:
    """Someone who already sees the child, so inviting them changes nobody's scope."""
    if child.pk == world.child.pk:
        return world.users[Role.POLICE_OFFICER]
    if child.partnership_id == world.home.pk:
        return world.users[Role.TEAM_MANAGER]
    return world.elsewhere_lead


def _owner(world: World, child: Child) -> object:
    if child.pk == world.child.pk:
        return world.users[Role.SOCIAL_WORKER]
    return _invitee(world, child)


@world_builder
def add_meetings(world: World) -> None:
    world.meeting = world.per_child(lambda child: _meeting(world, child))

    def invitation(child: Child) -> Invitation:
        user = _invitee(world, child)
        row = Invitation(meeting=world.meeting[child.pk], user=user, agency=user.agency)
        row.save_tracked(world.meeting[child.pk].chair)
        return row

    def call(child: Child) -> CallRequest:
        row = CallRequest(
            meeting=world.meeting[child.pk],
            child=child,
            requested_by=VoiceOf.PARENT_CARER,
            contact_name="Fictional Parent",
            contact_phone="01632 960001",
        )
        row.save_tracked(world.meeting[child.pk].chair)
        return row

    def action(child: Child) -> Action:
        owner = _owner(world, child)
        row = Action(
            child=child,
            meeting=world.meeting[child.pk],
            description="Fictional action",
            owner=owner,
            owner_agency=owner.agency,
            due_on=timezone.localdate() + timedelta(days=14),
        )
        row.save_tracked(world.meeting[child.pk].chair)
        return row

    world.invitation = world.per_child(invitation)
    world.call = world.per_child(call)
    world.action = world.per_child(action)

    month = timezone.localdate().replace(day=1)
    world.level2_month = (month.year, month.month)
    world.level2 = {}
    for partnership in (world.home, world.elsewhere):
        chair = world.user_in(partnership, Role.CERAR_LEAD)
        level2 = Level2Meeting(
            partnership=partnership,
            month=month,
            scheduled_for=timezone.now() + timedelta(days=1),
            venue=Venue.ONLINE,
            chair=chair,
        )
        level2.save_tracked(chair)
        world.level2[partnership.pk] = level2

    def item(child: Child) -> Level2Item:
        row = Level2Item(
            level2_meeting=world.level2[child.partnership_id],
            child=child,
            reason=AgendaReason.STATUS,
            status_when_listed=child.ce_status,
        )
        row.save_tracked(world.level2[child.partnership_id].chair)
        return row

    world.level2_item = world.per_child(item)
