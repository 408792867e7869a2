"""Partnerships, agencies, users and their roles, and API tokens."""

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from . import clock


class Partnership(models.Model):
    """A local safeguarding children partnership (for example, Cumbria). Its policy, contact details
    included, is in cepathway.policy."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    fictional = models.BooleanField(default=False, help_text="Generated demo data, not real.")

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    EARLY_HELP = "early_help", "Early Help"
    SAFEGUARDING_HUB = "safeguarding_hub", "Safeguarding hub"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health or GP"
    POLICE = "police", "Police"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary sector"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other partner agency"


# Agencies whose people work with children. "Other partner agency" is one that does not (a leisure
# trust, a business the partnership shares information with): its people are never offered as
# invitees to a meeting about a child.
AGENCY_KINDS_WORKING_WITH_CHILDREN = frozenset(kind for kind in AgencyKind if kind != AgencyKind.OTHER)


class Agency(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    fictional = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def works_with_children(self) -> bool:
        return self.kind in AGENCY_KINDS_WORKING_WITH_CHILDREN


class Role(models.TextChoices):
    CERAR_LEAD = "cerar_lead", "CERAR lead"
    TEAM_MANAGER = "team_manager", "Complex Safeguarding Team Manager"
    SOCIAL_WORKER = "social_worker", "Social worker"
    LEAD_PROFESSIONAL = "lead_professional", "Lead professional (Early Help or METCO)"
    HUB_PRACTITIONER = "hub_practitioner", "Safeguarding hub practitioner"
    PARTNER_PROFESSIONAL = "partner_professional", "Partner professional"
    POLICE_OFFICER = "police_officer", "Police officer"
    INTELLIGENCE_OFFICER = "intelligence_officer", "Police intelligence officer"
    LEVEL2_MEMBER = "level2_member", "Level 2 panel member"
    ADMINISTRATOR = "administrator", "Partnership administrator"
    AUDITOR = "auditor", "Auditor"


# Roles that see every child in their own partnership. Everyone else sees a child only while
# involved with them (see cepathway.children.models.Involvement).
PARTNERSHIP_WIDE_ROLES = frozenset({Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.ADMINISTRATOR})
# Roles that look after the service, not children: never invited to a meeting about a child.
ROLES_NOT_WORKING_WITH_CHILDREN = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    fictional = models.BooleanField(default=False)
    # Sessions signed in before this moment are over ("Sign out everywhere"; cepathway/people/sessions.py).
    sessions_valid_from = models.DateTimeField(null=True, blank=True)
    # Set when an administrator resets the password: the person must choose their own before anything else.
    must_change_password = models.BooleanField(default=False)

    objects: ClassVar[UserManager["User"]] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def partnership_id(self) -> Any:
        return self.agency.partnership_id if self.agency is not None else None

    @property
    def partnership(self) -> Partnership:
        if self.agency is None:
            raise PermissionDenied("This account belongs to no agency, so to no partnership.")
        return self.agency.partnership

    @property
    def sees_whole_partnership(self) -> bool:
        return self.is_active and self.agency_id is not None and self.role in PARTNERSHIP_WIDE_ROLES


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        """Tokens that still sign in: not revoked, not expired (by the wall clock, cepathway.people.clock)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=clock.now())


class TokenLimitReached(Exception):
    """The person already has settings.CEPATHWAY_API_TOKEN_LIMIT usable tokens."""


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash is kept; the token is shown once.

    Each token has a name (what it is for), an expiry (settings.CEPATHWAY_API_TOKEN_DAYS after issue) and
    the time it was last used; its owner revokes it on their API tokens page. A person holds at most
    settings.CEPATHWAY_API_TOKEN_LIMIT usable tokens."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > clock.now()

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, *, enforce_limit: bool = False) -> tuple["ApiToken", str]:
        """A new token for `user`, and the key (shown once). With `enforce_limit` (the page does),
        TokenLimitReached when the person already holds the most usable tokens allowed."""
        key = "cep_" + secrets.token_urlsafe(32)
        with transaction.atomic():
            if enforce_limit:
                # Counted under a lock on the person's row, so two tabs cannot both take the last place.
                User.objects.select_for_update().filter(pk=user.pk).first()
                if cls.objects.filter(user=user).usable().count() >= settings.CEPATHWAY_API_TOKEN_LIMIT:
                    raise TokenLimitReached
            now = clock.now()
            token = cls.objects.create(
                user=user,
                name=name,
                prefix=key[4:12],
                key_hash=cls.hash(key),
                created_at=now,
                expires_at=now + timedelta(days=settings.CEPATHWAY_API_TOKEN_DAYS),
            )
        return token, key

    @classmethod
    def user_for(cls, key: str) -> User | None:
        """The person a key signs in as; None for an unknown, revoked or expired token, or an account
        that is no longer active (the API answers 401)."""
        token = (
            cls.objects.select_related("user", "user__agency")
            .usable()
            .filter(key_hash=cls.hash(key), user__is_active=True)
            .first()
        )
        if token is None:
            return None
        from .two_factor import has_second_factor, is_required  # it imports this module

        if is_required(token.user) and not has_second_factor(token.user):
            # Deny by default: a role that must have two-factor (reset by an administrator, or never set
            # up before it was required) uses no token until it is set up again.
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=clock.now())
        return token.user
