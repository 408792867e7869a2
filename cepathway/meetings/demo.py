"""Fictional demo meetings for the demo children (called by core's `demo_setup` command).

For children whose referral decided "Level 1 meeting": some get a Level 1 meeting still to come
(made through the services, as CERAR would), and the rest a pathway that has run a while: a Level 1
held weeks ago with views, contributions, a discussion and a status, safety plan actions (one
overdue), and the review policy set, some of them overdue. Then this month's Level 2 meeting is
created with its agenda, and one Low child is flagged for it. Everything is generated (Faker
en_GB) and marked fictional where the models allow; nothing is real.

Past meetings cannot be made through the services (they refuse past dates, rightly), so their
records are written here the way the services write them. Running it again adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children.models import CEStatus, Child, InvolvementKind
from cepathway.children.services import involve
from cepathway.core.policy import Venue
from cepathway.people.models import Partnership, User
from cepathway.policy.services import policy_for

from . import booking, invitations, scheduling
from .level2 import flags
from .level2 import services as level2
from .models import (
    Action,
    ActionStatus,
    Attendance,
    Contribution,
    Invitation,
    Level2Meeting,
    Meeting,
    MeetingKind,
    MeetingState,
    Pathway,
    StatusDecision,
    VoiceMethod,
    VoiceOf,
    VoiceRecord,
)

# The statuses the pathways under way reach, in turn: every status appears with a handful of children.
STATUSES = [CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW, CEStatus.MEDIUM]


# Our own made-up views, as a social worker might note them; no real child or family.
CHILD_VIEWS = (
    "Says the older friends look after them and buy them things, and does not see a problem. Wants "
    "to keep going to football and would like to talk to the school nurse rather than a new worker.",
    "Said they feel safer since the new phone was taken away, but worries what will happen about the "
    "money they owe. Would like help to move to a different class at school.",
    "Did not want to talk about the adults at the station. Said home is 'fine' and that what matters "
    "most is seeing their little brother.",
)
PARENT_VIEWS = (
    "Mother is worried and exhausted. She has changed the door locks and reports every missing "
    "episode, and would like help with transport to the child's new school.",
    "Father feels the school has overreacted, but agrees the child has been coming home late with "
    "things he did not buy. He will take part in the plan.",
    "Carer says the child is more settled since the last meeting and has been home on time most "
    "nights; she would like more support in the school holidays.",
)


def _working_day_before(days: int, region: str) -> date:
    day = timezone.localdate() - timedelta(days=days)
    while not scheduling.is_working_day(day, region):
        day -= timedelta(days=1)
    return day


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def add_demo_meetings(
    partnership: Partnership, users: dict[str, User], referrals: list[Any], rng: random.Random | None = None
) -> None:
    rng = rng or random.Random(2026)  # noqa: S311 - demo data, not security
    under_way = 0
    for number, referral in enumerate(referrals):
        child = referral.child
        if Pathway.objects.filter(child=child).exists():
            continue
        if number == len(referrals) - 1 and number >= 3:
            continue  # one child waits for CERAR to book their Level 1 meeting (the README's step 6)
        if number % 3 == 0:
            _upcoming_level1(child, users, rng)
        else:
            _pathway_under_way(child, referral, users, STATUSES[under_way % len(STATUSES)], rng)
            under_way += 1
    _flag_a_low_child(partnership, users)
    _this_months_level2(partnership, users)


def _upcoming_level1(child: Child, users: dict[str, User], rng: random.Random) -> None:
    region = policy_for(child.partnership_id).working_days_region
    day = scheduling.next_working_day(timezone.localdate() + timedelta(days=rng.randint(3, 12)), region)
    details = booking.Details(_at(day), Venue.ONLINE, "Video call", users["cerar"])
    meeting = booking.schedule_level1(child, details, by=users["cerar"])
    invitations.invite(meeting, [users["school"], users["police"], users["socialworker"]], by=users["cerar"])


def _pathway_under_way(child: Child, referral: Any, users: dict[str, User], status: str, rng: random.Random) -> None:
    cerar = users["cerar"]
    held_on = _working_day_before(rng.choice([20, 40, 70, 95]), policy_for(child.partnership_id).working_days_region)
    pathway = Pathway(child=child, referral=referral, opened_at=_at(held_on) - timedelta(days=7))
    pathway.save_tracked(cerar)
    level1 = Meeting(
        pathway=pathway,
        child=child,
        kind=MeetingKind.LEVEL1,
        state=MeetingState.HELD,
        scheduled_for=_at(held_on),
        held_at=_at(held_on, 12),
        venue=Venue.CHILDRENS_SERVICES,
        location="Fictional Town Hall, meeting room 2",
        chair=cerar,
        vulnerabilities="Fictional: missing from school twice this month; new older friends.",
        harm="Fictional: found with cash they could not explain.",
        strengths="Fictional: enjoys football and talks openly with their aunt.",
        family_responses="Fictional: parents set up a phone agreement and contact the school daily.",
        needs_to_happen="Fictional: a trusted adult at school; police to share what they can with parents.",
        scale=rng.randint(2, 7),
    )
    level1.save_tracked(cerar)
    for username in ("school", "police", "socialworker"):
        user = users[username]
        Invitation(
            meeting=level1, user=user, agency=user.agency, attendance=Attendance.ATTENDED, sent_at=level1.created_at
        ).save_tracked(cerar)
        involve(child, user, InvolvementKind.MEETING_INVITEE, by=cerar, reason="invited", source=level1)
    VoiceRecord(
        meeting=level1,
        child=child,
        voice_of=VoiceOf.CHILD,
        method=VoiceMethod.IN_PERSON,
        gathered_on=held_on - timedelta(days=3),
        views="Fictional: " + rng.choice(CHILD_VIEWS),
    ).save_tracked(users["socialworker"])
    VoiceRecord(
        meeting=level1,
        child=child,
        voice_of=VoiceOf.PARENT_CARER,
        relationship="Mother",
        method=VoiceMethod.EMAIL,
        gathered_on=held_on - timedelta(days=2),
        views="Fictional: " + rng.choice(PARENT_VIEWS),
    ).save_tracked(cerar)
    Contribution(
        meeting=level1,
        agency=users["police"].agency,
        contributor=users["police"],
        information="Fictional: seen twice with an adult of concern near the station.",
        shareable_with_family="Fictional: police are concerned about who the child spends time with near the station.",
        not_shareable_reason="Fictional: the rest would identify the source.",
    ).save_tracked(cerar)
    _decide(level1, child, status, cerar)
    _plan(level1, child, users, held_on)
    _review(level1, child, status, users, held_on)


def _decide(meeting: Meeting, child: Child, status: str, by: User) -> None:
    StatusDecision(
        meeting=meeting,
        child=child,
        previous_status=child.ce_status,
        status=status,
        ce_types=["cce"] if status != CEStatus.LOW else ["cse"],
        rationale="Fictional: the meeting weighed the worries against the family's strong response.",
        suggested_level=meeting.pathway.referral.suggested_level if meeting.pathway.referral else "",
        suggestion_reasons=list(meeting.pathway.referral.suggestion_reasons) if meeting.pathway.referral else [],
        decided_at=meeting.held_at or timezone.now(),
    ).save_tracked(by)
    child.set_status_from_meeting(status)
    if status in (CEStatus.HIGH, CEStatus.MEDIUM):
        child.allocated_social_worker = (
            child.allocated_social_worker or meeting.invitations.get(user__role="social_worker").user
        )
    child.save_tracked(by)


def _plan(meeting: Meeting, child: Child, users: dict[str, User], held_on: date) -> None:
    for username, what, days, status in (
        ("school", "Fictional: name a trusted adult at school and agree daily check-ins.", 14, ActionStatus.DONE),
        ("police", "Fictional: share with the parents what can be shared about the adult of concern.", 10, None),
        ("socialworker", "Fictional: visit at home with the child's aunt.", 60, ActionStatus.IN_PROGRESS),
    ):
        owner = users[username]
        action = Action(
            child=child,
            meeting=meeting,
            description=what,
            owner=owner,
            owner_agency=owner.agency,
            due_on=held_on + timedelta(days=days),
            status=status or ActionStatus.NOT_STARTED,
            completed_on=held_on + timedelta(days=days - 2) if status == ActionStatus.DONE else None,
        )
        action.save_tracked(users["cerar"])
        involve(child, owner, InvolvementKind.ACTION_OWNER, by=users["cerar"], reason="owns an action", source=action)


def _review(meeting: Meeting, child: Child, status: str, users: dict[str, User], held_on: date) -> None:
    policy = policy_for(child.partnership_id)
    plan = scheduling.review_plan(status, held_on, policy)
    if plan is None:
        return
    chair = scheduling.proposed_chair(child, plan.chair_role)
    if chair is None:
        chair = users["manager"] if plan.chair_role == "team_manager" else users["leadprofessional"]
    if plan.chair_role == "lead_professional" and child.lead_professional_id is None:
        child.lead_professional = chair
        child.save_tracked(users["cerar"])
        involve(child, chair, InvolvementKind.LEAD_PROFESSIONAL, by=users["cerar"], reason="named at Level 1")
    review = Meeting(
        pathway=meeting.pathway,
        child=child,
        kind=MeetingKind.REVIEW,
        scheduled_for=_at(plan.due_on),
        due_on=plan.due_on,
        venue=scheduling.proposed_venue(status, Venue.EARLY_HELP, policy),
        location="Fictional: to be confirmed",
        chair=chair,
        previous=meeting,
        status_under_review=status,
    )
    review.save_tracked(users["cerar"])
    if not chair.sees_whole_partnership:
        involve(child, chair, InvolvementKind.MEETING_INVITEE, by=users["cerar"], reason="chairs", source=review)


def _flag_a_low_child(partnership: Partnership, users: dict[str, User]) -> None:
    low = Child.objects.filter(partnership=partnership, ce_status=CEStatus.LOW, ce_pathways__closed_at__isnull=True)
    child = low.exclude(level2_flags__isnull=False).first()
    if child is not None:
        flags.flag_for_level2(
            child, reason="Fictional: seen with a peer group linked to county lines.", by=users["police"]
        )


def _this_months_level2(partnership: Partnership, users: dict[str, User]) -> None:
    month = timezone.localdate().replace(day=1)
    if Level2Meeting.objects.filter(partnership=partnership, month=month).exists():
        return
    day = scheduling.level2_date(month, policy_for(partnership.pk))
    details = booking.Details(_at(day), Venue.ONLINE, "Video call", users["cerar"])
    level2.create_level2(partnership, month=month, details=details, members=[users["level2"]], by=users["cerar"])
