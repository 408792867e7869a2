"""Pathways and their meetings, as the meeting services leave them: a Level 1 held with its status
decision, reviews at the policy's cadence, the next review booked (some overdue), invitations,
contributions, the child's views, safety plan actions (some overdue, some done) and the
involvements that let the professionals see the child. A closed pathway ends with a "no status"
outcome, its open actions closed and its meeting involvements ended."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count

from cepathway.children.models import CEStatus, Child, Involvement, InvolvementKind
from cepathway.core.policy import Venue
from cepathway.meetings.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Attendance,
    ClosureReason,
    Contribution,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingState,
    Pathway,
    StatusDecision,
    VoiceMethod,
    VoiceOf,
    VoiceRecord,
)
from cepathway.people.models import Role, User
from cepathway.referrals.models import Referral

from .base import Dice, Sink, at, tracked
from .people import Staff

CLOSURE_REASONS = [ClosureReason.NO_STATUS, ClosureReason.SAFE_ENOUGH, ClosureReason.STEPPED_DOWN,
                   ClosureReason.MOVED_AWAY, ClosureReason.TURNED_18]  # fmt: skip
# How many of the first partnership's children each benchmark login works with (the brief's loads).
LOADS = {"socialworker": 15, "leadprofessional": 10, "school": 20, "police": 20}
OVERDUE_REVIEW_SHARE = 0.08


@dataclass
class Story:
    """What the Level 2 agenda needs of a pathway: the child, its statuses by day, and when it closed."""

    child: Child
    statuses: list[tuple[date, str]] = field(default_factory=list)
    opened_on: date | None = None
    closed_on: date | None = None

    def status_on(self, day: date) -> str:
        if self.opened_on is None or day < self.opened_on or (self.closed_on and day >= self.closed_on):
            return CEStatus.NONE
        current: str = CEStatus.NONE
        for when, status in self.statuses:
            if when > day:
                break
            current = status
        return current


@dataclass
class Plan:
    held: list[date]
    statuses: list[str]
    next_due: date


@dataclass
class Team:
    """Who works with the child: the worker who leads (social worker or lead professional) and partners."""

    lead: User
    partners: list[User]

    @property
    def everyone(self) -> list[User]:
        return [self.lead, *self.partners]


def current_loads(staff: Staff) -> dict[str, int]:
    """How many children on the pathway each benchmark login already works with: a partnership that
    grows (`build.grow_partnership`) keeps its people's caseloads."""
    working = Involvement.objects.active().filter(
        user__in=[staff.logins[username] for username in LOADS],
        kind__in=[InvolvementKind.ALLOCATED_WORKER, InvolvementKind.LEAD_PROFESSIONAL, InvolvementKind.MEETING_INVITEE],
        child__ce_pathways__closed_at__isnull=True,
    )
    counts = dict(working.values_list("user__username").annotate(children=Count("child", distinct=True)))
    return {username: counts.get(username, 0) for username in LOADS}


def agency_of(user: User) -> Any:
    return user.agency_id


class Pathways:
    def __init__(self, staff: Staff, dice: Dice, sink: Sink) -> None:
        self.staff, self.dice, self.sink = staff, dice, sink
        self.loads = current_loads(staff) if staff.logins else {}
        # The current pathway's actions and involvements, for closing it as `wind_up` does.
        self.actions: list[Action] = []
        self.involvements: list[Involvement] = []

    # --- who ------------------------------------------------------------------------------

    def _login_for(self, username: str) -> User | None:
        if username in self.loads and self.loads[username] < LOADS[username]:
            self.loads[username] += 1
            return self.staff.logins[username]
        return None

    def team(self, child: Child, status: str, is_open: bool) -> Team:
        staff, d = self.staff, self.dice
        if status == CEStatus.LOW:
            lead = (is_open and self._login_for("leadprofessional")) or d.pick(staff.by_role[Role.LEAD_PROFESSIONAL])
            child.lead_professional_id = lead.pk
        else:
            lead = (is_open and self._login_for("socialworker")) or d.pick(staff.by_role[Role.SOCIAL_WORKER])
            child.allocated_social_worker_id = lead.pk
            child.open_to_childrens_services = True
        school = (is_open and self._login_for("school")) or d.pick(staff.by_role[Role.PARTNER_PROFESSIONAL])
        police = (is_open and self._login_for("police")) or d.pick(staff.by_role[Role.POLICE_OFFICER])
        return Team(lead, [school, police])

    # --- a pathway ------------------------------------------------------------------------

    def open_plan(self, status: str, *, overdue: bool = False) -> "Plan":
        """The meetings of a pathway with `status` today: held at the policy's cadence, the next
        review due within one interval (some already overdue; always when `overdue`)."""
        every = self.staff.policy.review_rule(status).every  # type: ignore[union-attr]
        due = self.dice.today + timedelta(days=self.dice.between(0, every.days))
        if self.dice.chance(OVERDUE_REVIEW_SHARE) or overdue:
            due = self.dice.today - timedelta(days=self.dice.between(1, 10))
        held = [due - every]
        for _ in range(self.dice.between(0, 8 if status == CEStatus.HIGH else 4)):
            held.insert(0, held[0] - every)
        held = [self.dice.working_day(day) for day in held]
        statuses = [status] * len(held)
        if len(held) > 1 and status != CEStatus.HIGH and self.dice.chance(0.3):
            statuses[0] = CEStatus.HIGH  # stepped down since Level 1
        return Plan(held, statuses, next_due=due)

    def open_with_status(self, child: Child, referral: Referral, plan: "Plan") -> Story:
        return self._build(child, referral, plan.held, plan.statuses, closed_reason=None, next_due=plan.next_due)

    def closed(self, child: Child, referral: Referral, first: date, last: date) -> Story:
        status = self.dice.pick([CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.MEDIUM, CEStatus.LOW, CEStatus.LOW])
        every = self.staff.policy.review_rule(status).every  # type: ignore[union-attr]
        held = [self.dice.working_day(first)]
        while held[-1] + every < last:
            held.append(self.dice.working_day(held[-1] + every))
        statuses = [status] * (len(held) - 1) + [CEStatus.NONE] if len(held) > 1 else [CEStatus.NONE]
        reason = self.dice.pick(CLOSURE_REASONS)
        return self._build(child, referral, held, statuses, closed_reason=reason, next_due=None)

    def level1_booked(self, child: Child, referral: Referral, day: date) -> Story:
        """Level 1 scheduled (by CERAR, invitations sent), not yet held."""
        cerar = self.dice.pick(self.staff.by_role[Role.CERAR_LEAD])
        pathway = self._pathway(child, referral, day - timedelta(days=10), cerar)
        team = self.team(child, CEStatus.MEDIUM, is_open=False)
        meeting = self._meeting(pathway, child, MeetingKind.LEVEL1, day, cerar, previous=None, status="")
        self._invite(meeting, child, team, held=False)
        return Story(child, opened_on=pathway.opened_at.date())

    def _build(
        self,
        child: Child,
        referral: Referral,
        held: list[date],
        statuses: list[str],
        *,
        closed_reason: str | None,
        next_due: date | None,
    ) -> Story:
        d, staff = self.dice, self.staff
        self.actions, self.involvements = [], []
        cerar = d.pick(staff.by_role[Role.CERAR_LEAD])
        pathway = self._pathway(child, referral, held[0] - timedelta(days=d.between(7, 14)), cerar)
        story = Story(child, opened_on=pathway.opened_at.date())
        team = self.team(child, statuses[-1] if closed_reason is None else statuses[0], is_open=closed_reason is None)
        previous: Meeting | None = None
        status_before: str = CEStatus.NONE
        for number, (day, status) in enumerate(zip(held, statuses, strict=True)):
            kind = MeetingKind.LEVEL1 if number == 0 else MeetingKind.REVIEW
            chair = cerar if number == 0 else self._chair(status_before, team)
            meeting = self._meeting(pathway, child, kind, day, chair, previous=previous, status=status_before)
            meeting.state, meeting.held_at = MeetingState.HELD, at(day, 12)
            meeting.attendance_recorded_at = meeting.held_at
            self._discussion(meeting)
            self._invite(meeting, child, team, held=True)
            self._records_of_held(meeting, child, team, (status, status_before), chair, at(day, 12))
            story.statuses.append((day, status))
            previous, status_before = meeting, status
        child.ce_status = status_before
        child.version += len(held)
        if closed_reason is not None:
            self._close(pathway, previous, closed_reason)  # type: ignore[arg-type]
            story.closed_on = held[-1]
        elif next_due is not None:
            chair = self._chair(status_before, team)
            rule = staff.policy.review_rule(status_before)
            review = self._meeting(pathway, child, MeetingKind.REVIEW, next_due, chair, previous=previous,
                                   status=status_before, venue=rule.venues[0] if rule else Venue.ONLINE)  # fmt: skip
            review.due_on = next_due
            self._invite(review, child, team, held=False)
        self._allocations(child, team, when=at(held[0], 12), cerar=cerar, ended=closed_reason is not None)
        return story

    def _chair(self, status: str, team: Team) -> User:
        rule = self.staff.policy.review_rule(status)
        role = rule.chair_role if rule else Role.TEAM_MANAGER
        if role == Role.LEAD_PROFESSIONAL and team.lead.role == role:
            return team.lead
        return self.dice.pick(self.staff.by_role[role])

    # --- rows -----------------------------------------------------------------------------

    def _pathway(self, child: Child, referral: Referral, opened: date, by: User) -> Pathway:
        when = at(opened, 9)
        referral.pathway_opened_at = when  # as Pathway.save does; the referral is not written yet
        return self.sink.add(  # type: ignore[return-value]
            Pathway(
                id=self.dice.new_id(), child_id=child.pk, referral_id=referral.pk, opened_at=when, **tracked(by, when)
            )  # fmt: skip
        )

    def _meeting(
        self, pathway: Pathway, child: Child, kind: str, day: date, chair: User, *, previous: Meeting | None,
        status: str, venue: str = Venue.CHILDRENS_SERVICES,
    ) -> Meeting:  # fmt: skip
        booked = at(day, 10) - timedelta(days=21)
        meeting = Meeting(
            id=self.dice.new_id(), pathway_id=pathway.pk, child_id=child.pk, partnership_id=child.partnership_id,
            kind=kind, scheduled_for=at(day, 10),
            venue=venue, location="Fictional: meeting room 2", chair_id=chair.pk,
            previous_id=previous.pk if previous else None, status_under_review=status,
            due_on=day if kind == MeetingKind.REVIEW else None, **tracked(pathway.created_by_id, booked),
        )  # fmt: skip
        return self.sink.add(meeting)  # type: ignore[return-value]

    def _discussion(self, meeting: Meeting) -> None:
        meeting.vulnerabilities = "Fictional: missing from school twice this month; new older friends."
        meeting.harm = "Fictional: found with cash they could not explain."
        meeting.strengths = "Fictional: enjoys football and talks openly with their aunt."
        meeting.family_responses = "Fictional: the family agreed a phone plan with the school."
        meeting.needs_to_happen = "Fictional: a trusted adult at school; police to share what they can."
        meeting.scale = self.dice.between(2, 8)

    def _invite(self, meeting: Meeting, child: Child, team: Team, *, held: bool) -> None:
        for user in team.everyone:
            attendance = Attendance.NOT_RECORDED
            if held:
                attendance = Attendance.APOLOGIES if self.dice.chance(0.1) else Attendance.ATTENDED
            self.sink.add(
                Invitation(
                    id=self.dice.new_id(),
                    meeting_id=meeting.pk,
                    user_id=user.pk,
                    agency_id=user.agency_id,
                    sent_at=meeting.created_at,
                    attendance=attendance,
                    **tracked(meeting.created_by_id, meeting.created_at),
                )  # fmt: skip
            )
            self._involve(child, user, InvolvementKind.MEETING_INVITEE, meeting, meeting.created_at, "invited")

    def _records_of_held(
        self, meeting: Meeting, child: Child, team: Team, statuses: tuple[str, str], chair: User, when: datetime
    ) -> None:
        d, (status, before) = self.dice, statuses
        police = team.partners[1]
        self.sink.add(
            Contribution(
                id=d.new_id(),
                meeting_id=meeting.pk,
                agency_id=agency_of(police),
                contributor_id=police.pk,
                information="Fictional: seen twice with an adult of concern near the station.",
                shareable_with_family="Fictional: police are worried about who the child spends time with.",
                **tracked(chair, when),
            )  # fmt: skip
        )
        self.sink.add(
            VoiceRecord(
                id=d.new_id(),
                meeting_id=meeting.pk,
                child_id=child.pk,
                voice_of=VoiceOf.CHILD,
                method=VoiceMethod.IN_PERSON,
                gathered_on=when.date() - timedelta(days=3),
                views="Fictional: says the older friends look after them.",
                **tracked(team.lead, when),
            )  # fmt: skip
        )
        self.sink.add(
            StatusDecision(
                id=d.new_id(),
                meeting_id=meeting.pk,
                child_id=child.pk,
                previous_status=before,
                status=status,
                ce_types=[] if status == CEStatus.NONE else ["cce"],
                rationale="Fictional: the meeting weighed the worries against the family's response.",
                decided_at=when,
                policy_version_id=self.staff.policy.version_id,
                **tracked(chair, when),
            )  # fmt: skip
        )
        if status != CEStatus.NONE:
            for owner, days in ((team.partners[0], 14), (team.lead, 28)):
                self._action(meeting, child, owner, when, when.date() + timedelta(days=days), chair)

    def _action(self, meeting: Meeting, child: Child, owner: User, when: datetime, due: date, by: User) -> None:
        d = self.dice
        done = due < d.today - timedelta(days=14) or d.chance(0.3)
        action = Action(
            id=d.new_id(), child_id=child.pk, partnership_id=child.partnership_id, meeting_id=meeting.pk,
            owner_id=owner.pk, owner_agency_id=agency_of(owner),
            description="Fictional: check in with the child weekly at school.",
            due_on=due, status=ActionStatus.DONE if done else d.pick(["not_started", "in_progress"]),
            completed_on=min(due, d.today) if done else None, **tracked(by, when),
        )  # fmt: skip
        self.actions.append(self.sink.add(action))  # type: ignore[arg-type]
        if done:
            self._update(action, owner, ActionStatus.DONE, "Fictional: done, the child meets the mentor weekly.")
        self._involve(child, owner, InvolvementKind.ACTION_OWNER, action, when, "owns an action")

    def _update(self, action: Action, by: Any, to: str, note: str) -> None:
        self.sink.add(
            ActionUpdate(
                id=self.dice.new_id(),
                action_id=action.pk,
                note=note,
                status_before=action.status,
                status_after=to,
                **tracked(by, at(action.due_on, 16)),
            )  # fmt: skip
        )
        action.status, action.version = to, action.version + 1

    def _close(self, pathway: Pathway, meeting: Meeting, reason: str) -> None:
        """As `pathway.close` and `wind_up` leave it: open actions no longer needed, sight through
        meetings and actions ended."""
        pathway.closed_at, pathway.closure_reason, pathway.closed_by_meeting_id = meeting.held_at, reason, meeting.pk
        for action in self.actions:
            if action.is_open:
                self._update(action, meeting.chair_id, ActionStatus.NO_LONGER_NEEDED, "Fictional: the pathway ended.")
        ending = (InvolvementKind.MEETING_INVITEE, InvolvementKind.ACTION_OWNER)
        for involvement in self.involvements:
            if involvement.kind in ending:
                involvement.ended_at = meeting.held_at

    def allocate(self, child: Child, worker: User) -> None:
        """A child open to children's services with their social worker (who asked for a consultation)."""
        child.allocated_social_worker_id = worker.pk
        self.involvements = []
        self._involve(child, worker, InvolvementKind.ALLOCATED_WORKER, None, child.created_at, "allocated", by=worker)

    def _allocations(self, child: Child, team: Team, *, when: Any, cerar: User, ended: bool) -> None:
        kind = (
            InvolvementKind.ALLOCATED_WORKER
            if team.lead.role == Role.SOCIAL_WORKER
            else InvolvementKind.LEAD_PROFESSIONAL
        )
        self._involve(child, team.lead, kind, None, when, "named at Level 1", by=cerar)

    def _involve(
        self, child: Child, user: User, kind: str, source: Any, when: Any, reason: str, by: Any = None
    ) -> None:
        self.involvements.append(self.sink.add(  # type: ignore[arg-type]
            Involvement(
                id=self.dice.new_id(), child_id=child.pk, user_id=user.pk, kind=kind, reason=reason,
                source_type=source._meta.label if source is not None else "",
                source_id=str(source.pk) if source is not None else "",
                **tracked(by or getattr(source, "created_by_id", None), when),
            )
        ))  # fmt: skip
