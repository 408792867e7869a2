"""Fictional demo records for `make run` (called from demo_setup; safe to run again).

Two of the demo children the demo social worker is allocated to (others when there are not two):
one referred by the police (recorded by the social worker) whose reasonable grounds decision is
awaited past the policy's expected time (so the reminder shows on My work and on CERAR's list),
and one referred by children's services with a positive reasonable grounds decision, a guardian
allocated and the conclusive grounds decision awaited. Written through the services people use;
nothing is added when the partnership has any."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cepathway.children.models import Child
from cepathway.policy.services import policy_for

from . import services
from .models import Decision, Exploitation, FirstResponderKind, NrmReferral, working_days_after


def add_demo(partnership: Any, users: dict[str, Any]) -> None:
    """Add this app's fictional records to the demo partnership, once."""
    if NrmReferral.objects.filter(child__partnership=partnership).exists():
        return
    worker = users.get("socialworker")
    children = list(
        Child.objects.filter(partnership=partnership, allocated_social_worker=worker).order_by("created_at", "pk")[:2]
    )
    if len(children) < 2:
        children = list(Child.objects.filter(partnership=partnership).order_by("created_at", "pk")[:2])
    if len(children) < 2:
        return
    policy = policy_for(partnership)
    today = timezone.localdate()
    late_by = policy.timescales.nrm_reasonable_grounds_working_days + 7
    referred_on = today
    while working_days_after(referred_on, today, policy.working_days_region) < late_by:
        referred_on -= timedelta(days=1)
    cerar = users["cerar"]
    services.make_referral(
        children[0],
        first_responder_kind=FirstResponderKind.POLICE,
        first_responder_name="Fictional Constabulary",
        referred_on=referred_on,
        exploitation=[Exploitation.CRIMINAL],
        by=worker or cerar,
    )
    second = services.make_referral(
        children[1],
        first_responder_kind=FirstResponderKind.LOCAL_AUTHORITY,
        first_responder_name="Fictional County Council children's services",
        referred_on=today - timedelta(days=40),
        exploitation=[Exploitation.SEXUAL, Exploitation.CRIMINAL],
        by=worker or cerar,
    )
    services.record_decisions(
        second,
        reasonable_grounds=Decision.POSITIVE,
        reasonable_grounds_on=today - timedelta(days=33),
        conclusive_grounds=Decision.AWAITED,
        conclusive_grounds_on=None,
        expected_version=second.version,
        by=cerar,
    )
    services.record_guardian(
        second,
        guardian_name="Fictional Guardian",
        guardian_organisation="Fictional Independent Child Trafficking Guardianship Service",
        guardian_allocated_on=today - timedelta(days=30),
        expected_version=second.version,
        by=worker or cerar,
    )
