"""Intelligence: what partners submit through the multi-agency information submission form, how it
is graded (3x5x2), the registers of persons, places, vehicles and phones of concern, the links
between them and children (the network), matching decisions and merges, disruption, and what may
be shared with a child's family.

Submitted material is OFFICIAL-SENSITIVE. Who may see what is decided here, in each queryset's
`visible_to` (the one scoping entry point) and in cepathway.intelligence.rules:
- the partner who submitted sees their own submission and what they were told back;
- the handlers (police intelligence officers and CERAR leads of the partnership) see every
  submission of their partnership, graded or not;
- handling-C material only its handler, its submitter and the people its conditions name;
- everyone else who may see a register record or a child sees the sanitised text only.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet
from cepathway.people.models import Agency, Partnership, Role

OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"

# Who grades (triages) submissions: partners never do.
HANDLER_ROLES = frozenset({Role.INTELLIGENCE_OFFICER, Role.CERAR_LEAD})
# Who sees the registers of persons, places, vehicles and phones of their partnership, with the
# grading of what links them (sanitised text where the handling code does not let them read more).
REGISTER_ROLES = frozenset(
    {Role.INTELLIGENCE_OFFICER, Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.POLICE_OFFICER, Role.LEVEL2_MEMBER}
)


def is_handler(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.agency_id) and (
        user.role in HANDLER_ROLES
    )


def sees_registers(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.agency_id) and (
        user.role in REGISTER_ROLES
    )


# 3x5x2 grading (College of Policing, Authorised Professional Practice: intelligence management).
class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", "1: reliable"
    UNTESTED = "2", "2: untested"
    NOT_RELIABLE = "3", "3: not reliable"


class IntelligenceAssessment(models.TextChoices):
    KNOWN_DIRECTLY = "A", "A: known directly to the source"
    KNOWN_INDIRECTLY_CORROBORATED = "B", "B: known indirectly to the source but corroborated"
    KNOWN_INDIRECTLY = "C", "C: known indirectly to the source"
    NOT_KNOWN = "D", "D: not known"
    SUSPECTED_FALSE = "E", "E: suspected to be false"


class HandlingCode(models.TextChoices):
    P = "P", "P: lawful sharing permitted"
    C = "C", "C: lawful sharing permitted only under the conditions written down"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted, waiting to be graded"
    GRADED = "graded", "Graded"


class TriageOutcome(models.TextChoices):
    LOGGED = "logged", "Logged"
    CRIME_DESK = "crime_desk", "Passed to the crime desk"
    REFERRAL_STARTED = "referral_started", "Safeguarding referral started"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    def visible_to(self, user: Any) -> "SubmissionQuerySet":
        """Handlers see their partnership's submissions, except handling-C material whose
        conditions do not name them; anyone else only what they submitted themselves."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        own = Q(submitted_by=user)
        if user.role not in HANDLER_ROLES:
            return self.filter(own)
        not_restricted = ~Q(handling=HandlingCode.C) | Q(handler=user) | Q(handling_readers=user)
        return self.filter(own | (Q(partnership_id=user.partnership_id) & not_restricted)).distinct()

    def graded(self) -> "SubmissionQuerySet":
        return self.filter(status=SubmissionStatus.GRADED)

    def waiting(self) -> "SubmissionQuerySet":
        return self.filter(status=SubmissionStatus.SUBMITTED)


class Submission(TrackedModel):
    """One multi-agency information submission: non-urgent information a partner shares about
    children, vulnerable adults, persons, places, vehicles, phones and online accounts of concern.
    Not a safeguarding referral. Read-only once graded, except by its handler (each change kept
    as a SubmissionRevision)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="submissions")
    # Who they are: the signed-in partner, and how they asked to be contacted when they wrote it.
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions")
    submitter_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="submissions")
    submitter_name = models.CharField(max_length=200)
    submitter_job_title = models.CharField(max_length=200, blank=True)
    submitter_phone = models.CharField(max_length=40, blank=True)
    submitter_email = models.EmailField(blank=True)
    # What they know, when it happened, and how they know it.
    happened_on = models.DateField(null=True, blank=True, help_text="When it happened, if known.")
    happened_when = models.CharField(max_length=200, blank=True, help_text="When, in words, if no date is known.")
    information = models.TextField(help_text="What they know.")
    how_known = models.TextField(help_text="How they know it: saw it, were told it, by whom, read it.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED)
    # Triage, by a handler (never a partner).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="handled_submissions"
    )
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices, blank=True)
    handling = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True)
    handling_conditions = models.TextField(blank=True, help_text="For handling code C: the conditions of sharing.")
    handling_readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="For handling code C: who the conditions name.",
    )
    sanitised_text = models.TextField(blank=True, help_text="What wider audiences read. Never names the source.")
    outcome = models.CharField(max_length=30, choices=TriageOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    feedback_to_submitter = models.TextField(blank=True, help_text="What the submitter is told back.")
    graded_at = models.DateTimeField(null=True, blank=True)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["partnership", "status", "submitted_at"]),
            models.Index(fields=["partnership", "graded_at"]),
            models.Index(fields=["submitted_by", "submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.GRADED)
                | (~Q(source_evaluation="") & ~Q(intelligence_assessment="") & ~Q(handling="") & ~Q(outcome="")),
                name="submission_graded_fully",
            ),
            models.CheckConstraint(
                condition=~Q(handling=HandlingCode.C) | ~Q(handling_conditions=""),
                name="submission_handling_c_has_conditions",
            ),
        ]

    def __str__(self) -> str:
        return f"Information submitted by {self.submitter_name}"

    @property
    def grading(self) -> str:
        """The 3x5x2 grade as it is written, e.g. '2C P'; empty until graded."""
        if not self.is_graded:
            return ""
        return f"{self.source_evaluation}{self.intelligence_assessment} {self.handling}"

    @property
    def is_graded(self) -> bool:
        return self.status == SubmissionStatus.GRADED

    def may_read_in_full(self, user: Any) -> bool:
        """The submitter, the handler, and (for C) those its conditions name read the original text;
        everyone else reads the sanitised version."""
        if user.pk == self.submitted_by_id or user.pk == self.handler_id:
            return True
        if not is_handler(user) or user.partnership_id != self.partnership_id:
            return False
        return self.handling != HandlingCode.C or self.handling_readers.filter(pk=user.pk).exists()


class SubmissionRevision(models.Model):
    """One change to a graded submission, by its handler: what each changed field said before and
    after, and why. Append-only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="submission_revision_unique")]

    def __str__(self) -> str:
        return f"Change {self.number} to {self.submission}"


class SubjectKind(models.TextChoices):
    CHILD = "child", "Child (under 18)"
    VULNERABLE_ADULT = "vulnerable_adult", "Vulnerable adult (18 or over)"
    PERSON_OF_CONCERN = "person_of_concern", "Person of concern"


class SubmissionPartQuerySet(ScopedQuerySet[Any]):
    def visible_to(self, user: Any) -> "SubmissionPartQuerySet":
        return self.filter(submission__in=Submission.objects.visible_to(user))


class SubmissionSubject(TrackedModel):
    """A person the submission is about, as the submitter described them, and (after triage) the
    record they were linked to: a child, or a person of concern."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=30, choices=SubjectKind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    aliases = models.TextField(blank=True, help_text="Aliases and nicknames, one per line.")
    date_of_birth = models.DateField(null=True, blank=True)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    child = models.ForeignKey("children.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "PersonOfConcern", null=True, blank=True, on_delete=models.PROTECT, related_name="submission_subjects"
    )

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "created_at"]

    @property
    def name(self) -> str:
        return " ".join(part for part in [self.first_name, self.last_name] if part) or "Name not known"


class PlaceKind(models.TextChoices):
    HOME_ADDRESS = "home_address", "Home address"
    PARK = "park", "Park or open space"
    TAKEAWAY = "takeaway", "Takeaway or food outlet"
    HOTEL = "hotel", "Hotel or short-let"
    TRANSPORT_HUB = "transport_hub", "Transport hub"
    SCHOOL = "school", "School or college"
    ONLINE_SPACE = "online_space", "Online space"
    OTHER = "other", "Other"


class SubmissionPlace(TrackedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(max_length=30, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    name = models.CharField(max_length=200, blank=True, help_text="The premises' or place's name, if it has one.")
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    description = models.TextField(blank=True)
    place = models.ForeignKey(
        "PlaceOfConcern", null=True, blank=True, on_delete=models.PROTECT, related_name="submission_places"
    )

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "created_at"]


class SubmissionVehicle(TrackedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="vehicles")
    registration = models.CharField(max_length=20, blank=True, help_text="Full or partial.")
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    colour = models.CharField(max_length=40, blank=True)
    vehicle = models.ForeignKey(
        "VehicleOfConcern", null=True, blank=True, on_delete=models.PROTECT, related_name="submission_vehicles"
    )

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "created_at"]


class SubmissionPhone(TrackedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=40)
    phone = models.ForeignKey(
        "PhoneOfConcern", null=True, blank=True, on_delete=models.PROTECT, related_name="submission_phones"
    )

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "created_at"]


class SubmissionOnlineAccount(TrackedModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="online_accounts")
    platform = models.CharField(max_length=60, help_text="For example Snapchat, Instagram, TikTok, WhatsApp.")
    username = models.CharField(max_length=100)

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "created_at"]


# Registers of concern ------------------------------------------------------------------------


class ConcernStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    UNDER_DISRUPTION = "under_disruption", "Under disruption"
    CLOSED = "closed", "Closed"


class NodeKind(models.TextChoices):
    """What a link in the network joins."""

    CHILD = "child", "Child"
    PERSON = "person", "Person of concern"
    PLACE = "place", "Place of concern"
    VEHICLE = "vehicle", "Vehicle of concern"
    PHONE = "phone", "Phone of concern"


class RegisterQuerySet(ScopedQuerySet[Any]):
    def visible_to(self, user: Any) -> "RegisterQuerySet":
        """Register roles see their partnership's register; anyone else only the records linked
        to a child they may see (what they are shown of it is the sanitised text)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        rows = self.filter(partnership_id=user.partnership_id, merged_into__isnull=True)
        if user.role in REGISTER_ROLES:
            return rows
        from cepathway.children.models import Child

        kind = self.model.node_kind
        children = Child.objects.visible_to(user).values("pk")
        to_child = Link.objects.current().filter(
            Q(a_kind=kind, a_id=OuterRef("pk"), b_kind=NodeKind.CHILD, b_id__in=children)
            | Q(b_kind=kind, b_id=OuterRef("pk"), a_kind=NodeKind.CHILD, a_id__in=children)
        )
        return rows.filter(Exists(to_child))

    def active(self) -> "RegisterQuerySet":
        return self.exclude(status=ConcernStatus.CLOSED)


class RegisterRecord(TrackedModel):
    """What every register record has: its partnership, status, and the record it was merged into."""

    node_kind: str = ""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.ACTIVE)
    description = models.TextField(blank=True, help_text="Sanitised: never names a source.")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    fictional = models.BooleanField(default=False, editable=False)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True


class PersonOfConcern(RegisterRecord):
    node_kind = NodeKind.PERSON

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    aliases = models.TextField(blank=True, help_text="Aliases and nicknames, one per line.")
    date_of_birth = models.DateField(null=True, blank=True)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    # Normalised tokens and phonetic keys of every name and alias (matching.keys), for candidates.
    name_keys = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name_plural = "persons of concern"
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["partnership", "status", "last_name", "first_name", "id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return " ".join(part for part in [self.first_name, self.last_name] if part) or "Name not known"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .matching.keys import person_search_keys

        self.name_keys = person_search_keys(self.first_name, self.last_name, self.aliases)
        super().save(*args, **kwargs)


class PlaceOfConcern(RegisterRecord):
    node_kind = NodeKind.PLACE

    kind = models.CharField(max_length=30, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    postcode_normalised = models.CharField(max_length=10, blank=True, editable=False)
    address_key = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "places of concern"
        ordering = ["name", "address"]
        indexes = [
            models.Index(fields=["partnership", "postcode_normalised"]),
            models.Index(fields=["partnership", "status", "name", "id"]),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return ", ".join(part for part in [self.name, self.address, self.postcode] if part) or "Place not named"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .matching.keys import place_keys

        self.postcode_normalised, self.address_key = place_keys(self.name, self.address, self.postcode)
        super().save(*args, **kwargs)


class VehicleOfConcern(RegisterRecord):
    node_kind = NodeKind.VEHICLE

    registration = models.CharField(max_length=20, blank=True, help_text="Full or partial.")
    registration_normalised = models.CharField(max_length=20, blank=True, editable=False)
    registration_confusable = models.CharField(max_length=20, blank=True, editable=False)
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    colour = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name_plural = "vehicles of concern"
        ordering = ["registration_normalised"]
        indexes = [
            models.Index(fields=["partnership", "registration_normalised"]),
            models.Index(fields=["partnership", "registration_confusable"]),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        described = " ".join(part for part in [self.colour, self.make, self.model] if part)
        return ", ".join(part for part in [self.registration, described] if part) or "Vehicle not described"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .matching.keys import vehicle_keys

        self.registration_normalised, self.registration_confusable = vehicle_keys(self.registration)
        super().save(*args, **kwargs)


class PhoneOfConcern(RegisterRecord):
    node_kind = NodeKind.PHONE

    number = models.CharField(max_length=40)
    number_e164 = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "phones of concern"
        ordering = ["number_e164"]
        indexes = [models.Index(fields=["partnership", "number_e164"])]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .matching.keys import phone_e164

        self.number_e164 = phone_e164(self.number)
        super().save(*args, **kwargs)


REGISTER_MODELS: dict[str, type[RegisterRecord]] = {
    NodeKind.PERSON: PersonOfConcern,
    NodeKind.PLACE: PlaceOfConcern,
    NodeKind.VEHICLE: VehicleOfConcern,
    NodeKind.PHONE: PhoneOfConcern,
}


# The network ----------------------------------------------------------------------------------


class LinkQuerySet(ScopedQuerySet["Link"]):
    def current(self) -> "LinkQuerySet":
        return self.filter(ended_at__isnull=True)

    def touching(self, kind: str, record_id: Any) -> "LinkQuerySet":
        return self.filter(Q(a_kind=kind, a_id=record_id) | Q(b_kind=kind, b_id=record_id))

    def visible_to(self, user: Any) -> "LinkQuerySet":
        """Register roles see their partnership's links; a link's ends are each checked where it is
        shown (a name on a network page is a disclosure)."""
        if not sees_registers(user):
            return self.none()
        return self.filter(partnership_id=user.partnership_id)


class Link(TrackedModel):
    """One edge of the network: two records (child, person, place, vehicle, phone) linked, with the
    submission that evidences it (whose grading the link carries). Stored once per pair; queries
    look at both ends."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    a_kind = models.CharField(max_length=10, choices=NodeKind.choices)
    a_id = models.UUIDField()
    b_kind = models.CharField(max_length=10, choices=NodeKind.choices)
    b_id = models.UUIDField()
    relationship = models.CharField(max_length=200, blank=True, help_text="For example 'seen with', 'drives'.")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="links")
    ended_at = models.DateTimeField(null=True, blank=True)
    fictional = models.BooleanField(default=False, editable=False)

    objects = LinkQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["a_kind", "a_id", "ended_at"]),
            models.Index(fields=["b_kind", "b_id", "ended_at"]),
            models.Index(fields=["partnership", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(a_kind=models.F("b_kind")) | ~Q(a_id=models.F("b_id")), name="link_not_self"
            )
        ]

    def other_end(self, kind: str, record_id: Any) -> tuple[str, Any]:
        if self.a_kind == kind and str(self.a_id) == str(record_id):
            return self.b_kind, self.b_id
        return self.a_kind, self.a_id


# Matching and merging ---------------------------------------------------------------------------


class MatchVerdict(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: the same"
    REJECTED = "rejected", "Rejected: not the same"
    UNSURE = "unsure", "Unsure"


class MatchDecision(TrackedModel):
    """A handler's decision on one proposed pair: a submitted subject, place, vehicle or phone (or a
    register record) against a register record. A rejected pair is never proposed again."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=NodeKind.choices)
    proposed_type = models.CharField(max_length=40, help_text="What was matched: a submission part or a register.")
    proposed_id = models.UUIDField()
    candidate_id = models.UUIDField()
    verdict = models.CharField(max_length=10, choices=MatchVerdict.choices)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [models.Index(fields=["proposed_type", "proposed_id", "candidate_id"])]


class Merge(TrackedModel):
    """Two register records found to be one: `merged` points at `kept`, its links moved to `kept`.
    Undoing restores every moved link; the merged record is kept throughout."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=NodeKind.choices)
    kept_id = models.UUIDField()
    merged_id = models.UUIDField()
    moved_links = models.JSONField(default=list, help_text="Each moved link's id and the end it had before.")
    reason = models.TextField(blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


# Disruption -------------------------------------------------------------------------------------


class DisruptionTactic(TrackedModel):
    """One tactic of a partnership's configurable list (Child Abduction Warning Notice, Sexual Risk
    Order, ...; Home Office Child Exploitation Disruption Toolkit)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="disruption_tactics")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=100)
    in_use = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="disruption_tactic_unique")]

    def __str__(self) -> str:
        return self.name


class DisruptionQuerySet(ScopedQuerySet["Disruption"]):
    def visible_to(self, user: Any) -> "DisruptionQuerySet":
        if not sees_registers(user):
            return self.none()
        return self.filter(partnership_id=user.partnership_id)


class Disruption(TrackedModel):
    """One use of a disruption tactic against a person or place of concern."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        PersonOfConcern, null=True, blank=True, on_delete=models.PROTECT, related_name="disruptions"
    )
    place = models.ForeignKey(
        PlaceOfConcern, null=True, blank=True, on_delete=models.PROTECT, related_name="disruptions"
    )
    tactic = models.ForeignKey(DisruptionTactic, on_delete=models.PROTECT, related_name="+")
    by_whom = models.CharField(max_length=200, help_text="Who is taking it: officer, team or agency.")
    started_on = models.DateField()
    outcome = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    fictional = models.BooleanField(default=False, editable=False)

    objects = DisruptionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, place__isnull=True) | Q(person__isnull=True, place__isnull=False),
                name="disruption_one_target",
            )
        ]


# Alerts and sharing with the family --------------------------------------------------------------


class IntelligenceAlert(models.Model):
    """New intelligence linked to a child on the pathway, told once to one person who works with
    the child (its CERAR lead, its allocated worker)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="alerts")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "child", "recipient"], name="intelligence_alert_once")
        ]

    def __str__(self) -> str:
        return f"New intelligence about a child, told to {self.recipient}"


class SharingQuerySet(ScopedQuerySet["SharingDecision"]):
    def visible_to(self, user: Any) -> "SharingQuerySet":
        from cepathway.children.models import about_visible_children

        return self.filter(about_visible_children(user))

    def current(self) -> "SharingQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class SharingDecision(TrackedModel):
    """What police information about persons of concern and risky places may be shared with a
    child's family: what, with whom, decided by whom, why, and the handling conditions allowing it."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="sharing_decisions")
    what = models.TextField(help_text="What may be shared, in the words the family will hear.")
    with_whom = models.CharField(max_length=200, help_text="For example 'mother and stepfather'.")
    why = models.TextField()
    handling_conditions = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    person = models.ForeignKey(PersonOfConcern, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(PlaceOfConcern, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SharingQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on"]

    @property
    def audit_child_id(self) -> Any:
        return self.child_id
