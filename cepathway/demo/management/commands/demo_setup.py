"""Fictional demo data: a partnership, its agencies, one login per role, and children at each
step of the pathway. Every name is generated (Faker en_GB) and every record marked fictional.

Idempotent: run again, it changes nothing and prints the logins.
"""

import random
from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from faker import Faker

from cepathway.children import services as children
from cepathway.children.models import Child, Ethnicity, InvolvementKind, Sex
from cepathway.complaints.demo import add_demo as add_demo_complaints
from cepathway.core import outbox
from cepathway.core.policy import NATIONAL_SUPPORT_LINKS, Contacts
from cepathway.family.demo import add_demo as add_demo_family
from cepathway.intelligence.around_child.demo import add_demo_intelligence
from cepathway.missing.demo import add_demo as add_demo_missing
from cepathway.nrm.demo import add_demo as add_demo_nrm
from cepathway.people.models import Agency, AgencyKind, Partnership, Role, User
from cepathway.policy import services as policy
from cepathway.referrals import services as referrals
from cepathway.referrals.models import Decision, Indicator, ProtectiveFactor, Referral
from cepathway.referrals.seed import seed_checklist
from cepathway.training.demo import add_demo as add_demo_training

DEMO_PASSWORD = "demo-only-password"  # noqa: S105 - fictional demo logins for a local machine
PARTNERSHIP = ("Cumbria Safeguarding Children Partnership (demo)", "cumbria-demo")
# Ofcom's numbers for drama and the reserved .invalid domain: no real line or mailbox.
DEMO_CONTACTS = Contacts(
    hub_urgent_phone="01632 960000",
    cerar_email="cerar@example.invalid",
    cerar_phone="01632 960001",
    complaints_email="complaints@example.invalid",
    complaints_phone="01632 960002",
    complaints_url="https://complaints.example.invalid/",
    support_links=NATIONAL_SUPPORT_LINKS,
)

AGENCIES = [
    ("Children's Social Care (fictional)", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("Early Help (fictional)", AgencyKind.EARLY_HELP),
    ("Safeguarding Hub (fictional)", AgencyKind.SAFEGUARDING_HUB),
    ("Fellside Academy (fictional)", AgencyKind.SCHOOL),
    ("Riverside Medical Practice (fictional)", AgencyKind.HEALTH),
    ("Constabulary (fictional)", AgencyKind.POLICE),
    ("Youth Justice Service (fictional)", AgencyKind.YOUTH_JUSTICE),
    ("Harbour Youth Trust (fictional)", AgencyKind.VOLUNTARY),
    ("Lakeland Leisure Trust (fictional, unrelated)", AgencyKind.OTHER),
]

# username, role, agency kind, job title
LOGINS = [
    ("cerar", Role.CERAR_LEAD, AgencyKind.CHILDRENS_SOCIAL_CARE, "CERAR lead"),
    ("manager", Role.TEAM_MANAGER, AgencyKind.CHILDRENS_SOCIAL_CARE, "Complex Safeguarding Team Manager"),
    ("socialworker", Role.SOCIAL_WORKER, AgencyKind.CHILDRENS_SOCIAL_CARE, "Social worker"),
    ("leadprofessional", Role.LEAD_PROFESSIONAL, AgencyKind.EARLY_HELP, "Early Help lead professional"),
    ("hub", Role.HUB_PRACTITIONER, AgencyKind.SAFEGUARDING_HUB, "Hub practitioner"),
    ("school", Role.PARTNER_PROFESSIONAL, AgencyKind.SCHOOL, "Designated safeguarding lead"),
    ("police", Role.POLICE_OFFICER, AgencyKind.POLICE, "METCO"),
    ("intelligence", Role.INTELLIGENCE_OFFICER, AgencyKind.POLICE, "Intelligence officer"),
    ("level2", Role.LEVEL2_MEMBER, AgencyKind.YOUTH_JUSTICE, "Level 2 panel member"),
    ("admin", Role.ADMINISTRATOR, AgencyKind.CHILDRENS_SOCIAL_CARE, "Partnership administrator"),
    ("auditor", Role.AUDITOR, AgencyKind.CHILDRENS_SOCIAL_CARE, "Information governance auditor"),
    ("unrelated", Role.PARTNER_PROFESSIONAL, AgencyKind.OTHER, "Activities coordinator (sees nothing)"),
]


# Our own made-up narratives, in the words a referrer might use; no real child or place.
DEMO_CONCERNS = (
    "Has been seen several times getting into cars with older men near the school gates. Has a new "
    "phone and clothes the family cannot explain, and has been missing from home twice this month.",
    "Attendance has dropped sharply. Friends say the child is holding drugs for older boys and owes "
    "them money. The child came to school with a bruised face and would not say what happened.",
    "Staff overheard the child talking about travelling to another town by train to 'do jobs'. The "
    "child has large amounts of cash and has stopped attending after-school football.",
    "The child has been sharing images with an adult met online, who has sent gifts and asked to meet. "
    "The child is withdrawn in class and has told a friend they are scared.",
    "Found late at night in a takeaway with adults not known to the family. Parents report the child "
    "comes home smelling of alcohol and has two phones.",
)


class Command(BaseCommand):
    help = "Load fictional demo data with one login per role (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--children",
            type=int,
            default=14,
            help="How many fictional children to create at the pathway's steps (one more is added, open to "
            "children's services with nothing asked yet, for trying a consultation).",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's emails would flood the console: they are sent at once, into memory, and the worker
        # `make run` starts finds nothing left to send.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self.build(options)
            outbox.send_due(limit=100_000)
        self.print_logins()

    @transaction.atomic
    def build(self, options: dict[str, Any]) -> None:
        partnership, created = Partnership.objects.get_or_create(
            code=PARTNERSHIP[1],
            defaults={"name": PARTNERSHIP[0], "fictional": True},
        )
        agencies = self.agencies(partnership)
        users = self.users(agencies)
        self.contacts(partnership, by=users["admin"])
        seed_checklist(partnership, by=users["admin"])
        if created or not Child.objects.filter(partnership=partnership).exists():
            DemoPathway(partnership, users, options["seed"]).build(options["children"])
        add_demo_intelligence(partnership, users)
        for add_demo in (add_demo_missing, add_demo_nrm, add_demo_family, add_demo_complaints, add_demo_training):
            add_demo(partnership, users)

    def contacts(self, partnership: Partnership, by: User) -> None:
        """The demo partnership's policy with its fictional contact details (a second version, once)."""
        current = policy.policy_for(partnership)
        if current.contacts != DEMO_CONTACTS:
            policy.publish(
                partnership,
                replace(current, contacts=DEMO_CONTACTS),
                based_on=current.number,
                reason="Demo: the partnership's fictional contact details.",
                by=by,
            )

    def agencies(self, partnership: Partnership) -> dict[str, Agency]:
        found: dict[str, Agency] = {}
        for name, kind in AGENCIES:
            agency, _ = Agency.objects.get_or_create(
                partnership=partnership, name=name, defaults={"kind": kind, "fictional": True}
            )
            found[kind] = agency
        return found

    def users(self, agencies: dict[str, Agency]) -> dict[str, User]:
        fake = Faker("en_GB")
        fake.seed_instance(7)
        users = {}
        for username, role, kind, title in LOGINS:
            first, last = fake.first_name(), fake.last_name()
            user, made = User.objects.get_or_create(
                username=username,
                defaults={
                    "role": role,
                    "agency": agencies[kind],
                    "job_title": title,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.invalid",
                    "fictional": True,
                },
            )
            if made:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[username] = user
        return users

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (fictional data; password for all: {DEMO_PASSWORD})\n")
        for username, role, _, title in LOGINS:
            self.stdout.write(f"  {username:<18} {Role(role).label} – {title}")
        self.stdout.write("")


class DemoPathway:
    """Children at each step of the pathway, made through the same services people use."""

    def __init__(self, partnership: Partnership, users: dict[str, User], seed: int) -> None:
        self.partnership, self.users = partnership, users
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.random = random.Random(seed)
        self.indicators = list(Indicator.objects.filter(category__partnership=partnership, active=True))
        self.factors = list(ProtectiveFactor.objects.filter(partnership=partnership))

    def build(self, how_many: int) -> None:
        # Level 1 comes up most often, so that meetings at every status can be tried.
        stages = ["submitted", "level1", "awaiting", "level1", "ended", "level1", "consultation"]
        made = []
        for number in range(how_many):
            made.append(self.child_at(stages[number % len(stages)]))
        self.add_meetings(made)
        # The auditor is named on two children, as for an audit of their records: the audit log names
        # and finds only the children its reader may see.
        for referral in made[:2]:
            auditor, manager = self.users["auditor"], self.users["manager"]
            reason = "Demo: an audit of this child's records"
            children.involve(referral.child, auditor, InvolvementKind.NAMED, by=manager, reason=reason)
        # One more open to children's services with nothing asked yet, for the social worker to try step 4.
        self.open_child()

    def child_details(self) -> dict[str, Any]:
        today = timezone.localdate()
        born = today - timedelta(days=self.random.randint(12 * 365, 17 * 365))
        return {
            "first_name": self.fake.first_name(),
            "last_name": self.fake.last_name(),
            "other_names": "",
            "date_of_birth": born,
            "sex": self.random.choice([Sex.FEMALE, Sex.MALE]),
            "gender": "",
            "ethnicity": self.random.choice([Ethnicity.WHITE_BRITISH, Ethnicity.MIXED_OTHER, Ethnicity.NOT_KNOWN]),
            "address_line_1": self.fake.street_address().replace("\n", ", "),
            "address_line_2": "",
            "town": self.fake.city(),
            "postcode": self.fake.postcode(),
            "school": "Fellside Academy (fictional)",
            "open_to_childrens_services": False,
            "looked_after": self.random.random() < 0.2,
            "send": self.random.random() < 0.2,
            "uasc": False,
            "fictional": True,
        }

    def answers(self) -> referrals.ChecklistReturn:
        picked = self.random.sample(self.indicators, k=self.random.randint(2, 6))
        return referrals.ChecklistReturn(
            [
                referrals.ChecklistAnswer(
                    i, self.random.choice(["current", "past"]), self.random.choice(["evidenced", "suspected"])
                )
                for i in picked
            ],
            self.random.sample(self.factors, k=self.random.randint(0, 2)),
        )

    def contact(self) -> dict[str, Any]:
        return {
            "referrer_phone": "",
            "parent_name": self.fake.name(),
            "parent_relationship": "Parent",
            "parent_phone": "",
            "parent_aware": "yes",
            "concern": "Fictional: " + self.random.choice(DEMO_CONCERNS),
            "ce_types": ["cce"],
            "legal_basis": "consent",
            "consent_not_sought_reason": "",
            "urgency": "standard",
        }

    def open_child(self) -> Child:
        """A child open to children's services, with the demo social worker allocated."""
        u = self.users
        child = Child(partnership=self.partnership, **self.child_details())
        child.open_to_childrens_services = True
        child.allocated_social_worker = u["socialworker"]
        child.save_tracked(u["manager"])
        children.confirm_identity(child, by=u["manager"])
        children.involve(child, u["socialworker"], InvolvementKind.ALLOCATED_WORKER, by=u["manager"])
        return child

    def child_at(self, stage: str) -> Referral:
        u = self.users
        if stage == "consultation":
            return referrals.request_consultation(
                by=u["socialworker"],
                child=self.open_child(),
                reason="Fictional: worried about new older friends.",
                answers=self.answers(),
            )
        referral = referrals.submit_contact(
            by=u["school"],
            child_details=self.child_details(),
            contact=self.contact(),
            answers=self.answers(),
            link_to=None,
        )
        if stage == "submitted":
            return referral
        referrals.record_hub_assessment(
            referral,
            by=u["hub"],
            link_to=None,
            assessment="Fictional demo assessment: school, GP and police consulted.",
            agencies_consulted="School, GP, police",
            ce_concern=True,
        )
        if stage == "awaiting":
            return referral
        referral.refresh_from_db()
        if stage == "ended":
            return referrals.decide(
                referral,
                by=u["cerar"],
                decision=Decision.END,
                judged_level=referral.suggested_level,
                rationale="",
                end_reason="Fictional: concerns addressed by school support.",
                advice_given="Keep in touch with the family; refer again if new signs appear.",
            )
        return referrals.decide(
            referral,
            by=u["cerar"],
            decision=Decision.LEVEL1,
            judged_level=referral.suggested_level,
            advice_given="A Level 1 meeting will be arranged.",
        )

    def add_meetings(self, made: list[Referral]) -> None:
        try:
            from cepathway.meetings import demo
        except ImportError:
            return
        add = getattr(demo, "add_demo_meetings", None)
        if add is not None:
            add(self.partnership, self.users, [r for r in made if r.status == "level1_required"], self.random)
