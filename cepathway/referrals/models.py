"""The CE vulnerability checklist (configurable data), referrals, and their triage history."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from cepathway.children.models import CEStatus, Child, Involvement, InvolvementKind, about_visible_children
from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet
from cepathway.people.models import Agency, Partnership

MAX_NARRATIVE = 10_000


class CEType(models.TextChoices):
    CSE = "cse", "Child sexual exploitation (CSE)"
    CCE = "cce", "Child criminal exploitation (CCE), including county lines"
    MSHT = "msht", "Modern slavery and human trafficking (MSHT)"


class IndicatorKind(models.TextChoices):
    RISK = "risk", "Vulnerability or risk indicator"
    HARM = "harm", "Sign of actual harm"


class ChecklistCategory(TrackedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="checklist_categories")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "checklist categories"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="category_name_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(TrackedModel):
    """One question on the checklist. Weight and floor are the partnership's to set."""

    category = models.ForeignKey(ChecklistCategory, on_delete=models.PROTECT, related_name="indicators")
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.RISK)
    ce_types = models.JSONField(default=list, help_text="Which kinds of exploitation this may indicate.")
    weight = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(10)])
    floor_level = models.CharField(
        max_length=10,
        choices=CEStatus.choices,
        default=CEStatus.NONE,
        help_text="When answered as current and evidenced, the suggestion is never below this level.",
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__order", "order", "text"]

    def __str__(self) -> str:
        return self.text


class ModifierCode(models.TextChoices):
    """Facts about the child that change how the answers are read. Detected from the child record."""

    UNDER_13 = "under_13", "Child is under 13"
    SEND = "send", "Special educational needs, disability or learning disability"
    LOOKED_AFTER = "looked_after", "Child is looked after"
    UASC = "uasc", "Unaccompanied asylum-seeking child"


class Modifier(TrackedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="checklist_modifiers")
    code = models.CharField(max_length=20, choices=ModifierCode.choices)
    points = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(10)])
    floor_level = models.CharField(
        max_length=10,
        choices=CEStatus.choices,
        default=CEStatus.NONE,
        help_text="When any indicator is answered, the suggestion is never below this level.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="modifier_code_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


class ProtectiveFactor(TrackedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="protective_factors")
    text = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(5)])
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "text"]

    def __str__(self) -> str:
        return self.text


class Route(models.TextChoices):
    CONTACT = "contact", "Single contact form to the safeguarding hub"
    CONSULTATION = "consultation", "CERAR consultation (child open to children's services)"


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for the safeguarding hub"
    CONSULTATION_REQUESTED = "consultation_requested", "Consultation requested from CERAR"
    AWAITING_DECISION = "awaiting_decision", "Waiting for the CERAR decision"
    ENDED = "ended", "Pathway ended"
    LEVEL1_REQUIRED = "level1_required", "Level 1 meeting to be held"


class Decision(models.TextChoices):
    END = "end", "The pathway ends"
    LEVEL1 = "level1", "Hold a Level 1 meeting"


class LegalBasis(models.TextChoices):
    CONSENT = "consent", "The parent or carer (or the child, where competent) consented to sharing"
    SAFEGUARDING = "safeguarding", "Shared without consent to safeguard the child (DPA 2018 Sch. 1 para 18)"


class ParentAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Urgency(models.TextChoices):
    STANDARD = "standard", "Not urgent: within the hub's usual timescales"
    PRIORITY = "priority", "Priority: the hub should look at it today"


class ReferralQuerySet(ScopedQuerySet["Referral"]):
    def visible_to(self, user: Any) -> "ReferralQuerySet":
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        if user.sees_whole_partnership:
            return self.filter(partnership_id=user.partnership_id)
        # Someone who is involved only because they referred sees their own referrals, never
        # another agency's concern or a consultation about the same child.
        works_with_child = Involvement.objects.active().filter(
            child=OuterRef("child"), user=user, kind__in=InvolvementKind.from_role_with_child()
        )
        return self.filter(Q(referrer=user) | Q(Exists(works_with_child)) & about_visible_children(user))


class Referral(TrackedModel):
    """A concern that a child is being exploited, from the single contact form or a consultation
    request, followed through triage to "pathway ends" or "Level 1 meeting"."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="referrals")
    reference = models.CharField(max_length=20, unique=True, editable=False)
    route = models.CharField(max_length=20, choices=Route.choices)
    status = models.CharField(max_length=30, choices=ReferralStatus.choices, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referrals")

    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    referrer_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referrer_phone = models.CharField(max_length=40, blank=True)

    parent_name = models.CharField(max_length=200, blank=True)
    parent_relationship = models.CharField(max_length=100, blank=True)
    parent_phone = models.CharField(max_length=40, blank=True)
    parent_aware = models.CharField(max_length=10, choices=ParentAware.choices, default=ParentAware.NOT_KNOWN)
    concern = models.TextField(max_length=MAX_NARRATIVE)
    ce_types = models.JSONField(default=list)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    consent_not_sought_reason = models.TextField(max_length=2000, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.STANDARD)

    suggested_level = models.CharField(max_length=10, choices=CEStatus.choices, default=CEStatus.NONE)
    suggestion_score = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    suggestion_reasons = models.JSONField(default=list)
    # What the contact form said about the child (ModifierCode values). With what the child's record
    # holds, they are the suggestion's modifiers, whichever record the referral ends up about.
    reported_modifiers = models.JSONField(default=list, blank=True, editable=False)

    hub_assessment = models.TextField(max_length=MAX_NARRATIVE, blank=True)
    hub_agencies_consulted = models.CharField(max_length=500, blank=True)
    hub_ce_concern = models.BooleanField(null=True)
    # Why the hub found no CE concern when the checklist suggested Medium or High.
    hub_rationale = models.TextField(max_length=MAX_NARRATIVE, blank=True)
    consultation_reason = models.TextField(max_length=MAX_NARRATIVE, blank=True)
    consultation_notes = models.TextField(max_length=MAX_NARRATIVE, blank=True)

    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    judged_level = models.CharField(max_length=10, choices=CEStatus.choices, blank=True)
    decision_rationale = models.TextField(max_length=MAX_NARRATIVE, blank=True)
    end_reason = models.TextField(max_length=2000, blank=True)
    advice_given = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    referrer_notified_at = models.DateTimeField(null=True, blank=True)
    # When a CE pathway was opened from this referral (set as the pathway is saved). A referral
    # decided "Level 1 meeting" keeps that status for good, so without it the referrals waiting for
    # a Level 1 meeting were found among every one ever decided so (issue 8: 7,920 read for 40).
    pathway_opened_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["partnership", "created_at", "id"], name="referral_partnership_received"),
            # Those waiting for a Level 1 meeting, oldest decision first (meetings.pathway._waiting).
            models.Index(
                fields=["partnership", "decided_at", "created_at"],
                condition=Q(status=ReferralStatus.LEVEL1_REQUIRED, pathway_opened_at__isnull=True),
                name="referral_waiting_level1",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(legal_basis="safeguarding") | ~Q(consent_not_sought_reason=""),
                name="referral_reason_when_no_consent",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="referral_decision_has_author",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_open(self) -> bool:
        return self.status not in {ReferralStatus.ENDED, ReferralStatus.LEVEL1_REQUIRED}

    @property
    def judgement_differs(self) -> bool:
        return bool(self.judged_level) and self.judged_level != self.suggested_level


class Recency(models.TextChoices):
    CURRENT = "current", "Current (within the last 3 months)"
    PAST = "past", "In the past 3 to 6 months"


class Evidence(models.TextChoices):
    EVIDENCED = "evidenced", "Evidenced"
    SUSPECTED = "suspected", "Suspected"


class ChildScopedQuerySet(ScopedQuerySet[Any]):
    def visible_to(self, user: Any) -> "ChildScopedQuerySet":
        return self.filter(referral__in=Referral.objects.visible_to(user))


class ReferralAnswer(TrackedModel):
    """One checklist answer, with the indicator's wording and weight as they were when answered."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    category_name = models.CharField(max_length=100)
    indicator_text = models.CharField(max_length=300)
    indicator_kind = models.CharField(max_length=10, choices=IndicatorKind.choices)
    weight = models.PositiveSmallIntegerField()
    floor_level = models.CharField(max_length=10, choices=CEStatus.choices, default=CEStatus.NONE)
    recency = models.CharField(max_length=10, choices=Recency.choices)
    evidence = models.CharField(max_length=10, choices=Evidence.choices)

    objects = ChildScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "indicator"], name="answer_once_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_text} ({self.get_recency_display()}, {self.get_evidence_display()})"

    @property
    def audit_child_id(self) -> Any:
        return self.referral.child_id


class ReferralProtectiveFactor(TrackedModel):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="protective_factors")
    factor = models.ForeignKey(ProtectiveFactor, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField()

    objects = ChildScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return self.text


class TriageEvent(TrackedModel):
    """One step of triage: who moved the referral from which status to which, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=30, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=ReferralStatus.choices)
    step = models.CharField(max_length=40)
    note = models.TextField(max_length=MAX_NARRATIVE, blank=True)

    objects = ChildScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status or 'new'} → {self.to_status}"
