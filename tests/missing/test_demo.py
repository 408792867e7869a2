"""The demo's missing histories: each role has something to click on, and running it again adds nothing."""

from django.test import Client
from django.urls import reverse

from cepathway.children.models import InvolvementKind
from cepathway.missing.demo import add_demo
from cepathway.missing.models import MissingEpisode, ReturnInterview
from cepathway.people.models import AgencyKind, Role
from tests.factories import AgencyFactory, ChildFactory, InvolvementFactory, PartnershipFactory, UserFactory


def page_for(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.get(reverse("my-work")).content.decode()


def test_the_demo_gives_each_role_something_to_see(db):
    partnership = PartnershipFactory()
    agency = AgencyFactory(partnership=partnership, kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    users = {
        name: UserFactory(role=role, agency=agency)
        for name, role in (
            ("cerar", Role.CERAR_LEAD),
            ("manager", Role.TEAM_MANAGER),
            ("socialworker", Role.SOCIAL_WORKER),
            ("hub", Role.HUB_PRACTITIONER),
            ("police", Role.POLICE_OFFICER),
        )
    }
    for _ in range(4):
        worker = users["socialworker"]
        child = ChildFactory(partnership=partnership, open_to_childrens_services=True, allocated_social_worker=worker)
        InvolvementFactory(child=child, user=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    add_demo(partnership, users)
    add_demo(partnership, users)
    assert MissingEpisode.objects.filter(child__partnership=partnership).count() == 6
    assert ReturnInterview.objects.filter(child__partnership=partnership).overdue().count() == 1
    cerar = page_for(users["cerar"])
    assert "Children to consider for the checklist" in cerar and "mentions exploitation" in cerar
    assert "Return home interviews overdue" in page_for(users["socialworker"])
    assert "Return home interviews overdue" in page_for(users["manager"])
    missing_now = MissingEpisode.objects.get(child__partnership=partnership, returned_at__isnull=True)
    client = Client()
    client.force_login(users["police"])
    assert client.get(reverse("missing:history", args=[missing_now.child_id])).status_code == 200
