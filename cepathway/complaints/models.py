"""Concerns and complaints about a meeting or a plan, from informal resolution to the complaints service.

A parent, carer or child (or someone on their behalf) raises a concern about a meeting, the safety
plan or something else. It is first for the child's social worker or the chair to resolve informally
(the informal stage); if that does not put it right it goes to the council's complaints service as a
formal complaint (the formal stage). Each stage is acknowledged and answered within the partnership's
time limits (`timing.py`); one definition of overdue (`Complaint.is_overdue`,
`ComplaintQuerySet.overdue`) serves every page, list and the API.

A complaint is sensitive: who may read one is narrower than who may see the child (rules.py).
"""

from datetime import date
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cepathway.children.models import Child, about_visible_children
from cepathway.core.models import TrackedModel
from cepathway.core.policy import PartnershipPolicy
from cepathway.core.scoping import ScopedQuerySet
from cepathway.meetings.models import MAX_SHORT_TEXT, MAX_TEXT, Meeting

from . import timing


class About(models.TextChoices):
    MEETING = "meeting", "A meeting"
    SAFETY_PLAN = "safety_plan", "The safety plan"
    OTHER = "other", "Something else"


class RaisedBy(models.TextChoices):
    PARENT_CARER = "parent_carer", "A parent or carer"
    CHILD = "child", "The child"
    ON_BEHALF = "on_behalf", "Someone else on their behalf"


class ReceivedHow(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    EMAIL = "email", "By email"
    LETTER = "letter", "By letter"


class Stage(models.TextChoices):
    INFORMAL = "informal", "Informal: with the social worker or chair"
    FORMAL = "formal", "Formal: with the council's complaints service"


class Outcome(models.TextChoices):
    RESOLVED_INFORMALLY = "resolved_informally", "Resolved informally"
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StepKind(models.TextChoices):
    RECORDED = "recorded", "Concern recorded"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESPONDED = "responded", "Answered"
    ESCALATED = "escalated", "Made a formal complaint"
    CLOSED = "closed", "Closed"


SHORT_STAGE = {Stage.INFORMAL: "Informal", Stage.FORMAL: "Formal"}


class ComplaintQuerySet(ScopedQuerySet["Complaint"]):
    def visible_to(self, user: Any) -> Self:
        """Complaints about the children `user` may see. Who may open one is narrower still:
        `complaints.view_complaint` (rules.py); lists use `known_to`."""
        return self.filter(about_visible_children(user))

    def known_to(self, user: Any) -> Self:
        """Of rows already `visible_to(user)`, those `user` may read (rules.knows_of, as a query):
        CERAR and team managers every one; anyone else those they handle or recorded, those about a
        child they are the allocated social worker or lead professional of, and those about a meeting
        they chair. Reach it through `access.known_to(user)`."""
        from .rules import KNOW_ALL_ROLES

        if getattr(user, "role", "") in KNOW_ALL_ROLES:
            return self
        return self.filter(
            Q(handler=user)
            | Q(created_by=user)
            | Q(child__allocated_social_worker=user)
            | Q(child__lead_professional=user)
            | Q(meeting__chair=user)
        )

    def open(self) -> Self:
        return self.filter(closed_on__isnull=True)

    def overdue(self, today: date | None = None, *, partnership_ids: Any = None) -> Self:
        """Open complaints whose current stage is past its acknowledgement or answer date by their
        partnership's policy (the same rule as `Complaint.is_overdue`)."""
        today = today or timezone.localdate()
        rows = self.open()
        if partnership_ids is None:
            partnership_ids = rows.values_list("child__partnership_id", flat=True).distinct()
        groups: dict[tuple[str, int, int, int], list[Any]] = {}
        for partnership_id in set(partnership_ids):
            policy = _policy(partnership_id)
            key = (
                policy.working_days_region,
                timing.acknowledge_days(policy),
                timing.respond_days(policy, Stage.INFORMAL),
                timing.respond_days(policy, Stage.FORMAL),
            )
            groups.setdefault(key, []).append(partnership_id)
        late = Q(pk__in=[])
        for (region, acknowledge, informal, formal), ids in groups.items():
            acknowledge_cut = timing.latest_start_overdue(today, acknowledge, region)
            not_acknowledged = Q(acknowledged_on__isnull=True)
            not_answered = Q(responded_on__isnull=True)
            informal_late = Q(stage=Stage.INFORMAL) & (
                (not_acknowledged & Q(received_on__lte=acknowledge_cut))
                | (not_answered & Q(received_on__lte=timing.latest_start_overdue(today, informal, region)))
            )
            formal_late = Q(stage=Stage.FORMAL) & (
                (not_acknowledged & Q(escalated_on__lte=acknowledge_cut))
                | (not_answered & Q(escalated_on__lte=timing.latest_start_overdue(today, formal, region)))
            )
            late |= Q(child__partnership_id__in=ids) & (informal_late | formal_late)
        return rows.filter(late)

    def in_partnership(self, partnership_id: Any) -> Self:
        return self.filter(child__partnership_id=partnership_id)


def _policy(partnership_id: Any) -> PartnershipPolicy:
    from cepathway.policy.services import policy_for

    return policy_for(partnership_id)


class Complaint(TrackedModel):
    """One concern or complaint about a child's meeting or plan, and where it has got to.

    The acknowledgement, answer and outcome are the current stage's: escalating to the formal stage
    starts them again, and what the informal stage said stays in the complaint's steps.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="complaints")
    about = models.CharField(max_length=20, choices=About.choices)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints", verbose_name="meeting"
    )
    about_detail = models.CharField(max_length=300, blank=True, verbose_name="what it is about")
    raised_by = models.CharField(max_length=20, choices=RaisedBy.choices)
    raiser_name = models.CharField(max_length=200, verbose_name="name of the person raising it")
    raiser_contact = models.CharField(max_length=500, blank=True, verbose_name="how to reach them")
    received_on = models.DateField()
    received_how = models.CharField(max_length=20, choices=ReceivedHow.choices)
    concern = models.TextField(max_length=MAX_TEXT, verbose_name="the concern")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.INFORMAL)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_handled", verbose_name="handler"
    )
    acknowledged_on = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True, verbose_name="answered on")
    response = models.TextField(max_length=MAX_TEXT, blank=True, verbose_name="the answer")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    escalated_on = models.DateField(null=True, blank=True, verbose_name="made a formal complaint on")
    sent_to_service = models.TextField(
        max_length=MAX_SHORT_TEXT, blank=True, verbose_name="what was sent to the complaints service"
    )
    service_reference = models.CharField(max_length=100, blank=True, verbose_name="complaints service reference")
    closed_on = models.DateField(null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [models.Index(fields=["child", "received_on"]), models.Index(fields=["handler", "closed_on"])]

    def __str__(self) -> str:
        return f"Concern received {self.received_on:%-d %B %Y}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    # --- Where it has got to ---------------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def is_formal(self) -> bool:
        return self.stage == Stage.FORMAL

    @property
    def stage_started_on(self) -> date:
        """The day the current stage began: received (informal) or sent to the complaints service."""
        return self.escalated_on if self.is_formal and self.escalated_on else self.received_on

    @property
    def progress(self) -> str:
        if self.is_closed:
            return "Closed"
        if self.responded_on:
            return "Answered"
        if self.acknowledged_on:
            return "Acknowledged"
        return "Received"

    @property
    def stage_label(self) -> str:
        return SHORT_STAGE.get(Stage(self.stage), "")

    @property
    def about_text(self) -> str:
        if self.about == About.MEETING and self.meeting_id is not None:
            return f"The {self.meeting}"
        if self.about == About.OTHER and self.about_detail:
            return self.about_detail
        return self.get_about_display()

    # --- Due dates and overdue (the one rule) ----------------------------------------------------

    def acknowledge_by(self, policy: PartnershipPolicy) -> date:
        return timing.add_working_days(
            self.stage_started_on, timing.acknowledge_days(policy), policy.working_days_region
        )

    def respond_by(self, policy: PartnershipPolicy) -> date:
        return timing.add_working_days(
            self.stage_started_on, timing.respond_days(policy, self.stage), policy.working_days_region
        )

    def late_steps(self, policy: PartnershipPolicy, today: date | None = None) -> list[str]:
        """What is overdue now: "acknowledge" and/or "respond" (none once closed)."""
        today = today or timezone.localdate()
        if self.is_closed:
            return []
        late = []
        if self.acknowledged_on is None and today > self.acknowledge_by(policy):
            late.append("acknowledge")
        if self.responded_on is None and today > self.respond_by(policy):
            late.append("respond")
        return late

    def is_overdue(self, policy: PartnershipPolicy, today: date | None = None) -> bool:
        return bool(self.late_steps(policy, today))

    def next_due(self, policy: PartnershipPolicy) -> tuple[str, date] | None:
        """The next step due and its date, for lists: ("Acknowledge", …) or ("Answer", …)."""
        if self.is_closed:
            return None
        if self.acknowledged_on is None:
            return "Acknowledge", self.acknowledge_by(policy)
        if self.responded_on is None:
            return "Answer", self.respond_by(policy)
        return None


class ComplaintStepQuerySet(ScopedQuerySet["ComplaintStep"]):
    def visible_to(self, user: Any) -> Self:
        return self.filter(about_visible_children(user, "complaint__child"))


class ComplaintStep(TrackedModel):
    """One step in a complaint's history: recorded, acknowledged, answered, escalated, closed."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    on = models.DateField()
    note = models.TextField(max_length=MAX_TEXT, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    objects = ComplaintStepQuerySet.as_manager()

    class Meta:
        ordering = ["on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on:%-d %B %Y}"

    @property
    def stage_label(self) -> str:
        return SHORT_STAGE.get(Stage(self.stage), "")

    @property
    def audit_child_id(self) -> Any:
        return self.complaint.child_id
