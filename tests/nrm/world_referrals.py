"""NRM referrals in the shared test world: one for each of the three children,
`world.nrm_referral[child.pk]`, made today (no decision is past its expected time, so nobody's My
work changes), by someone who already sees the child: the social worker for `world.child`, the hub
practitioner for `world.other_child`, the elsewhere CERAR lead for `world.foreign_child`."""

from django.utils import timezone

from cepathway.nrm.models import Exploitation, FirstResponderKind, NrmReferral
from cepathway.people.models import Role
from tests.factories import World, world_builder


def make_referral(child, by, **values) -> NrmReferral:  # type: ignore[no-untyped-def]
    referral = NrmReferral(
        child=child,
        first_responder_kind=values.pop("first_responder_kind", FirstResponderKind.LOCAL_AUTHORITY),
        first_responder_name=values.pop("first_responder_name", "Fictional County Council children's services"),
        referred_on=values.pop("referred_on", timezone.localdate()),
        referred_by=values.pop("referred_by", by),
        exploitation=values.pop("exploitation", [Exploitation.CRIMINAL]),
        **values,
    )
    referral.save_tracked(by)
    return referral


@world_builder
def add_nrm_referrals(world: World) -> None:
    makers = {
        world.child.pk: world.users[Role.SOCIAL_WORKER],
        world.other_child.pk: world.users[Role.HUB_PRACTITIONER],
        world.foreign_child.pk: world.elsewhere_lead,
    }
    world.nrm_referral = world.per_child(lambda child: make_referral(child, makers[child.pk]))  # type: ignore[attr-defined]
