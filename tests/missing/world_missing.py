"""Missing records in the shared test world: for each of the three children, one episode that has
ended (`world.missing_episode[child.pk]`) with its return home interview, still to be offered and
not yet due (`world.return_interview[child.pk]`). Recorded by a partnership-wide user (the home
CERAR lead, or the elsewhere lead for the foreign child), with no interviewer named, so nobody's
sight of a child changes."""

from datetime import timedelta

from django.utils import timezone

from cepathway.missing.models import MissingEpisode, MissingFrom, ReturnInterview
from cepathway.people.models import Role
from tests.factories import World, world_builder


def make_episode(child, by, *, started_at=None, returned_at=None, still_missing=False):  # type: ignore[no-untyped-def]
    now = timezone.now()
    started_at = started_at or now - timedelta(hours=30)
    episode = MissingEpisode(
        child=child,
        missing_from=MissingFrom.HOME,
        started_at=started_at,
        returned_at=None if still_missing else (returned_at or started_at + timedelta(hours=6)),
        where_found="Fictional: a friend's house",
        police_reference="FICT-0001",
        risk_grading="medium",
    )
    episode.save_tracked(by)
    if episode.returned_at is not None:
        ReturnInterview(episode=episode, child=child, due_by=episode.returned_at + timedelta(hours=72)).save_tracked(by)
    return episode


@world_builder
def add_missing(world: World) -> None:
    def recorder(child):  # type: ignore[no-untyped-def]
        return world.elsewhere_lead if child.partnership_id == world.elsewhere.pk else world.users[Role.CERAR_LEAD]

    world.missing_episode = world.per_child(lambda child: make_episode(child, recorder(child)))  # type: ignore[attr-defined]
    world.return_interview = {  # type: ignore[attr-defined]
        pk: episode.interview
        for pk, episode in world.missing_episode.items()  # type: ignore[attr-defined]
    }
