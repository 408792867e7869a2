"""Each professional's child exploitation training and each organisation's CE champions.

These are records about people (professionals), not children: they are scoped by the person's
partnership, never by a child. How long training stays current is the partnership's policy
(`timescales.training_level1_valid_months`, `training_level2_valid_months`), applied when the record
is read, so a change of policy moves every expiry at once.

The one definition of "current", "lapsed" and "never trained" is here: training of a level is
current while its latest completion's expiry (`expires_on`: completed on, plus the policy's months)
is still to come; lapsed on and after that day; never trained with no completion of that level.
`earliest_current_completion` turns that into the one date a query compares with, and
`TrainingRecordQuerySet.standing` puts it on a partnership's people.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from cepathway.core.models import TrackedModel
from cepathway.core.policy import PartnershipPolicy

MAX_LINE = 200
MAX_TEXT = 4000


class Level(models.TextChoices):
    LEVEL1 = "level1", "Level 1 (eLearning)"
    LEVEL2 = "level2", "Level 2 (in person)"


class Standing(models.TextChoices):
    CURRENT = "current", "Current"
    LAPSED = "lapsed", "Lapsed"
    NEVER = "never", "Never trained"


# The policy's field for each level's months.
POLICY_FIELD = {Level.LEVEL1: "training_level1_valid_months", Level.LEVEL2: "training_level2_valid_months"}
# The prefix of each level's annotations on a person ("level1_last", "level1_standing").
LEVELS = (Level.LEVEL1, Level.LEVEL2)


def valid_months(policy: PartnershipPolicy, level: str) -> int:
    return int(getattr(policy.timescales, POLICY_FIELD[Level(level)]))


def expires_on(completed_on: date, months: int) -> date:
    """The day training completed on `completed_on` stops being current (it is lapsed from then)."""
    return completed_on + relativedelta(months=months)


def earliest_current_completion(today: date, months: int) -> date:
    """The earliest completion date whose training is still current `today`: a completion on or
    after it has `expires_on(...) > today`. Month arithmetic clips at a month's end (31 January plus
    one month is 28 or 29 February), so the day is found from `expires_on` itself, not by subtracting."""
    day = today - relativedelta(months=months)
    while expires_on(day, months) <= today:
        day += timedelta(days=1)
    while expires_on(day - timedelta(days=1), months) > today:
        day -= timedelta(days=1)
    return day


def standing_of(last_completed: date | None, today: date, months: int) -> str:
    """The standing of a person's latest completion of a level (the same rule the queries apply)."""
    if last_completed is None:
        return Standing.NEVER
    return Standing.CURRENT if last_completed >= earliest_current_completion(today, months) else Standing.LAPSED


@dataclass(frozen=True)
class LevelStanding:
    """One person's standing at one level, as pages and the API show it."""

    level: str
    standing: str
    last_completed: date | None
    expires_on: date | None

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label

    @property
    def sentence(self) -> str:
        """ "Level 1 training lapsed on 3 March 2026", "No Level 2 training recorded"."""
        name = "Level 1" if self.level == Level.LEVEL1 else "Level 2"
        if self.expires_on is None:
            return f"No {name} CE training recorded"
        when = f"{self.expires_on.day} {self.expires_on:%B %Y}"
        if self.standing == Standing.LAPSED:
            return f"{name} CE training lapsed on {when}"
        return f"{name} CE training current until {when}"


def level_standing(level: str, last_completed: date | None, policy: PartnershipPolicy, today: date) -> LevelStanding:
    months = valid_months(policy, level)
    expiry = expires_on(last_completed, months) if last_completed is not None else None
    return LevelStanding(level, standing_of(last_completed, today, months), last_completed, expiry)


class TrainingRecordQuerySet(models.QuerySet["TrainingRecord"]):
    def of_partnership(self, partnership_id: Any) -> "TrainingRecordQuerySet":
        return self.filter(person__agency__partnership_id=partnership_id)

    def standing(self, people: Any, policy: PartnershipPolicy, today: date | None = None) -> Any:
        """`people` (a User queryset of one partnership, whose policy is `policy`), each with
        `level1_last` / `level2_last` (the latest completion of the level, or None) and
        `level1_standing` / `level2_standing` ("current", "lapsed" or "never"), computed in the
        query (a subquery each, on the person-level-date index), so a list or a count by agency
        filters and groups on them."""
        today = today or timezone.localdate()
        annotations: dict[str, Any] = {}
        standings: dict[str, Any] = {}
        for level in LEVELS:
            last = f"{level}_last"
            latest = TrainingRecord.objects.filter(person=OuterRef("pk"), level=level).order_by("-completed_on")
            annotations[last] = Subquery(latest.values("completed_on")[:1])
            cutoff = earliest_current_completion(today, valid_months(policy, level))
            standings[f"{level}_standing"] = Case(
                When(**{f"{last}__isnull": True}, then=Value(Standing.NEVER.value)),
                When(**{f"{last}__gte": cutoff}, then=Value(Standing.CURRENT.value)),
                default=Value(Standing.LAPSED.value),
                output_field=CharField(),
            )
        return people.annotate(**annotations).annotate(**standings)


class TrainingRecord(TrackedModel):
    """One completion of Level 1 or Level 2 child exploitation training by one professional. Recorded
    by the person themselves or by their partnership's administrator (`created_by`); corrected by
    either, versioned. Its expiry is not stored: the policy of the day gives it (`expires_on`)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records", verbose_name="person"
    )
    level = models.CharField(max_length=10, choices=Level.choices, verbose_name="level")
    completed_on = models.DateField(verbose_name="date completed")
    provider = models.CharField(max_length=MAX_LINE, blank=True, verbose_name="course or provider")
    fictional = models.BooleanField(default=False)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "level"]
        indexes = [models.Index(fields=["person", "level", "completed_on"], name="training_person_level")]

    def __str__(self) -> str:
        return f"{Level(self.level).label}, {self.completed_on:%d/%m/%Y}"

    @property
    def partnership_id(self) -> Any:
        return self.person.partnership_id

    @property
    def self_recorded(self) -> bool:
        """Recorded by the person themselves (not yet looked at by an administrator)."""
        return self.created_by_id == self.person_id

    def expiry(self, policy: PartnershipPolicy) -> date:
        return expires_on(self.completed_on, valid_months(policy, self.level))


class ChampionQuerySet(models.QuerySet["ChampionAppointment"]):
    def of_partnership(self, partnership_id: Any) -> "ChampionQuerySet":
        return self.filter(agency__partnership_id=partnership_id)

    def current(self, today: date | None = None) -> "ChampionQuerySet":
        """Appointed by `today` and not ended by then (an appointment ends at the start of `until`)."""
        today = today or timezone.localdate()
        return self.filter(since__lte=today).filter(Q(until__isnull=True) | Q(until__gt=today))


class ChampionAppointment(TrackedModel):
    """A CE champion: an organisation's point of contact for child exploitation, who has access to
    extra training and the partnership's CE champions sessions. `until` is empty while current."""

    agency = models.ForeignKey(
        "people.Agency", on_delete=models.PROTECT, related_name="champions", verbose_name="organisation"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="champion_appointments",
        verbose_name="champion",
    )
    since = models.DateField(verbose_name="champion since")
    until = models.DateField(null=True, blank=True, verbose_name="champion until")
    contact_email = models.EmailField(blank=True, verbose_name="contact email")
    contact_phone = models.CharField(max_length=40, blank=True, verbose_name="contact phone")
    contact_notes = models.CharField(max_length=MAX_LINE, blank=True, verbose_name="how best to reach them")
    extra_training = models.TextField(
        blank=True, max_length=MAX_TEXT, verbose_name="champion sessions and extra training attended"
    )
    fictional = models.BooleanField(default=False)

    objects = ChampionQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "-since"]
        indexes = [models.Index(fields=["agency", "until"], name="champion_agency_until")]

    def __str__(self) -> str:
        return f"CE champion for {self.agency}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.until is None or self.until > today)

    @property
    def email(self) -> str:
        return self.contact_email or self.person.email

    @property
    def phone(self) -> str:
        return self.contact_phone or self.person.phone
