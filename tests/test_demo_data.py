"""`make run` loads fictional demo data with one login per role; running it again changes nothing."""

from django.core.management import call_command

from cepathway.children.models import Child
from cepathway.people.models import Role, User
from cepathway.policy.models import PolicyVersion
from cepathway.policy.services import policy_for_user
from cepathway.referrals.models import Referral


def test_demo_data_has_a_login_per_role_and_only_fictional_people(db):
    call_command("demo_setup", children=5, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {user.role for user in User.objects.all()} == set(Role.values)
    assert all(user.fictional for user in User.objects.all())
    # Five at the pathway's steps, and one open to children's services with nothing asked yet (README step 4).
    assert Child.objects.count() == 6 and all(child.fictional for child in Child.objects.all())
    assert {referral.status for referral in Referral.objects.all()} >= {"submitted", "awaiting_decision", "ended"}
    assert not Child.objects.visible_to(User.objects.get(username="unrelated")).exists()

    contacts = policy_for_user(User.objects.get(username="hub")).contacts
    assert contacts.hub_urgent_phone.startswith("01632 960") and contacts.cerar_email.endswith("@example.invalid")

    counts = (User.objects.count(), Child.objects.count(), Referral.objects.count(), PolicyVersion.objects.count())
    call_command("demo_setup", children=5, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        User.objects.count(),
        Child.objects.count(),
        Referral.objects.count(),
        PolicyVersion.objects.count(),
    ) == counts


def test_the_default_demo_has_children_at_every_status(db):
    call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(Child.objects.values_list("ce_status", flat=True))
    assert {"high", "medium", "low"} <= statuses
    lead = User.objects.get(username="leadprofessional")
    assert Child.objects.visible_to(lead).filter(ce_status="low").exists(), "the lead professional has a Low child"
