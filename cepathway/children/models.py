"""The child record and who is involved with the child (which is what lets them see it)."""

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet
from cepathway.people.models import Partnership


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def normalise_name(value: str) -> str:
    return re.sub(r"[^a-z]", "", (value or "").lower())


def normalise_address(value: str) -> str:
    """Letters and digits only: the house number is what tells next-door neighbours apart."""
    return re.sub(r"[^a-z0-9]", "", (value or "").lower())


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    """England and Wales census 2021 categories, with 'not known' and 'declined'."""

    WHITE_BRITISH = "WBRI", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "WIRI", "White: Irish"
    WHITE_GYPSY = "WIRT", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "WROM", "White: Roma"
    WHITE_OTHER = "WOTH", "White: any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "MWBC", "Mixed: White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "MWBA", "Mixed: White and Black African"
    MIXED_WHITE_ASIAN = "MWAS", "Mixed: White and Asian"
    MIXED_OTHER = "MOTH", "Mixed: any other mixed or multiple background"
    ASIAN_INDIAN = "AIND", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "APKN", "Asian or Asian British: Pakistani"
    ASIAN_BANGLADESHI = "ABAN", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "CHNE", "Asian or Asian British: Chinese"
    ASIAN_OTHER = "AOTH", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "BAFR", "Black or Black British: African"
    BLACK_CARIBBEAN = "BCRB", "Black or Black British: Caribbean"
    BLACK_OTHER = "BOTH", "Black or Black British: any other Black background"
    ARAB = "ARAB", "Other ethnic group: Arab"
    OTHER = "OOTH", "Other ethnic group: any other"
    DECLINED = "REFU", "Declined to say"
    NOT_KNOWN = "NOBT", "Not known"


class CEStatus(models.TextChoices):
    """A child's CE status. Set only by a meeting outcome (cepathway.meetings), never by a score."""

    NONE = "none", "No status"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


STATUS_ORDER = [CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW, CEStatus.NONE]


def status_order() -> Case:
    """A child's CE status as a number to sort by: High first, No status last. The Children list
    sorts by it and an index holds it (Child.Meta), so both must be this same expression."""
    ranks = [When(ce_status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)]
    return Case(*ranks, default=Value(len(STATUS_ORDER)), output_field=IntegerField())


class IdentityStatus(models.TextChoices):
    PROVISIONAL = "provisional", "Provisional: identity not yet checked by the hub"
    CONFIRMED = "confirmed", "Confirmed"
    MERGED = "merged", "Merged into another record"


class ChildQuerySet(ScopedQuerySet["Child"]):
    def visible_to(self, user: Any) -> "ChildQuerySet":
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        rows = self.exclude(identity_status=IdentityStatus.MERGED)
        if user.sees_whole_partnership:
            return rows.filter(partnership_id=user.partnership_id)
        return rows.filter(Exists(Involvement.objects.active().filter(child=OuterRef("pk"), user=user)))

    def whose_people_are_shown_to(self, user: Any) -> "ChildQuerySet":
        """Of these children, those whose people `user` may know of (who else is involved, who is
        allocated): the partnership's leads their own partnership's; anyone else the children they work
        with. Someone involved only because they referred a child sees themselves, not who else referred
        or works with the child (need to know). Narrows, never widens: chain it after `visible_to`."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        if user.sees_whole_partnership:
            return self.filter(partnership_id=user.partnership_id)
        works_with_child = Involvement.objects.active().filter(
            child=OuterRef("pk"), user=user, kind__in=InvolvementKind.from_role_with_child()
        )
        return self.filter(Exists(works_with_child))


def about_visible_children(
    user: Any, relation: str = "child", *, people_shown: bool = False, own_partnership: str = ""
) -> Q:
    """Rows whose `relation` (a path to a Child) is a child `user` may see, or with `people_shown`
    one whose people they may know of: what `Q(<relation>__in=Child.objects.visible_to(user))` (and
    `.whose_people_are_shown_to(user)`) says, and the rule is theirs. For someone who sees the whole
    partnership it is said as a join to each row's own child, not a list of every child of the
    partnership: PostgreSQL built that list for every query, whatever rows were asked for, so each
    list grew with the partnership (issue 8: 31,200 children read per query at metropolitan size).

    `own_partnership` names a row's own copy of its child's partnership (set from the child when
    the row is saved), for rows that carry one: for someone who sees the whole partnership that
    column alone says it, with no join at all, as a referral's scope always has. The child being
    merged need not be asked: `services.merge_into` moves every record about a child off the record
    it merges, so none points at a merged child (issue 8: the join hashed every child of the
    partnership to count 107 overdue reviews, 7 ms a count at metropolitan size)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
        return Q(pk__in=[])
    if user.sees_whole_partnership and own_partnership:
        return Q(**{f"{own_partnership}_id": user.partnership_id})
    if user.sees_whole_partnership:
        same_partnership = Q(**{f"{relation}__partnership_id": user.partnership_id})
        return same_partnership & ~Q(**{f"{relation}__identity_status": IdentityStatus.MERGED})
    seen = Child.objects.visible_to(user)
    return Q(**{f"{relation}__in": seen.whose_people_are_shown_to(user) if people_shown else seen})


class Child(TrackedModel):
    audit_is_child = True
    # The status as loaded, and whether a meeting outcome is the one changing it (see save()).
    _stored_ce_status: str | None = None
    _status_from_meeting: bool = False

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField(max_length=200, blank=True, help_text="Known as, previous names, nicknames.")
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_KNOWN)
    gender = models.CharField(max_length=100, blank=True, help_text="How the child describes their gender.")
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOT_KNOWN)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    postcode_normalised = models.CharField(max_length=10, blank=True, db_index=True, editable=False)
    school = models.CharField(max_length=200, blank=True)
    open_to_childrens_services = models.BooleanField(default=False)
    allocated_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_children"
    )
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_children"
    )
    looked_after = models.BooleanField("Looked after", default=False)
    send = models.BooleanField("Special educational needs or disability (SEND)", default=False)
    uasc = models.BooleanField("Unaccompanied asylum-seeking child (UASC)", default=False)
    ce_status = models.CharField(
        "CE status", max_length=10, choices=CEStatus.choices, default=CEStatus.NONE, editable=False
    )
    identity_status = models.CharField(
        max_length=20, choices=IdentityStatus.choices, default=IdentityStatus.PROVISIONAL, editable=False
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, editable=False)
    fictional = models.BooleanField(default=False, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        # The Children list's keyset orders (search.SORTS), within a partnership. Trigram indexes for
        # the name search are PostgreSQL's alone, made by migration 0003 outside the model's state.
        indexes = [
            models.Index(fields=["partnership", "date_of_birth"]),
            models.Index(fields=["partnership", "last_name", "first_name", "id"], name="child_partnership_name"),
            models.Index(
                fields=["partnership", "ce_status", "last_name", "first_name", "id"], name="child_partnership_status"
            ),
            models.Index(
                F("partnership"), status_order(), F("last_name"), F("first_name"), F("id"), name="child_status_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(date_of_birth__gt=date(1990, 1, 1)), name="child_dob_plausible"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> "Child":  # type: ignore[override]
        child = super().from_db(db, field_names, values)
        child._stored_ce_status = child.__dict__.get("ce_status")
        return child

    def set_status_from_meeting(self, status: str) -> None:
        """Only a meeting outcome (cepathway.meetings.outcomes) sets a child's CE status."""
        self.ce_status = status
        self._status_from_meeting = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = self._stored_ce_status
        changing = not self._state.adding and stored is not None and stored != self.ce_status
        if changing and not self._status_from_meeting:
            raise ValueError("A child's CE status changes only through a meeting outcome.")
        self.postcode_normalised = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)
        self._stored_ce_status, self._status_from_meeting = self.ce_status, False

    def clean(self) -> None:
        super().clean()
        if self.allocated_social_worker_id is not None and not self.open_to_childrens_services:
            raise ValidationError(
                {
                    "open_to_childrens_services": "A child with an allocated social worker is open to children's "
                    "services: tick it, or remove the social worker"
                }
            )

    @property
    def is_open_to_childrens_services(self) -> bool:
        """Open to children's services: as recorded, and always while a social worker is allocated
        (a record saved before `clean` refused the contradiction still reads truly)."""
        return self.open_to_childrens_services or self.allocated_social_worker_id is not None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def address(self) -> str:
        return ", ".join(part for part in [self.address_line_1, self.address_line_2, self.town, self.postcode] if part)


class InvolvementKind(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    ALLOCATED_WORKER = "allocated_worker", "Allocated social worker"
    LEAD_PROFESSIONAL = "lead_professional", "Lead professional"
    MEETING_INVITEE = "meeting_invitee", "Invited to a meeting"
    ACTION_OWNER = "action_owner", "Owns a safety plan action"
    NAMED = "named", "Named involvement"

    @classmethod
    def from_role_with_child(cls) -> list[str]:
        """Involvements that come from working with the child, not from having referred them."""
        return [kind for kind in cls if kind != cls.REFERRER]


class InvolvementQuerySet(ScopedQuerySet["Involvement"]):
    def active(self) -> "InvolvementQuerySet":
        return self.filter(ended_at__isnull=True)

    def visible_to(self, user: Any) -> "InvolvementQuerySet":
        """Who is involved with the children `user` may see, where they may know it
        (`ChildQuerySet.whose_people_are_shown_to`); elsewhere only `user`'s own involvement."""
        return self.filter(
            about_visible_children(user, people_shown=True) | (about_visible_children(user) & Q(user=user))
        )


class Involvement(TrackedModel):
    """A person's current (or past) involvement with a child. Active involvement grants sight of
    the child's record to users whose role does not see the whole partnership."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="involvements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvements")
    kind = models.CharField(max_length=30, choices=InvolvementKind.choices)
    reason = models.CharField(max_length=300, blank=True)
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "child", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} – {self.child_id}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id
