"""Factories for test data, and the shared "world" every access test stands on.

Everything made here is fictional (names from Faker's en_GB provider, `fictional=True` wherever a
model has the flag). Every user's password is PASSWORD.

The world (see `build_world` and docs/testing.md) is one home partnership with an agency of each
kind, one user per role, a child everyone who should is involved with, a child nobody is involved
with, and a child in another partnership. Apps add their own records to it with `@world_builder`.
"""

import calendar
import re
import zlib
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import factory
from faker import Faker

from cepathway.children.models import Child, IdentityStatus, Involvement, InvolvementKind
from cepathway.core.policy import DEFAULT_POLICY, PartnershipPolicy
from cepathway.demo.management.commands.demo_setup import DEMO_CONTACTS
from cepathway.people.models import Agency, AgencyKind, Partnership, Role, User
from cepathway.policy import services as policy_services

PASSWORD = "correct horse battery"
# A partnership's contact details: the demo's, all fictional (Ofcom's drama numbers, .invalid mail).
FICTIONAL_CONTACTS = DEMO_CONTACTS

_ROOT = Path(__file__).resolve().parent.parent
_faker = Faker("en_GB")


@cache
def _prefixes_of_words_we_print() -> frozenset[str]:
    """Every prefix (three letters or more) of every word in our code, templates and tests, and of
    month and day names, lower-cased.

    Tests prove a child's name is *not* shown (to the family, in emails, out of scope). A Faker
    surname such as "Read" or "Day" would be found in "Read it through" or "Days since last
    review", so no drawn name may start any word the service or a test prints.
    """
    sources = [*_ROOT.glob("cepathway/**/*.py"), *_ROOT.glob("cepathway/**/*.html")]
    sources += [*_ROOT.glob("cepathway/**/*.txt"), *_ROOT.glob("tests/**/*.py")]
    text = " ".join(path.read_text(encoding="utf-8") for path in sources)
    text += " ".join([*calendar.month_name, *calendar.day_name])
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
    return frozenset(word[:end] for word in words for end in range(3, len(word) + 1))


# How many of the latest names drawn (of one part, for children or for staff) a new name may not
# repeat: a test proving one child's surname absent from a page fails by chance if a second child
# of the same test drew it (CI drew "Stone" twice). About 200 surnames are left to each half.
_NOT_REPEATED = 60
_latest_drawn: dict[tuple[str, bool], deque[str]] = defaultdict(lambda: deque(maxlen=_NOT_REPEATED))


def _unmistakable_name(part: str, *, for_child: bool) -> str:
    """A Faker en_GB first or last name that no page could contain by chance, and not one of the
    latest drawn for the same half.

    Children and staff draw from disjoint halves of Faker's names, so a staff member's name on a
    page is never taken for a child's.
    """
    draw = getattr(_faker, part)
    latest = _latest_drawn[(part, for_child)]
    while True:
        name = draw()
        if name.lower() in _prefixes_of_words_we_print() or name in latest:
            continue
        if "'" in name:
            # A page escapes the apostrophe (O&#x27;Brien), so a test looking for the name in the page
            # would miss it, or wrongly pass when proving it absent. Names with one have their own test.
            continue
        if (zlib.crc32(name.encode()) % 2 == 0) == for_child:
            latest.append(name)
            return name


def _staff_name(part: str) -> Any:
    return factory.LazyFunction(lambda: _unmistakable_name(part, for_child=False))


def _child_name(part: str) -> Any:
    return factory.LazyFunction(lambda: _unmistakable_name(part, for_child=True))


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Fictional Safeguarding Partnership {n}")
    code = factory.Sequence(lambda n: f"fictional-{n}")
    fictional = True

    @factory.post_generation
    def policy(partnership: Partnership, create: bool, extracted: PartnershipPolicy | None, **kwargs: Any) -> None:
        """Version 1 of its policy: the briefing with fictional contacts, or `PartnershipFactory(policy=...)`."""
        if create:
            policy_services.start(partnership, extracted or replace(DEFAULT_POLICY, contacts=FICTIONAL_CONTACTS))


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE
    name = factory.LazyAttributeSequence(lambda o, n: f"Fictional {AgencyKind(o.kind).label} {n}")
    fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = _staff_name("first_name")
    last_name = _staff_name("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    role = Role.PARTNER_PROFESSIONAL
    agency = factory.SubFactory(AgencyFactory)
    job_title = factory.LazyAttribute(lambda o: Role(o.role).label if o.role else "")
    password = factory.django.Password(PASSWORD)
    fictional = True


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    partnership = factory.SubFactory(PartnershipFactory)
    first_name = _child_name("first_name")
    last_name = _child_name("last_name")
    date_of_birth = factory.Faker("date_between", start_date="-17y", end_date="-10y", locale="en_GB")
    address_line_1 = factory.Faker("street_address", locale="en_GB")
    town = factory.Faker("city", locale="en_GB")
    postcode = factory.Faker("postcode", locale="en_GB")
    identity_status = IdentityStatus.CONFIRMED
    fictional = True


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    child = factory.SubFactory(ChildFactory)
    user = factory.SubFactory(UserFactory, agency__partnership=factory.SelfAttribute("...child.partnership"))
    kind = InvolvementKind.NAMED
    reason = "Test involvement"


# --- The world --------------------------------------------------------------------------------

# The roles that see every child in their own partnership, written out here rather than imported so
# that a change to cepathway.people.models.PARTNERSHIP_WIDE_ROLES is a visible decision (a test
# compares the two).
WIDE_ROLES = frozenset({Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.ADMINISTRATOR})

# Where each role works in the home partnership.
ROLE_AGENCY = {
    Role.CERAR_LEAD: AgencyKind.CHILDRENS_SOCIAL_CARE,
    Role.TEAM_MANAGER: AgencyKind.CHILDRENS_SOCIAL_CARE,
    Role.SOCIAL_WORKER: AgencyKind.CHILDRENS_SOCIAL_CARE,
    Role.LEAD_PROFESSIONAL: AgencyKind.EARLY_HELP,
    Role.HUB_PRACTITIONER: AgencyKind.SAFEGUARDING_HUB,
    Role.PARTNER_PROFESSIONAL: AgencyKind.SCHOOL,
    Role.POLICE_OFFICER: AgencyKind.POLICE,
    Role.INTELLIGENCE_OFFICER: AgencyKind.POLICE,
    Role.LEVEL2_MEMBER: AgencyKind.HEALTH,
    Role.ADMINISTRATOR: AgencyKind.SAFEGUARDING_HUB,
    Role.AUDITOR: AgencyKind.CHILDRENS_SOCIAL_CARE,
}

# How each role that does not see the whole partnership is involved with `world.child`.
ROLE_INVOLVEMENT = {
    Role.PARTNER_PROFESSIONAL: InvolvementKind.REFERRER,
    Role.SOCIAL_WORKER: InvolvementKind.ALLOCATED_WORKER,
    Role.LEAD_PROFESSIONAL: InvolvementKind.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER: InvolvementKind.MEETING_INVITEE,
    Role.INTELLIGENCE_OFFICER: InvolvementKind.MEETING_INVITEE,
    Role.LEVEL2_MEMBER: InvolvementKind.MEETING_INVITEE,
    Role.AUDITOR: InvolvementKind.NAMED,
}

CHILDREN = ("child", "other_child", "foreign_child")

# Everyone the access tests sign in as: each role's user in the home partnership (by the role's
# value), a partner professional in an agency involved with nothing, and a CERAR lead elsewhere.
PRINCIPALS = (*(str(role) for role in Role), "unrelated", "elsewhere_lead")
PRINCIPAL_ROLE = {**{str(role): str(role) for role in Role}, "unrelated": "partner_professional"}
PRINCIPAL_ROLE["elsewhere_lead"] = str(Role.CERAR_LEAD)

PARTNERSHIPS = ("home", "elsewhere")
PRINCIPAL_PARTNERSHIP = dict.fromkeys(PRINCIPALS, "home") | {"elsewhere_lead": "elsewhere"}

# Which of the world's children each principal may see: the pathway's rule, written down here (not
# asked of the code) so the tests can hold the code to it.
SEES = {
    **{str(role): frozenset({"child", "other_child"} if role in WIDE_ROLES else {"child"}) for role in Role},
    "unrelated": frozenset(),
    "elsewhere_lead": frozenset({"foreign_child"}),
}

# Who is involved with `world.child` only because they referred the child: they see the referrals
# they made about it, never another's (the social worker's consultation request, say).
SEES_ONLY_OWN_REFERRALS = frozenset({str(Role.PARTNER_PROFESSIONAL)})


def in_scope(principal: str, scope: str) -> bool:
    """May `principal` see the world's record in `scope` (a child's name, a partnership's, or neither)?"""
    if scope in CHILDREN:
        return scope in SEES[principal]
    if scope in PARTNERSHIPS:
        return scope == PRINCIPAL_PARTNERSHIP[principal]
    return True


@dataclass
class World:
    """Who and what exists in every access test. Built by `build_world()`; see docs/testing.md.

    `principals` maps each name in PRINCIPALS to its user. `sees` (a copy of SEES) says which of
    the three children each principal may see; a test checks it against `Child.objects.visible_to`.
    """

    home: Partnership
    elsewhere: Partnership
    agencies: dict[str, Agency]
    unrelated_agency: Agency
    elsewhere_agency: Agency
    users: dict[str, User]
    unrelated: User
    elsewhere_lead: User
    child: Child
    other_child: Child
    foreign_child: Child
    involvements: dict[str, Involvement]
    principals: dict[str, User] = field(default_factory=dict)
    sees: dict[str, frozenset[str]] = field(default_factory=dict)
    logins: Any = None  # a shared world's ready-made sessions and API keys (tests/conftest.py)

    def children(self) -> dict[str, Child]:
        """The three children by name: "child", "other_child", "foreign_child"."""
        return {name: getattr(self, name) for name in CHILDREN}

    def per_child(self, make: Callable[[Child], Any]) -> dict[Any, Any]:
        """`make(child)` for each of the three children, keyed by the child's pk.

        For a world builder: `world.referral = world.per_child(lambda child: ReferralFactory(child=child))`,
        then a catalogue entry's url reads `world.referral[child.pk]`.
        """
        return {child.pk: make(child) for child in self.children().values()}

    def user_in(self, partnership: Partnership, role: str = Role.CERAR_LEAD) -> User:
        """A user of `role` in `partnership` (the home role users, or the elsewhere lead)."""
        if partnership.pk == self.home.pk:
            return self.users[role]
        return self.elsewhere_lead


WorldBuilder = Callable[[World], None]
WORLD_BUILDERS: list[WorldBuilder] = []


def world_builder(build: WorldBuilder) -> WorldBuilder:
    """Register a function that adds an app's records to every world (in registration order).

    Put it in tests/<app label>/world.py (with an __init__.py beside it); tests/conftest.py imports
    those modules in INSTALLED_APPS order, so referrals' builder runs before meetings'.
    """
    if build not in WORLD_BUILDERS:
        WORLD_BUILDERS.append(build)
    return build


def build_world() -> World:
    home = PartnershipFactory(name="Fictional Home Partnership", code="home")
    elsewhere = PartnershipFactory(name="Fictional Elsewhere Partnership", code="elsewhere")
    agencies = {
        kind: AgencyFactory(partnership=home, kind=kind, name=f"Home {label}")
        for kind, label in AgencyKind.choices
        if kind != AgencyKind.OTHER
    }
    unrelated_agency = AgencyFactory(partnership=home, kind=AgencyKind.OTHER, name="Home unrelated agency")
    elsewhere_agency = AgencyFactory(
        partnership=elsewhere, kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Elsewhere children's social care"
    )
    users = {role: UserFactory(username=f"home-{role}", role=role, agency=agencies[ROLE_AGENCY[role]]) for role in Role}
    unrelated = UserFactory(username="home-unrelated", role=Role.PARTNER_PROFESSIONAL, agency=unrelated_agency)
    elsewhere_lead = UserFactory(username="elsewhere-cerar_lead", role=Role.CERAR_LEAD, agency=elsewhere_agency)

    child = ChildFactory(
        partnership=home,
        open_to_childrens_services=True,
        allocated_social_worker=users[Role.SOCIAL_WORKER],
        lead_professional=users[Role.LEAD_PROFESSIONAL],
    )
    other_child = ChildFactory(partnership=home)
    foreign_child = ChildFactory(partnership=elsewhere)
    involvements = {
        role: InvolvementFactory(child=child, user=users[role], kind=kind, reason="Fictional test involvement")
        for role, kind in ROLE_INVOLVEMENT.items()
    }

    world = World(
        home=home,
        elsewhere=elsewhere,
        agencies=agencies,
        unrelated_agency=unrelated_agency,
        elsewhere_agency=elsewhere_agency,
        users=users,
        unrelated=unrelated,
        elsewhere_lead=elsewhere_lead,
        child=child,
        other_child=other_child,
        foreign_child=foreign_child,
        involvements=involvements,
    )
    world.principals = {str(role): user for role, user in users.items()}
    world.principals.update(unrelated=unrelated, elsewhere_lead=elsewhere_lead)
    world.sees = dict(SEES)
    for build in WORLD_BUILDERS:
        build(world)
    return world


def adopt_policy(partnership: Partnership, policy: PartnershipPolicy, by: Any = None) -> PartnershipPolicy:
    """The partnership publishes `policy` (keeping its contacts) as its next version, as its
    administrator would on the Policy page; returns the partnership's policy as now stored."""
    current = policy_services.policy_for(partnership)
    wanted = replace(policy, contacts=current.contacts)
    policy_services.publish(partnership, wanted, based_on=current.number, reason="Fictional change for a test", by=by)
    return policy_services.policy_for(partnership)
