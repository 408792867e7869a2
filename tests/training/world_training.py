"""Training's records in the shared test world, per partnership (keyed by the partnership's pk):
a training record whose correction page the matrix asks for, and a current CE champion.

No involvement is made, so who sees which child is as tests.factories says. The elsewhere record
belongs to a professional who is not one of the matrix's principals, so that the elsewhere lead
(who may correct only their own records) is refused it like any non-administrator.
"""

from datetime import timedelta

from django.utils import timezone

from cepathway.people.models import AgencyKind, Role
from cepathway.training.models import ChampionAppointment, Level, TrainingRecord
from tests.factories import UserFactory, World, world_builder


@world_builder
def add_training(world: World) -> None:
    today = timezone.localdate()
    admin = world.users[Role.ADMINISTRATOR]
    elsewhere_trainee = UserFactory(
        username="elsewhere-trainee", role=Role.SOCIAL_WORKER, agency=world.elsewhere_agency
    )
    world.training_person = {world.home.pk: world.users[Role.SOCIAL_WORKER], world.elsewhere.pk: elsewhere_trainee}
    world.training_agency = {
        world.home.pk: world.agencies[AgencyKind.SCHOOL],
        world.elsewhere.pk: world.elsewhere_agency,
    }
    world.training_record = {}
    for partnership, person, by in (
        (world.home, admin, admin),
        (world.elsewhere, elsewhere_trainee, world.elsewhere_lead),
    ):
        record = TrainingRecord(person=person, level=Level.LEVEL1, completed_on=today - timedelta(days=100))
        record.save_tracked(by)
        world.training_record[partnership.pk] = record
    world.champion = {}
    for partnership, person, by in (
        (world.home, world.users[Role.PARTNER_PROFESSIONAL], admin),
        (world.elsewhere, world.elsewhere_lead, world.elsewhere_lead),
    ):
        champion = ChampionAppointment(person=person, agency=person.agency, since=today - timedelta(days=30))
        champion.save_tracked(by)
        world.champion[partnership.pk] = champion
