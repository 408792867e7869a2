"""The Referrals page: every referral the person may see, 25 to a page (no silent cut), sorted by
any of its columns, filtered by status or referring agency; a status or sort it does not offer is
refused clearly (it used to ignore `?status=bogus` and show everything)."""

import pytest
from django.urls import reverse

from cepathway.people.models import Role
from cepathway.referrals.models import Referral, ReferralStatus
from tests.factories import ChildFactory
from tests.referrals.world import contact_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    """31 more contacts from the hub about new children in the home partnership."""
    return [contact_about(world, ChildFactory(partnership=world.home, last_name=f"Listwood{n:02d}")) for n in range(31)]


def test_the_referrals_list_pages(world, many, client_for):
    hub = world.users[Role.HUB_PRACTITIONER]
    client = client_for(hub)
    total = Referral.objects.visible_to(hub).count()
    assert total > 25
    first = client.get(reverse("referrals:list"))
    assert first.status_code == 200
    assert f"Showing 1 to 25 of {total}" in first.content.decode()
    second = client.get(reverse("referrals:list") + first.context["listing"].next_url)
    shown = {r.pk for r in first.context["referrals"]} | {r.pk for r in second.context["referrals"]}
    assert len(shown) == total, "every referral is on one page or the other"


def test_newest_first_unless_sorted_otherwise(world, many, client_for):
    hub = world.users[Role.HUB_PRACTITIONER]
    client = client_for(hub)
    rows = list(Referral.objects.visible_to(hub).select_related("child"))
    newest = sorted(rows, key=lambda r: (r.created_at, r.pk), reverse=True)
    assert [r.pk for r in client.get(reverse("referrals:list")).context["referrals"]] == [r.pk for r in newest[:25]]

    # Sorted by child across both pages: the children made here (surnames in a known order) come in
    # their order, whatever the database's collation does with the world's other names.
    pages = [client.get(reverse("referrals:list"), {"sort": "child", "dir": "asc"})]
    pages.append(client.get(reverse("referrals:list") + pages[0].context["listing"].next_url))
    shown = [r.child.last_name for page in pages for r in page.context["referrals"]]
    assert len(shown) == len(rows)
    ours = [name for name in shown if name.startswith("Listwood")]
    assert ours == sorted(name for name in shown if name.startswith("Listwood")) and len(ours) == 31
    assert 'aria-sort="ascending"' in pages[0].content.decode()

    by_reference = client.get(reverse("referrals:list"), {"sort": "reference", "dir": "desc"})
    expected = sorted(rows, key=lambda r: r.reference, reverse=True)[:25]
    assert [r.reference for r in by_reference.context["referrals"]] == [r.reference for r in expected]


def test_filtered_by_status_and_agency(world, many, client_for):
    hub = world.users[Role.HUB_PRACTITIONER]
    client = client_for(hub)
    waiting = client.get(reverse("referrals:list"), {"status": ReferralStatus.AWAITING_DECISION})
    assert waiting.status_code == 200
    assert waiting.context["referrals"]
    assert {r.status for r in waiting.context["referrals"]} == {ReferralStatus.AWAITING_DECISION}

    school = world.users[Role.PARTNER_PROFESSIONAL].agency
    from_school = client.get(reverse("referrals:list"), {"agency": str(school.pk)})
    assert from_school.status_code == 200
    assert from_school.context["referrals"]
    assert {r.referrer_agency_id for r in from_school.context["referrals"]} == {school.pk}


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ({"status": "bogus"}, "Status &#x27;bogus&#x27; is not one this list offers"),
        ({"agency": "00000000-0000-0000-0000-000000000000"}, "Referring agency &#x27;00000000"),
        ({"sort": "colour"}, "cannot be sorted by &#x27;colour&#x27;"),
    ],
)
def test_what_the_list_does_not_offer_is_refused(world, client_for, asked, says):
    response = client_for(world.users[Role.HUB_PRACTITIONER]).get(reverse("referrals:list"), asked)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode() and says in response.content.decode()


def test_an_agency_whose_referrals_you_cannot_see_is_not_a_filter(world, client_for):
    """The agency filter offers only agencies whose referrals the person sees."""
    referrer = world.users[Role.PARTNER_PROFESSIONAL]
    response = client_for(referrer).get(reverse("referrals:list"))
    offered = {agency.pk for agency in response.context["agencies"]}
    assert offered == {referrer.agency_id}
    hub_agency = world.users[Role.HUB_PRACTITIONER].agency_id
    assert client_for(referrer).get(reverse("referrals:list"), {"agency": str(hub_agency)}).status_code == 400


def test_the_api_pages_with_offset_and_limit(world, many, api_client_for):
    hub = world.users[Role.HUB_PRACTITIONER]
    api = api_client_for(hub)
    total = Referral.objects.visible_to(hub).count()
    first = api.get("/api/referrals", {"limit": 20}).json()
    rest = api.get("/api/referrals", {"limit": 200, "offset": 20}).json()
    assert len(first) == 20 and len(first) + len(rest) == total
    assert not {row["id"] for row in first} & {row["id"] for row in rest}
    assert api.get("/api/referrals", {"limit": 201}).status_code == 422


def test_my_work_says_how_many_wait_and_links_to_them_all(world, many, client_for):
    """The hub queue on My work shows the first 25 and says how many there are, not silently 25."""
    hub = world.users[Role.HUB_PRACTITIONER]
    waiting = Referral.objects.visible_to(hub).filter(status=ReferralStatus.SUBMITTED).count()
    page = client_for(hub).get(reverse("my-work")).content.decode()
    assert f"Showing the first 25 of {waiting}." in page
    assert f'href="{reverse("referrals:list")}?status=submitted"' in page
