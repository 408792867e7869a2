"""Missing episodes, return home interviews and the triggers that prompt CERAR.

A missing episode is recorded for any child (on the pathway or not yet), while the child is still
missing or afterwards, in the shape of the DfE SSDA903 return (MISSING: M missing, A away without
authorisation; MIS_START, MIS_END). Each return brings a return home interview, due a number of
hours after the return set by the partnership's policy (`timescales.return_interview_hours`).

The rules the pages show are stated here once: `ReturnInterviewQuerySet.overdue` (panels, pages
and the API use it), `ReturnInterview.is_overdue`, `MissingEpisode.duration`.
"""

from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cepathway.children.models import Child, about_visible_children
from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet

MAX_TEXT = 10_000
MAX_SHORT_TEXT = 2_000


class ChildRecordQuerySet(ScopedQuerySet[Any]):
    """Rows with a `child` field: visible when the child is. Which roles may read them is the
    permission's job (rules.py), checked on every page and operation after scope."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(about_visible_children(user))


class EpisodeKind(models.TextChoices):
    # SSDA903 MISSING: M (missing) and A (away from placement without authorisation).
    MISSING = "missing", "Missing"
    ABSENT = "absent", "Away without authorisation (absent)"


class MissingFrom(models.TextChoices):
    HOME = "home", "Home"
    CARE = "care", "Care placement"
    SCHOOL = "school", "School"
    OTHER = "other", "Somewhere else"


class RiskGrading(models.TextChoices):
    """The police's grading of the risk while the child is missing."""

    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk (absent)"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    NOT_GRADED = "not_graded", "Not graded (not reported to the police)"


class MissingEpisodeQuerySet(ChildRecordQuerySet):
    def still_missing(self) -> Self:
        return self.filter(returned_at__isnull=True)

    def started_since(self, since: datetime) -> Self:
        return self.filter(started_at__gte=since)


class MissingEpisode(TrackedModel):
    """One time a child was missing or away without authorisation."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="missing_episodes")
    kind = models.CharField(max_length=10, choices=EpisodeKind.choices, default=EpisodeKind.MISSING)
    missing_from = models.CharField(max_length=10, choices=MissingFrom.choices)
    started_at = models.DateTimeField("Went missing")
    returned_at = models.DateTimeField("Returned or found", null=True, blank=True)
    where_found = models.CharField(max_length=300, blank=True)
    reported_to_police = models.BooleanField(default=True)
    police_reference = models.CharField(max_length=60, blank=True)
    risk_grading = models.CharField(max_length=20, choices=RiskGrading.choices, default=RiskGrading.NOT_GRADED)
    # Who reported the child missing: a named person and organisation, or (both left empty) the
    # person who recorded it (`created_by`).
    reported_by_name = models.CharField(max_length=200, blank=True)
    reported_by_organisation = models.CharField(max_length=200, blank=True)
    notes = models.TextField(max_length=MAX_TEXT, blank=True)

    objects = MissingEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["child", "started_at"])]

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at)
        return f"{self.get_kind_display()} from {self.get_missing_from_display().lower()}, {started:%-d %b %Y}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_still_missing(self) -> bool:
        return self.returned_at is None

    @property
    def duration(self) -> timedelta | None:
        return None if self.returned_at is None else self.returned_at - self.started_at

    @property
    def duration_text(self) -> str:
        length = self.duration
        if length is None:
            return "Still missing"
        hours = int(length.total_seconds() // 3600)
        if hours < 1:
            return "Under an hour"
        if hours < 48:
            return f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{hours // 24} days"

    @property
    def reported_by_text(self) -> str:
        if self.reported_by_name or self.reported_by_organisation:
            return ", ".join(part for part in (self.reported_by_name, self.reported_by_organisation) if part)
        return str(self.created_by) if self.created_by_id else ""


class InterviewState(models.TextChoices):
    TO_OFFER = "to_offer", "Not yet offered"
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined by the child"
    COMPLETED = "completed", "Completed"


# An interview still to be done: overdue once its due time has passed. A declined offer is done
# (the child was offered one and said no, which is recorded); so is a completed interview.
OPEN_STATES = (InterviewState.TO_OFFER, InterviewState.OFFERED, InterviewState.ACCEPTED)


class ReturnInterviewQuerySet(ChildRecordQuerySet):
    def still_open(self) -> Self:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, now: datetime | None = None) -> Self:
        """Not done (not completed, not declined) and its due time passed: the one definition."""
        return self.still_open().filter(due_by__lt=now or timezone.now())

    def for_person(self, user: Any) -> Self:
        """Those a person answers for: they conduct it, or they are the child's allocated social
        worker or lead professional."""
        return self.filter(
            Q(interviewer=user) | Q(child__allocated_social_worker=user) | Q(child__lead_professional=user)
        )


class ReturnInterview(TrackedModel):
    """The return home interview offered after one return (one per returned episode)."""

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="interview")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="return_interviews")
    due_by = models.DateTimeField()
    state = models.CharField(max_length=10, choices=InterviewState.choices, default=InterviewState.TO_OFFER)
    # The interviewer: a colleague in the service, or a named person of a commissioned organisation.
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="return_interviews"
    )
    interviewer_name = models.CharField(max_length=200, blank=True)
    interviewer_organisation = models.CharField(max_length=200, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    child_said = models.TextField("What the child said", max_length=MAX_TEXT, blank=True)
    mentions_exploitation = models.BooleanField(default=False)
    # When the interview was first recorded as mentioning exploitation: the prompt to CERAR's time.
    exploitation_noted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReturnInterviewQuerySet.as_manager()

    class Meta:
        ordering = ["due_by"]
        indexes = [models.Index(fields=["state", "due_by"])]

    def __str__(self) -> str:
        return f"Return home interview after {self.episode}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.due_by < (now or timezone.now())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def interviewer_text(self) -> str:
        if self.interviewer_id:
            return str(self.interviewer)
        return ", ".join(part for part in (self.interviewer_name, self.interviewer_organisation) if part)


class ConsiderationOutcome(models.TextChoices):
    CHECKLIST_STARTED = "checklist_started", "Checklist started"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class TriggerConsideration(TrackedModel):
    """CERAR's response to a prompt about a child's missing history. It answers every prompt about
    the child up to `created_at`; a later episode or interview that meets a trigger prompts again."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="missing_considerations")
    outcome = models.CharField(max_length=20, choices=ConsiderationOutcome.choices)
    reason = models.TextField(max_length=MAX_SHORT_TEXT, blank=True)
    prompted_by = models.CharField(max_length=300, blank=True, help_text="What prompted it, as the prompt said.")

    objects = ChildRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["child", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.created_at:%d %b %Y})"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id
