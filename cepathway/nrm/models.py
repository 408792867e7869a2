"""NRM referrals for children where trafficking or modern slavery is suspected, and their decisions.

A first responder organisation refers a child to the National Referral Mechanism (for a child this
also discharges the duty to notify, Modern Slavery Act 2015 s52); the competent authority makes a
reasonable grounds decision and, after a positive one, a conclusive grounds decision. The record
keeps what the partnership was told and when, and reminds when a decision is awaited past the
partnership policy's expected time (`NrmReferralQuerySet.awaited_past_expected`). It never decides
anything about the child: the decisions are the competent authority's.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cepathway.children.models import Child, about_visible_children
from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet
from cepathway.meetings import scheduling
from cepathway.policy.services import policy_for

MAX_TEXT = 5_000
MAX_LINE = 200


class FirstResponderKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    UKVI_BORDER_FORCE = "ukvi_border_force", "UK Visas and Immigration or Border Force"
    NCA = "nca", "National Crime Agency"
    GLAA = "glaa", "Gangmasters and Labour Abuse Authority"
    NGO = "ngo", "A listed non-governmental organisation"
    OTHER = "other", "Another first responder organisation"


class Exploitation(models.TextChoices):
    SEXUAL = "sexual", "Sexual exploitation"
    CRIMINAL = "criminal", "Criminal exploitation"
    LABOUR = "labour", "Labour exploitation"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    OTHER = "other", "Other exploitation"


class Decision(models.TextChoices):
    AWAITED = "awaited", "Awaited"
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


def working_days_after(start: date, end: date, region: str) -> int:
    """How many working days fall after `start` up to and including `end` (0 when `end` is not after it)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if scheduling.is_working_day(day, region):
            count += 1
    return count


def reasonable_grounds_cutoff(today: date, working_days: int, region: str) -> date:
    """The earliest referral date whose reasonable grounds decision is not yet past `working_days`
    working days on `today`: a referral made before it has waited more than that many."""
    day, seen = today, 0
    while True:
        if scheduling.is_working_day(day, region):
            seen += 1
            if seen == working_days + 1:
                return day
        day -= timedelta(days=1)


class NrmReferralQuerySet(ScopedQuerySet["NrmReferral"]):
    """Referrals are visible when the child is (what of them a person reads is rules.py's job)."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(about_visible_children(user))

    def open(self) -> Self:
        return self.filter(closed_on__isnull=True)

    def awaited_past_expected(self, today: date | None = None, partnership_ids: Iterable[Any] | None = None) -> Self:
        """Open referrals whose decision is awaited past the time its child's partnership policy expects:
        reasonable grounds awaited more than `timescales.nrm_reasonable_grounds_working_days` working days
        after the referral (bank holidays of `working_days_region`), or conclusive grounds awaited more than
        `timescales.nrm_conclusive_grounds_days` days after a positive reasonable grounds decision.

        The one statement of the reminder: pages, panels, the Level 2 line and the API all use it. One
        query for the partnerships when `partnership_ids` is not given, then one for the rows."""
        today = today or timezone.localdate()
        if partnership_ids is None:
            partnership_ids = set(self.values_list("child__partnership_id", flat=True).distinct())
        late = Q(pk__in=[])
        for partnership_id in partnership_ids:
            policy = policy_for(partnership_id)
            times = policy.timescales
            cutoff = reasonable_grounds_cutoff(
                today, times.nrm_reasonable_grounds_working_days, policy.working_days_region
            )
            chased = today - timedelta(days=times.nrm_conclusive_grounds_days)
            late |= Q(child__partnership_id=partnership_id) & (
                Q(reasonable_grounds=Decision.AWAITED, referred_on__lt=cutoff)
                | Q(
                    reasonable_grounds=Decision.POSITIVE,
                    conclusive_grounds=Decision.AWAITED,
                    reasonable_grounds_on__lt=chased,
                )
            )
        return self.open().filter(late)


class NrmReferral(TrackedModel):
    """One referral of a child to the National Referral Mechanism, and the decisions on it."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="nrm_referrals")
    first_responder_kind = models.CharField("first responder", max_length=30, choices=FirstResponderKind.choices)
    first_responder_name = models.CharField("first responder organisation", max_length=MAX_LINE)
    referred_on = models.DateField("date of the referral")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nrm_referrals_made"
    )
    exploitation = models.JSONField("exploitation suspected", default=list)
    exploitation_detail = models.CharField("other exploitation", max_length=MAX_LINE, blank=True)
    reasonable_grounds = models.CharField(
        "reasonable grounds decision", max_length=10, choices=Decision.choices, default=Decision.AWAITED
    )
    reasonable_grounds_on = models.DateField("date of the reasonable grounds decision", null=True, blank=True)
    conclusive_grounds = models.CharField(
        "conclusive grounds decision", max_length=10, choices=Decision.choices, default=Decision.AWAITED
    )
    conclusive_grounds_on = models.DateField("date of the conclusive grounds decision", null=True, blank=True)
    reconsideration_requested_on = models.DateField("date a reconsideration was asked for", null=True, blank=True)
    guardian_name = models.CharField("Independent Child Trafficking Guardian", max_length=MAX_LINE, blank=True)
    guardian_organisation = models.CharField("guardian's organisation", max_length=MAX_LINE, blank=True)
    guardian_allocated_on = models.DateField("date the guardian was allocated", null=True, blank=True)
    outcome = models.TextField("outcome and notes", max_length=MAX_TEXT, blank=True)
    closed_on = models.DateField("date closed", null=True, blank=True)

    objects = NrmReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        verbose_name = "NRM referral"
        indexes = [
            models.Index(fields=["child", "-referred_on"], name="nrm_child_referred"),
            models.Index(
                fields=["referred_on"],
                name="nrm_rg_awaited",
                condition=Q(closed_on__isnull=True, reasonable_grounds="awaited"),
            ),
            models.Index(
                fields=["reasonable_grounds_on"],
                name="nrm_cg_awaited",
                condition=Q(closed_on__isnull=True, reasonable_grounds="positive", conclusive_grounds="awaited"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reasonable_grounds="awaited", reasonable_grounds_on__isnull=True)
                | (~Q(reasonable_grounds="awaited") & Q(reasonable_grounds_on__isnull=False)),
                name="nrm_rg_dated_when_made",
            ),
            models.CheckConstraint(
                condition=Q(conclusive_grounds="awaited", conclusive_grounds_on__isnull=True)
                | (
                    ~Q(conclusive_grounds="awaited")
                    & Q(conclusive_grounds_on__isnull=False, reasonable_grounds="positive")
                ),
                name="nrm_cg_after_positive_rg",
            ),
        ]

    def __str__(self) -> str:
        return f"NRM referral of {self.referred_on:%-d %B %Y}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def exploitation_labels(self) -> list[str]:
        labels = dict(Exploitation.choices)
        return [labels.get(value, value) for value in self.exploitation]

    @property
    def awaits(self) -> str:
        """Which decision is awaited: "reasonable", "conclusive", or "" (none, or the referral is closed)."""
        if self.closed_on is not None:
            return ""
        if self.reasonable_grounds == Decision.AWAITED:
            return "reasonable"
        if self.reasonable_grounds == Decision.POSITIVE and self.conclusive_grounds == Decision.AWAITED:
            return "conclusive"
        return ""

    @property
    def has_guardian(self) -> bool:
        return bool(self.guardian_name)
