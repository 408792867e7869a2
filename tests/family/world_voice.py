"""Views links in the shared test world: for each of the three children a link for a parent or
carer to send views to the child's meeting (`world.views_link[child.pk]`), not used yet. World.child's
was issued by their allocated social worker; the others by the meeting's chair. The raw token of
world.child's link is `world.views_token`, so the catalogue can open the family's page.

No involvement is made, so who sees which child is as tests.factories says.
"""

from cepathway.family.voice import services
from cepathway.meetings.models import VoiceOf
from cepathway.people.models import Role
from tests.factories import World, world_builder


@world_builder
def add_views_links(world: World) -> None:
    tokens = {}

    def make(child):  # type: ignore[no-untyped-def]
        meeting = world.meeting[child.pk]
        by = world.users[Role.SOCIAL_WORKER] if child.pk == world.child.pk else meeting.chair
        issued = services.issue(
            meeting, voice_of=VoiceOf.PARENT_CARER, first_name="Fictionalparent", relationship="mother", by=by
        )
        tokens[child.pk] = issued.token
        return issued.link

    world.views_link = world.per_child(make)  # type: ignore[attr-defined]
    world.views_token = tokens[world.child.pk]  # type: ignore[attr-defined]
