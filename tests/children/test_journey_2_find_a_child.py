"""Finding a child: a practitioner types a full name, part of a name, a name the child is known by, a
date of birth or a referral reference, on the Children page or through the API, and gets the children
they may see, best matches first. The list pages and sorts; what it does not offer is refused clearly."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cepathway.children.models import CEStatus, Child
from cepathway.children.search import typed_date
from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def names(children):
    return [child.full_name for child in children]


def api_names(response):
    assert response.status_code == 200, response.content
    return [f"{row['first_name']} {row['last_name']}" for row in response.json()]


def page_order(response, candidates):
    """The full names of `candidates` in the order the page shows them."""
    text = response.content.decode()
    shown = [(text.index(name), name) for name in candidates if name in text]
    return [name for _at, name in sorted(shown)]


@pytest.fixture
def family(world):
    """Children in the home partnership with names that overlap, seen by the CERAR lead."""
    make = lambda first, last, **more: ChildFactory(partnership=world.home, first_name=first, last_name=last, **more)  # noqa: E731
    return {
        "exact": make("Quillon", "Ambrosetti", date_of_birth=date(2012, 3, 27)),
        "surname": make("Tamsin", "Ambrosetti"),
        "prefix": make("Orrin", "Ambrosettino"),
        "first": make("Ambrosetti", "Wexley"),
        "known_as": make("Pell", "Varnock", other_names="Ambrosetti, Birdie"),
        "unrelated": make("Hestia", "Clovermarsh"),
    }


def test_a_full_name_comes_first_then_surname_then_other_names(world, family, client_for):
    cerar = world.users[Role.CERAR_LEAD]
    response = client_for(cerar).get(reverse("children:list"), {"q": "quillon AMBROSETTI"})
    assert response.status_code == 200
    assert page_order(response, names(family.values()))[0] == "Quillon Ambrosetti"

    response = client_for(cerar).get(reverse("children:list"), {"q": "Ambrosetti"})
    order = page_order(response, names(family.values()))
    best_first = ["Quillon Ambrosetti", "Tamsin Ambrosetti", "Orrin Ambrosettino", "Ambrosetti Wexley", "Pell Varnock"]
    assert order == best_first
    assert "Hestia Clovermarsh" not in response.content.decode()
    assert "best matches first" in response.content.decode()


def test_other_names_and_words_in_any_name(world, family, client_for, api_client_for):
    cerar = world.users[Role.CERAR_LEAD]
    assert api_names(api_client_for(cerar).get("/api/children", {"q": "birdie"})) == ["Pell Varnock"]
    assert api_names(api_client_for(cerar).get("/api/children", {"q": "ors qui"})) == []
    assert api_names(api_client_for(cerar).get("/api/children", {"q": "orr ambro"})) == ["Orrin Ambrosettino"]
    page = client_for(cerar).get(reverse("children:list"), {"q": "Birdie"})
    assert "Pell Varnock" in page.content.decode() and "Also known as Ambrosetti, Birdie" in page.content.decode()


@pytest.mark.parametrize("typed", ["27/03/2012", "27/3/2012", "2012-03-27", " 27 / 03 / 2012 "])
def test_a_date_of_birth_typed_either_way(world, family, api_client_for, typed):
    cerar = world.users[Role.CERAR_LEAD]
    found = api_names(api_client_for(cerar).get("/api/children", {"q": typed}))
    assert "Quillon Ambrosetti" in found
    assert all(Child.objects.get(pk=row["id"]).date_of_birth == date(2012, 3, 27) for row in
               api_client_for(cerar).get("/api/children", {"q": typed}).json())  # fmt: skip


def test_not_a_date_is_not_taken_for_one():
    assert typed_date("31/02/2012") is None and typed_date("Ambrosetti") is None
    assert typed_date("2012-3-27") == date(2012, 3, 27)


def test_a_referral_reference_finds_its_child(world, client_for, api_client_for):
    referral = world.referral[world.child.pk]
    cerar = world.users[Role.CERAR_LEAD]
    found = api_client_for(cerar).get("/api/children", {"q": referral.reference.lower()}).json()
    assert [row["id"] for row in found] == [str(world.child.pk)]
    page = client_for(cerar).get(reverse("children:list"), {"q": referral.reference})
    assert world.child.full_name in page.content.decode()
    # The referrer finds the child by the reference of the referral they made.
    referrer = world.users[Role.PARTNER_PROFESSIONAL]
    found = api_client_for(referrer).get("/api/children", {"q": referral.reference}).json()
    assert [row["id"] for row in found] == [str(world.child.pk)]


def test_someone_unrelated_finds_nobody(world, family, client_for, api_client_for):
    nobody = world.unrelated
    reference = world.referral[world.child.pk].reference
    for typed in ("Ambrosetti", world.child.full_name, reference, world.child.date_of_birth.isoformat()):
        assert api_client_for(nobody).get("/api/children", {"q": typed}).json() == []
        page = client_for(nobody).get(reverse("children:list"), {"q": typed})
        assert page.context["children"] == [] and page.context["listing"].total == 0
        assert "No child you may see matches" in page.content.decode()
    # The elsewhere partnership's lead does not find the home partnership's children either.
    lead = world.elsewhere_lead
    assert api_client_for(lead).get("/api/children", {"q": "Ambrosetti"}).json() == []


def test_a_search_is_audited(world, family, client_for, api_client_for):
    cerar = world.users[Role.CERAR_LEAD]
    client_for(cerar).get(reverse("children:list"), {"q": "Ambrosetti"})
    api_client_for(cerar).get("/api/children", {"q": "Birdie"})
    searches = AuditEvent.objects.filter(user=cerar, action="searched", record_type="children.Child")
    assert sorted(searches.values_list("detail", flat=True)) == ["search='Ambrosetti'", "search='Birdie'"]


# Paging and sorting --------------------------------------------------------------------------------


@pytest.fixture
def many(world):
    """32 children in the home partnership, born on different days."""
    return [
        ChildFactory(
            partnership=world.home, last_name=f"Pagewood{n:02d}", date_of_birth=date(2010, 1, 1) + timedelta(days=n)
        )
        for n in range(32)
    ]


def test_the_children_list_pages_and_sorts(world, many, client_for):
    client = client_for(world.users[Role.CERAR_LEAD])
    total = Child.objects.filter(partnership=world.home).count()
    first = client.get(reverse("children:list"))
    assert first.status_code == 200
    assert f"Showing 1 to 25 of {total}" in first.content.decode()
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()
    second = client.get(reverse("children:list") + first.context["listing"].next_url)
    assert f"Showing 26 to {total} of {total}" in second.content.decode()
    assert 'rel="prev"' in second.content.decode() and 'rel="next"' not in second.content.decode()
    back = client.get(reverse("children:list") + second.context["listing"].previous_url)
    assert back.context["children"] == first.context["children"]

    # The 32 children made here have distinct birthdays and surnames, so their order is certain.
    youngest_first = client.get(reverse("children:list"), {"q": "pagewood", "sort": "born", "dir": "desc"})
    born = sorted(many, key=lambda c: c.date_of_birth, reverse=True)
    assert [c.pk for c in youngest_first.context["children"]] == [c.pk for c in born[:25]]
    assert 'aria-sort="descending"' in youngest_first.content.decode()
    by_name = client.get(reverse("children:list"), {"q": "pagewood", "sort": "name"})
    by_name = client.get(reverse("children:list") + by_name.context["listing"].next_url)
    ordered = sorted(many, key=lambda c: c.last_name)
    assert [c.pk for c in by_name.context["children"]] == [c.pk for c in ordered[25:]]


def test_the_children_list_filters_by_ce_status(world, many, client_for):
    client = client_for(world.users[Role.CERAR_LEAD])
    response = client.get(reverse("children:list"), {"status": CEStatus.HIGH})
    assert response.status_code == 200
    assert all(child.ce_status == CEStatus.HIGH for child in response.context["children"])


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ({"sort": "shoe_size"}, "cannot be sorted by &#x27;shoe_size&#x27;"),
        ({"dir": "sideways"}, "Sort order &#x27;sideways&#x27; is not known"),
        ({"status": "bogus"}, "CE status &#x27;bogus&#x27; is not one this list offers"),
        ({"cursor": "x"}, "This page link is not one this list made"),
    ],
)
def test_the_children_list_refuses_what_it_does_not_offer(world, client_for, asked, says):
    response = client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:list"), asked)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and says in text
    assert world.child.full_name in text  # the list still shows, in its usual order


def test_the_api_pages_with_offset_and_limit(world, many, api_client_for):
    api = api_client_for(world.users[Role.CERAR_LEAD])
    total = Child.objects.filter(partnership=world.home).count()
    first = api.get("/api/children", {"limit": 20}).json()
    rest = api.get("/api/children", {"limit": 20, "offset": 20}).json()
    assert len(first) == 20 and len(first) + len(rest) == total
    assert not {row["id"] for row in first} & {row["id"] for row in rest}
    assert api.get("/api/children", {"limit": 500}).status_code == 422


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_searching_paging_and_sorting_by_clicking_on_a_phone(world, many, page):
    """In Chromium at 375 px: search, follow "Next", sort by date of birth; no axe violations and the
    page never scrolls sideways (the table scrolls in its own region)."""
    from tests.browser.helpers import assert_accessible, login
    from tests.browser.test_phone_width import PHONE, assert_fits_a_phone

    page.set_viewport_size(PHONE)
    login(page, world.users[Role.CERAR_LEAD])
    page.goto(reverse("children:list"))
    page.get_by_label("Find a child").fill("pagewood")
    page.get_by_role("button", name="Search").click()
    assert "32 children match" in page.locator("main").inner_text()
    assert_fits_a_phone(page)
    assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    assert "Showing 26 to 32 of 32" in page.locator("main").inner_text()
    page.get_by_role("link", name="Date of birth").click()
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Date of birth")
    first = page.locator("tbody tr").first.inner_text()
    assert "Pagewood00" in first
    assert_fits_a_phone(page)
    assert_accessible(page)


def test_a_search_holding_a_nul_is_refused_clearly_before_the_database_sees_it(world, api_client_for):
    """PostgreSQL refuses a NUL byte in text; the service refuses it first, in one place for every field
    (cepathway.core.request_guards), with a message saying what to do."""
    response = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/children", {"q": f"{world.child.last_name}\x00"})
    assert response.status_code == 422
    assert "cannot be typed or stored" in response.json()["errors"]["__all__"][0]


def test_a_name_with_an_apostrophe_is_shown_and_found(world, client_for):
    """The factories draw no apostrophes (pages escape them); real names have them."""
    child = ChildFactory(partnership=world.home, first_name="Siobhan", last_name="O'Neill")
    cerar = client_for(world.users[Role.CERAR_LEAD])
    found = cerar.get(reverse("children:list"), {"q": "siobhan o'neill"}).content.decode()
    assert "Siobhan O&#x27;Neill" in found and reverse("children:detail", args=[child.pk]) in found
    page = cerar.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "O&#x27;Neill" in page and "O'Neill" not in page
