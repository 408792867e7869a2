"""A partnership with its policy and checklist (as a new partnership gets them), its agencies and
about ninety staff; in the first partnership, the benchmark's logins."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.utils import timezone

from cepathway.core.policy import PartnershipPolicy
from cepathway.people.models import Agency, AgencyKind, Partnership, Role, User
from cepathway.policy import services as policy_services
from cepathway.referrals.models import Indicator, ProtectiveFactor
from cepathway.referrals.seed import seed_checklist

from .base import FICTIONAL_DOMAIN, Dice
from .sizes import STAFF, Size

BENCH_PASSWORD = "fictional-bench-password"  # noqa: S105 - fictional logins for a local benchmark

# username, role, agency kind: as demo_setup's LOGINS, and `unrelated` in an agency that works with no child.
LOGINS = [
    ("cerar", Role.CERAR_LEAD, AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("manager", Role.TEAM_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("socialworker", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("leadprofessional", Role.LEAD_PROFESSIONAL, AgencyKind.EARLY_HELP),
    ("hub", Role.HUB_PRACTITIONER, AgencyKind.SAFEGUARDING_HUB),
    ("school", Role.PARTNER_PROFESSIONAL, AgencyKind.SCHOOL),
    ("police", Role.POLICE_OFFICER, AgencyKind.POLICE),
    ("intelligence", Role.INTELLIGENCE_OFFICER, AgencyKind.POLICE),
    ("level2", Role.LEVEL2_MEMBER, AgencyKind.YOUTH_JUSTICE),
    ("admin", Role.ADMINISTRATOR, AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("auditor", Role.AUDITOR, AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("unrelated", Role.PARTNER_PROFESSIONAL, AgencyKind.OTHER),
]

# The agencies of a partnership: (name, kind). Made-up names, each marked fictional.
AGENCIES = [
    ("Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("Early Help", AgencyKind.EARLY_HELP),
    ("Safeguarding Hub", AgencyKind.SAFEGUARDING_HUB),
    ("Northgate Academy", AgencyKind.SCHOOL),
    ("Southfield High School", AgencyKind.SCHOOL),
    ("Westbrook College", AgencyKind.SCHOOL),
    ("Eastmoor Primary School", AgencyKind.SCHOOL),
    ("Community Health Trust", AgencyKind.HEALTH),
    ("Constabulary", AgencyKind.POLICE),
    ("Youth Justice Service", AgencyKind.YOUTH_JUSTICE),
    ("Youth Support Trust", AgencyKind.VOLUNTARY),
    ("Leisure Trust (unrelated)", AgencyKind.OTHER),
]

# Where each role works (partner professionals spread over schools and health).
ROLE_AGENCIES = {
    Role.CERAR_LEAD: [AgencyKind.CHILDRENS_SOCIAL_CARE],
    Role.TEAM_MANAGER: [AgencyKind.CHILDRENS_SOCIAL_CARE],
    Role.SOCIAL_WORKER: [AgencyKind.CHILDRENS_SOCIAL_CARE],
    Role.LEAD_PROFESSIONAL: [AgencyKind.EARLY_HELP],
    Role.HUB_PRACTITIONER: [AgencyKind.SAFEGUARDING_HUB],
    Role.PARTNER_PROFESSIONAL: [AgencyKind.SCHOOL, AgencyKind.HEALTH, AgencyKind.VOLUNTARY],
    Role.POLICE_OFFICER: [AgencyKind.POLICE],
    Role.INTELLIGENCE_OFFICER: [AgencyKind.POLICE],
    Role.LEVEL2_MEMBER: [AgencyKind.YOUTH_JUSTICE, AgencyKind.HEALTH, AgencyKind.POLICE],
    Role.ADMINISTRATOR: [AgencyKind.CHILDRENS_SOCIAL_CARE],
    Role.AUDITOR: [AgencyKind.CHILDRENS_SOCIAL_CARE],
}


@dataclass
class Staff:
    partnership: Partnership
    policy: PartnershipPolicy
    agencies: list[Agency]
    by_role: dict[str, list[User]] = field(default_factory=dict)
    logins: dict[str, User] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    factors: list[ProtectiveFactor] = field(default_factory=list)

    def agency(self, user: User) -> Agency:
        return next(agency for agency in self.agencies if agency.pk == user.agency_id)

    def login_or_any(self, username: str, role: str, dice: Dice) -> User:
        return self.logins.get(username) or dice.pick(self.by_role[role])


def partnership_code(number: int) -> str:
    return f"world-{number:03d}"


def partnership_number(partnership: Partnership) -> int:
    return int(partnership.code.rsplit("-", 1)[1])


def make_partnership(number: int, dice: Dice) -> Partnership:
    county = dice.fake.unique.last_name()
    partnership = Partnership(
        id=dice.new_id(),
        name=f"{county}shire Safeguarding Children Partnership (fictional {number:03d})",
        code=partnership_code(number),
        fictional=True,
    )
    partnership.save()
    return partnership


def make_staff(partnership: Partnership, size: Size, dice: Dice, *, with_logins: bool) -> Staff:
    agencies = [
        Agency(id=dice.new_id(), partnership=partnership, name=f"{name} (fictional)", kind=kind, fictional=True)
        for name, kind in AGENCIES
    ]
    Agency.objects.bulk_create(agencies)
    staff = Staff(partnership, policy_services.starting_policy(), agencies)
    number = partnership_number(partnership)
    if with_logins:
        password = make_password(BENCH_PASSWORD)  # hashed once: hashing is slow on purpose
        for username, role, kind in LOGINS:
            agency = next(a for a in agencies if a.kind == kind)
            user = _user(dice, username, role, agency, password=password)
            staff.logins[username] = user
            if username != "unrelated":
                staff.by_role.setdefault(role, []).append(user)
    for role_name, county_count in STAFF.items():
        for serial in range(size.count(county_count, minimum=2)):
            kind = dice.pick(ROLE_AGENCIES[Role(role_name)])
            agency = next(a for a in agencies if a.kind == kind)
            username = f"p{number:03d}.{role_name}.{serial}"
            staff.by_role.setdefault(role_name, []).append(_user(dice, username, role_name, agency))
    users = [user for users in staff.by_role.values() for user in users]
    User.objects.bulk_create([*users, *([staff.logins["unrelated"]] if with_logins else [])], batch_size=2_000)
    _policy_and_checklist(staff, by=staff.logins.get("admin") or staff.by_role[Role.ADMINISTRATOR][0])
    return staff


def _user(dice: Dice, username: str, role: str, agency: Agency, password: str = UNUSABLE_PASSWORD_PREFIX) -> User:
    first, last = dice.fake.first_name(), dice.fake.last_name()
    if "." in username:  # a generated member of staff: named after the person, still unique
        username = f"{first}.{last}.{username}".lower().replace("'", "").replace(" ", "")
    return User(
        id=dice.new_id(),
        username=username,
        password=password,
        first_name=first,
        last_name=last,
        email=f"{username}@{FICTIONAL_DOMAIN}",
        role=role,
        agency=agency,
        job_title=Role(role).label,
        fictional=True,
        date_joined=timezone.now(),
    )


def load_staff(partnership: Partnership) -> Staff:
    """The staff of a partnership already generated, as `make_staff` made them."""
    staff = Staff(partnership, policy_services.policy_for(partnership), list(partnership.agencies.all()))
    login_names = {username for username, _, _ in LOGINS}
    for user in partnership_users(partnership).order_by("username"):
        if user.username in login_names:
            staff.logins[user.username] = user
        if user.username != "unrelated":
            staff.by_role.setdefault(user.role, []).append(user)
    _checklist_of(staff)
    return staff


def partnership_users(partnership: Partnership) -> Any:
    return User.objects.filter(agency__partnership=partnership).select_related("agency")


def _policy_and_checklist(staff: Staff, by: Any) -> None:
    """What a new partnership gets: version 1 of the starting policy and the starting checklist."""
    policy_services.start(staff.partnership, by=by)
    staff.policy = policy_services.policy_for(staff.partnership)
    seed_checklist(staff.partnership, by=by)
    _checklist_of(staff)


def _checklist_of(staff: Staff) -> None:
    staff.indicators = list(
        Indicator.objects.filter(category__partnership=staff.partnership, active=True).select_related("category")
    )
    staff.factors = list(ProtectiveFactor.objects.filter(partnership=staff.partnership, active=True))
