"""The CE pathway after triage: Level 1 and review meetings, CE status history, safety plans,
and the monthly Level 2 meeting.

Every record about a child keeps a `child` link (directly, or through its meeting or action) so
that its queryset can be scoped with `visible_to(user)`: a person sees these records only for
children they may see. Status changes only through a meeting outcome (see `outcomes.py`) and each
change is a new `StatusDecision` row: history is never rewritten.
"""

from datetime import date, datetime, time
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from cepathway.children.models import CEStatus, Child, about_visible_children
from cepathway.core.models import TrackedModel
from cepathway.core.policy import Venue
from cepathway.core.scoping import ScopedQuerySet
from cepathway.people.models import Agency, Partnership
from cepathway.policy.wording import level2_reason_labels
from cepathway.referrals.models import CEType, Referral

MAX_TEXT = 10_000
MAX_SHORT_TEXT = 2_000

VENUE_CHOICES = list(Venue.LABELS.items())


def ce_type_labels(values: list[str]) -> list[str]:
    labels = dict(CEType.choices)
    return [labels.get(value, value) for value in values]


def policy_version_field(help_text: str) -> Any:
    """Which version of the partnership's policy a record was made under, so it can be explained later."""
    return models.ForeignKey(
        "policy.PolicyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=help_text
    )


class ChildRecordQuerySet(ScopedQuerySet[Any]):
    """Rows with a `child` field: visible when the child is."""

    # The row's own copy of its child's partnership, when it keeps one (`about_visible_children`).
    own_partnership = ""

    def visible_to(self, user: Any) -> Self:
        return self.filter(about_visible_children(user, own_partnership=self.own_partnership))


class NeedToKnowQuerySet(ChildRecordQuerySet):
    """What happens about a child on the pathway (its meetings, status decisions, safety plan, Level 2):
    visible where the child's people are shown to `user` (`ChildQuerySet.whose_people_are_shown_to`).
    Someone involved only because they referred the child is told on their referral that a meeting is
    booked and when, not who meets, decides or owns what (need to know, issue 11)."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(about_visible_children(user, people_shown=True, own_partnership=self.own_partnership))


class MeetingRecordQuerySet(ScopedQuerySet[Any]):
    """Rows that belong to a meeting: visible when the meeting is."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


# --- The pathway: from Level 1 to the meeting that ends it ----------------------------------------


class ClosureReason(models.TextChoices):
    NO_STATUS = "no_status", "No CE status is needed: the worries have reduced"
    SAFE_ENOUGH = "safe_enough", "Safety goals met: the child is safe enough"
    STEPPED_DOWN = (
        "stepped_down",
        "Support continues through another plan (child in need, child protection, Early Help)",
    )
    MOVED_AWAY = "moved_away", "The child has moved out of the partnership's area"
    TURNED_18 = "turned_18", "The child has turned 18 (adult safeguarding informed where needed)"
    OTHER = "other", "Another reason (explain)"


class Pathway(TrackedModel):
    """One episode of a child on the CE pathway: opened when Level 1 is scheduled, ended by a
    meeting outcome with a reason. A child has at most one open pathway."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="ce_pathways")
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="ce_pathways"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_detail = models.TextField(max_length=MAX_SHORT_TEXT, blank=True)
    closed_by_meeting = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="closed_pathways"
    )

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(closed_at__isnull=True), name="one_open_pathway"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closure_reason=""), name="pathway_closed_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"CE pathway from {self.opened_at:%d %B %Y}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    def save(self, *args: Any, **kwargs: Any) -> None:
        opened_from = self.referral_id if self._state.adding else None
        super().save(*args, **kwargs)
        if opened_from is not None:
            Referral.objects.filter(pk=opened_from, pathway_opened_at__isnull=True).update(
                pathway_opened_at=self.opened_at
            )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


# --- Meetings ----------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    LEVEL1 = "level1", "Level 1 meeting"
    REVIEW = "review", "Review meeting"


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held: outcome recorded"
    CANCELLED = "cancelled", "Cancelled"


class MeetingQuerySet(NeedToKnowQuerySet):
    own_partnership = "partnership"

    def visible_to(self, user: Any) -> Self:
        """The meetings of children whose people `user` may know of, and those they chair or are
        invited to (the invitation not withdrawn) of children they may see."""
        if getattr(user, "pk", None) is None:
            return self.none()
        scope = about_visible_children(user, people_shown=True, own_partnership=self.own_partnership)
        if user.sees_whole_partnership:
            return self.filter(scope)  # every meeting of the partnership: chairing or an invitation adds none
        invited = Invitation.objects.filter(meeting=OuterRef("pk"), user=user, withdrawn_at__isnull=True)
        own = about_visible_children(user) & (Q(chair=user) | Exists(invited))
        return self.filter(scope | own)

    def scheduled(self) -> Self:
        return self.filter(state=MeetingState.SCHEDULED)

    def overdue(self, today: date | None = None) -> Self:
        """Scheduled meetings whose date, or whose due date by policy, has passed (`Meeting.is_overdue`)."""
        today = today or timezone.localdate()
        start_of_today = timezone.make_aware(datetime.combine(today, time.min))
        return self.scheduled().filter(Q(scheduled_for__lt=start_of_today) | Q(due_on__lt=today))

    def chaired_by(self, user: Any) -> Self:
        return self.filter(chair=user)

    def with_invitee(self, user: Any) -> Self:
        """Meetings `user` is invited to (the invitation not withdrawn)."""
        return self.filter(invitations__user=user, invitations__withdrawn_at__isnull=True).distinct()


class Meeting(TrackedModel):
    """A Level 1 meeting or a review, with what was discussed and decided.

    Several people edit a meeting's record: every edit goes through `save_versioned`, so the
    second of two people saving is told and nothing is overwritten.
    """

    DISCUSSION_FIELDS = ("vulnerabilities", "harm", "strengths", "family_responses", "needs_to_happen", "scale")

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="meetings")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="ce_meetings")
    # The child's partnership, kept on the meeting so that a partnership's overdue reviews are found
    # by their own index rather than among every partnership's (issue 8). Set on save.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False
    )
    kind = models.CharField(max_length=10, choices=MeetingKind.choices)
    state = models.CharField(max_length=10, choices=MeetingState.choices, default=MeetingState.SCHEDULED)
    scheduled_for = models.DateTimeField()
    due_on = models.DateField(null=True, blank=True, help_text="For a review: the date policy set.")
    venue = models.CharField(max_length=30, choices=VENUE_CHOICES)
    location = models.CharField(
        max_length=300, blank=True, help_text="Room and address, or how to join online. Shared with invitees."
    )
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_meetings")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_meetings")
    status_under_review = models.CharField(
        max_length=10, choices=CEStatus.choices, blank=True, help_text="For a review: the status being reviewed."
    )

    # What was discussed, in a strengths-based form (Signs of Safety).
    vulnerabilities = models.TextField("What we are worried about: vulnerabilities", max_length=MAX_TEXT, blank=True)
    harm = models.TextField("What we are worried about: harm and potential harm", max_length=MAX_TEXT, blank=True)
    strengths = models.TextField("What is working well: the child's strengths", max_length=MAX_TEXT, blank=True)
    family_responses = models.TextField("What is working well: the family's responses", max_length=MAX_TEXT, blank=True)
    needs_to_happen = models.TextField("What needs to happen", max_length=MAX_TEXT, blank=True)
    scale = models.PositiveSmallIntegerField(
        "Scale (0 to 10)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="0 means harm is certain; 10 means the child is safe enough for the pathway to end.",
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=500, blank=True)
    late_reason = models.CharField(
        "Why it was recorded after it was held",
        max_length=500,
        blank=True,
        help_text="Only for a meeting held before it was booked here: an urgent meeting, or a case moved in.",
    )
    policy_version = policy_version_field(
        "The version of the partnership's policy that set this meeting's chair, place and due date."
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_for"]
        indexes = [
            models.Index(fields=["child", "state"]),
            models.Index(fields=["chair", "state", "scheduled_for"]),
            # Scheduled meetings soonest first (the Meetings list, overdue reviews), and the reviews
            # overdue by their due date, without reading the partnership's held meetings.
            models.Index(fields=["scheduled_for", "id"], condition=Q(state="scheduled"), name="meeting_scheduled_when"),
            models.Index(fields=["due_on"], condition=Q(state="scheduled"), name="meeting_scheduled_due"),
            # A partnership's overdue reviews (managers, CERAR): its scheduled meetings soonest first.
            models.Index(
                fields=["partnership", "scheduled_for", "id"],
                condition=Q(state="scheduled"),
                name="meeting_scheduled_partnership",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=0, scale__lte=10), name="meeting_scale_0_to_10"
            ),
            models.CheckConstraint(condition=~Q(state="held") | Q(held_at__isnull=False), name="meeting_held_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {timezone.localtime(self.scheduled_for):%-d %B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.partnership_id = self.partnership_id or self.child.partnership_id
        super().save(*args, **kwargs)

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_scheduled(self) -> bool:
        return self.state == MeetingState.SCHEDULED

    @property
    def is_held(self) -> bool:
        return self.state == MeetingState.HELD

    @property
    def scheduled_on(self) -> date:
        return timezone.localtime(self.scheduled_for).date()

    @property
    def due_by(self) -> date:
        """The day the meeting must be held by: its date, or the date policy set for it when earlier."""
        return self.scheduled_on if self.due_on is None else min(self.scheduled_on, self.due_on)

    def is_overdue(self, today: date | None = None) -> bool:
        """A scheduled meeting whose date, or policy's due date for it, has passed with no outcome.
        The one statement of "overdue": `MeetingQuerySet.overdue` asks the database the same."""
        return self.is_scheduled and self.due_by < (today or timezone.localdate())

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def recorded_late(self) -> bool:
        """Held before it was booked here, and recorded afterwards (`held_afterwards`)."""
        return bool(self.late_reason)

    def may_record(self, today: date | None = None) -> bool:
        """What happened at the meeting (attendance, contributions, discussion, outcome) is recorded
        from the meeting's day on, never for a cancelled meeting."""
        return not self.is_cancelled and self.scheduled_on <= (today or timezone.localdate())

    @property
    def has_discussion(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in self.DISCUSSION_FIELDS)

    def current_invitations(self) -> Any:
        """The invitations that stand (not withdrawn), with the people and agencies."""
        return self.invitations.filter(withdrawn_at__isnull=True).select_related("user", "agency")

    @property
    def decision_or_none(self) -> "StatusDecision | None":
        try:
            return self.decision
        except StatusDecision.DoesNotExist:
            return None

    @property
    def next_meeting(self) -> "Meeting | None":
        """The review this meeting's outcome scheduled, if any."""
        return self.next_meetings.select_related("chair").first()


class Attendance(models.TextChoices):
    NOT_RECORDED = "not_recorded", "Not recorded yet"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend, no apologies"


class Invitation(TrackedModel):
    """A professional invited to a meeting. Being invited lets them see the child's record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_invitations")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.NOT_RECORDED)
    apology_note = models.CharField(max_length=500, blank=True)

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(withdrawn_at__isnull=True), name="invite_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency or 'no agency'})"

    @property
    def audit_child_id(self) -> Any:
        return self.meeting.child_id


class VoiceOf(models.TextChoices):
    CHILD = "child", "The child"
    PARENT_CARER = "parent_carer", "Parent or carer"


class VoiceMethod(models.TextChoices):
    IN_PERSON = "in_person", "Met in person"
    TELEPHONE = "telephone", "By telephone"
    EMAIL = "email", "Sent in by email (entered by CERAR)"
    ONLINE = "online", "Sent through a single-use link for their views"


class VoiceRecord(TrackedModel):
    """The views of the child or of a parent or carer, gathered before the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="voices")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    voice_of = models.CharField("Whose views", max_length=20, choices=VoiceOf.choices)
    relationship = models.CharField(
        "Relationship to the child", max_length=100, blank=True, help_text="For a parent or carer, e.g. mother."
    )
    method = models.CharField("How the views were given", max_length=20, choices=VoiceMethod.choices)
    gathered_on = models.DateField("Date the views were given")
    views = models.TextField("Their views, in their words where possible", max_length=MAX_TEXT)
    read_out = models.BooleanField("To be read out at the meeting", default=True)

    objects = NeedToKnowQuerySet.as_manager()

    class Meta:
        ordering = ["gathered_on", "created_at"]

    def __str__(self) -> str:
        return f"Views of {self.get_voice_of_display().lower()}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id


class CallState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ARRANGED = "arranged", "Arranged"
    HELD = "held", "Held"
    DECLINED = "declined", "No longer wanted"


class CallRequest(TrackedModel):
    """A request from the child or family for a telephone discussion with CERAR before the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="call_requests")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    requested_by = models.CharField("Who asked", max_length=20, choices=VoiceOf.choices)
    contact_name = models.CharField("Name of the person to call", max_length=200)
    contact_phone = models.CharField("Telephone number", max_length=40)
    best_times = models.CharField("Best times to call", max_length=300, blank=True)
    state = models.CharField(max_length=20, choices=CallState.choices, default=CallState.REQUESTED)
    arranged_for = models.DateTimeField(null=True, blank=True)
    arranged_with = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(max_length=MAX_SHORT_TEXT, blank=True)

    objects = NeedToKnowQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Telephone discussion requested by {self.get_requested_by_display().lower()}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id


class Contribution(TrackedModel):
    """What one agency brought to the meeting, and what of it may be shared with the family."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="contributions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    information = models.TextField("Information shared at the meeting", max_length=MAX_TEXT)
    shareable_with_family = models.TextField(
        "What of it may be shared with the child and family", max_length=MAX_TEXT, blank=True
    )
    not_shareable_reason = models.CharField("Why the rest may not be shared", max_length=MAX_SHORT_TEXT, blank=True)

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Contribution from {self.agency}"

    @property
    def audit_child_id(self) -> Any:
        return self.meeting.child_id


# --- Status: decided at a meeting, never edited ------------------------------------------------


class StatusDecisionQuerySet(NeedToKnowQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Status history is never rewritten: record a new meeting outcome.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Status history is never rewritten.")


class StatusDecision(TrackedModel):
    """A meeting's outcome: the CE status it set, why, and beside what the checklist suggested.

    The only way a child's CE status changes (see outcomes.record_outcome). Rows are never
    updated or deleted.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="decision")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="ce_status_history")
    previous_status = models.CharField(max_length=10, choices=CEStatus.choices)
    status = models.CharField(max_length=10, choices=CEStatus.choices)
    ce_types = models.JSONField(default=list, blank=True)
    rationale = models.TextField(max_length=MAX_TEXT)
    suggested_level = models.CharField(max_length=10, choices=CEStatus.choices, blank=True)
    suggestion_reasons = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    policy_version = policy_version_field(
        "The version of the partnership's policy the outcome was decided under: it set the next review."
    )

    objects = StatusDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at"]
        get_latest_by = "decided_at"

    def __str__(self) -> str:
        return f"{self.get_previous_status_display()} → {self.get_status_display()}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def ce_type_labels(self) -> list[str]:
        return ce_type_labels(self.ce_types)

    @property
    def differs_from_suggestion(self) -> bool:
        return bool(self.suggested_level) and self.suggested_level != self.status

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Status history is never rewritten: record a new meeting outcome.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Status history is never rewritten.")


# --- Safety plan -------------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class ActionQuerySet(NeedToKnowQuerySet):
    own_partnership = "partnership"

    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today: date | None = None) -> "ActionQuerySet":
        """Open actions past their due date (`Action.is_overdue`)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def overdue_first(self, today: date | None = None) -> "ActionQuerySet":
        today = today or timezone.localdate()
        overdue = Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
        return self.order_by(overdue, "due_on")


class Action(TrackedModel):
    """One action of a child's safety plan (or of a Level 2 discussion): what, who, by when."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="ce_actions")
    # The child's partnership, kept on the action so that a partnership's overdue actions are found
    # by their own index rather than among every partnership's (issue 8). Set on save.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False
    )
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    level2_item = models.ForeignKey(
        "Level2Item", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField("What needs to be done", max_length=MAX_SHORT_TEXT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ce_actions")
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("Due by")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"]),
            models.Index(fields=["child", "status"]),
            # Overdue actions across a partnership, longest overdue first: open ones only, by due date.
            models.Index(fields=["due_on", "id"], condition=Q(status__in=OPEN_ACTION_STATUSES), name="action_open_due"),
            # The same, within one partnership (the overdue overview and the managers' My work).
            models.Index(
                fields=["partnership", "due_on", "id"],
                condition=Q(status__in=OPEN_ACTION_STATUSES),
                name="action_open_partnership_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(level2_item__isnull=False), name="action_from_a_meeting"
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.partnership_id = self.partnership_id or self.child.partnership_id
        super().save(*args, **kwargs)

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class ActionUpdateQuerySet(ScopedQuerySet[Any]):
    def visible_to(self, user: Any) -> "ActionUpdateQuerySet":
        return self.filter(action__in=Action.objects.visible_to(user))


class ActionUpdate(TrackedModel):
    """A progress note on an action, with the status it left the action in."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    note = models.TextField("Progress", max_length=MAX_SHORT_TEXT)
    status_before = models.CharField(max_length=20, choices=ActionStatus.choices)
    status_after = models.CharField("Status now", max_length=20, choices=ActionStatus.choices)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.note[:80]

    @property
    def audit_child_id(self) -> Any:
        return self.action.child_id


# --- Level 2 -----------------------------------------------------------------------------------


class Level2QuerySet(ScopedQuerySet["Level2Meeting"]):
    def visible_to(self, user: Any) -> "Level2QuerySet":
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        return self.filter(partnership_id=user.partnership_id)


class Level2Meeting(TrackedModel):
    """The partnership's monthly multi-agency meeting (Level 2). Its agenda: every High and Medium
    child, and Low children flagged by exception. Who sees which item is the child's scope."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="level2_meetings")
    month = models.DateField(help_text="The first day of the month the meeting is for.")
    scheduled_for = models.DateTimeField()
    venue = models.CharField(max_length=30, choices=VENUE_CHOICES)
    location = models.CharField(max_length=300, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="level2_meetings")
    held_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(max_length=MAX_TEXT, blank=True)

    objects = Level2QuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["partnership", "month"], name="one_level2_a_month")]

    def __str__(self) -> str:
        return f"Level 2 meeting, {self.month:%B %Y}"

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def scheduled_on(self) -> date:
        return timezone.localtime(self.scheduled_for).date()

    def may_record(self, today: date | None = None) -> bool:
        """Decisions, and the meeting as held, are recorded from its day on."""
        return self.scheduled_on <= (today or timezone.localdate())


class Level2FlagQuerySet(NeedToKnowQuerySet):
    def waiting(self) -> "Level2FlagQuerySet":
        return self.filter(level2_meeting__isnull=True, withdrawn_at__isnull=True)


class Level2Flag(TrackedModel):
    """Someone asks for a Low child to be discussed at the next Level 2, by exception: who and why."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="level2_flags")
    reason = models.TextField("Why this child should be discussed at Level 2", max_length=MAX_SHORT_TEXT)
    level2_meeting = models.ForeignKey(
        Level2Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = Level2FlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Flagged for Level 2 by {self.created_by}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id


class AgendaReason(models.TextChoices):
    STATUS = "status", "High or Medium CE status"
    FLAGGED = "flagged", "Low status, flagged by exception"


class Level2Item(TrackedModel):
    """One child on a Level 2 agenda, with what the panel decided."""

    level2_meeting = models.ForeignKey(Level2Meeting, on_delete=models.PROTECT, related_name="items")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="level2_items")
    reason = models.CharField(max_length=10, choices=AgendaReason.choices)
    status_when_listed = models.CharField(max_length=10, choices=CEStatus.choices)
    flag = models.ForeignKey(Level2Flag, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decisions = models.TextField("Decisions", max_length=MAX_TEXT, blank=True)

    objects = NeedToKnowQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["level2_meeting", "child"], name="child_once_per_agenda")]

    def __str__(self) -> str:
        return f"{self.child} at {self.level2_meeting}"

    def reason_label(self, policy: Any) -> str:
        """Why the child is on the agenda, in the words of the partnership's policy."""
        return level2_reason_labels(policy)[self.reason]

    @property
    def audit_child_id(self) -> Any:
        return self.child_id


# --- Reminders -----------------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due within the reminder window"
    OVERDUE = "overdue", "Overdue"


class ReminderSent(models.Model):
    """What the daily reminder told whom, so nobody is told twice about the same thing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item_type = models.CharField(max_length=20)  # "review" or "action"
    item_id = models.UUIDField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "item_type", "item_id", "kind", "due_on"], name="remind_once_per_kind_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.item_type} {self.item_id} {self.kind}"
