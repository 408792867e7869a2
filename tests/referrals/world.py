"""Referrals in the world: the home partnership's checklist, and referrals about each child at
each triage step (a contact waiting for the hub, one waiting for CERAR, a consultation request)."""

from typing import Any

from cepathway.children.models import Child
from cepathway.people.models import Role
from cepathway.referrals import services
from cepathway.referrals.models import Indicator, Referral
from cepathway.referrals.seed import seed_checklist
from tests.factories import World, world_builder

CONTACT = {
    "referrer_phone": "",
    "parent_name": "Fictional Parent",
    "parent_relationship": "Mother",
    "parent_phone": "",
    "parent_aware": "yes",
    "concern": "Fictional concern: seen getting into cars with older men after school.",
    "ce_types": ["cse"],
    "legal_basis": "consent",
    "consent_not_sought_reason": "",
    "urgency": "standard",
}


def some_answers(partnership: Any, how_many: int = 3) -> services.ChecklistReturn:
    indicators = Indicator.objects.filter(category__partnership=partnership).order_by("category__order", "order")
    return services.ChecklistReturn(
        [services.ChecklistAnswer(indicator, "current", "evidenced") for indicator in indicators[:how_many]]
    )


def referrer_for(world: World, child: Child) -> Any:
    """The partner professional referred the child they are involved with; the hub the others."""
    if child.pk == world.child.pk:
        return world.users[Role.PARTNER_PROFESSIONAL]
    return world.user_in(child.partnership, Role.HUB_PRACTITIONER)


def contact_about(world: World, child: Child) -> Referral:
    referral = services.submit_contact(
        by=referrer_for(world, child),
        child_details={},
        contact=CONTACT,
        answers=some_answers(child.partnership),
        link_to=child,
    )
    return referral


def awaiting_decision_about(world: World, child: Child) -> Referral:
    referral = contact_about(world, child)
    hub = world.user_in(child.partnership, Role.HUB_PRACTITIONER)
    services.record_hub_assessment(
        referral, by=hub, link_to=None, assessment="Fictional assessment.", agencies_consulted="", ce_concern=True
    )
    referral.refresh_from_db()
    return referral


def consultation_about(world: World, child: Child) -> Referral:
    """From the allocated social worker for `world.child`; a partnership-wide user for the others, so
    nobody becomes a referrer of a child the world says they may not see."""
    worker = world.users[Role.SOCIAL_WORKER] if child.pk == world.child.pk else world.user_in(child.partnership)
    return services.request_consultation(
        by=worker, child=child, reason="Fictional: new older friends.", answers=some_answers(child.partnership)
    )


@world_builder
def add_referrals(world: World) -> None:
    seed_checklist(world.home)
    seed_checklist(world.elsewhere)
    world.referral = world.per_child(lambda child: contact_about(world, child))
    world.awaiting_decision = world.per_child(lambda child: awaiting_decision_about(world, child))
    world.consultation = world.per_child(lambda child: consultation_about(world, child))
