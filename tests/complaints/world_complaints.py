"""Complaints in the shared test world: for each of the three children an informal concern about
their Level 1 meeting, received yesterday and not yet acknowledged. `world.complaint[child.pk]`.

Handled by the child's social worker for `world.child` and by the CERAR lead of the child's
partnership for the others (people who already see the child), so nobody's scope changes.
"""

from datetime import timedelta

from django.utils import timezone

from cepathway.children.models import Child
from cepathway.complaints import services
from cepathway.complaints.models import About, Complaint, RaisedBy, ReceivedHow
from cepathway.people.models import Role
from tests.factories import World, world_builder


def handler_for(world: World, child: Child) -> object:
    if child.pk == world.child.pk:
        return world.users[Role.SOCIAL_WORKER]
    return world.user_in(child.partnership, Role.CERAR_LEAD)


def make_complaint(world: World, child: Child, **changes: object) -> Complaint:
    handler = handler_for(world, child)
    values: dict[str, object] = {
        "about": About.MEETING,
        "meeting": world.meeting[child.pk],
        "about_detail": "",
        "raised_by": RaisedBy.PARENT_CARER,
        "raiser_name": "Fictional Parent",
        "raiser_contact": "01632 960999",
        "received_on": timezone.localdate() - timedelta(days=1),
        "received_how": ReceivedHow.PHONE,
        "concern": "Fictional: we were not told what the meeting decided.",
        "handler": handler,
    }
    values.update(changes)
    return services.record(child, **values, by=handler)  # type: ignore[arg-type]


@world_builder
def add_complaints(world: World) -> None:
    world.complaint = world.per_child(lambda child: make_complaint(world, child))
