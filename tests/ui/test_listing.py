"""The list helper (cepathway.ui.listing): what the address asks, keyset (cursor) pages walked both
ways, ties and NULLs in the sort, cursors refused when they are not ours, and the API's pages."""

from urllib.parse import parse_qs

import pytest
from django.core import signing
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cepathway.children.models import Child
from cepathway.ui.listing import CursorInvalid, Sort, Total, api_page, count_up_to, read_listing
from tests.factories import ChildFactory, PartnershipFactory, UserFactory

SORTS = (
    Sort("name", "Name", ("last_name", "first_name")),
    Sort("born", "Date of birth", ("-date_of_birth",)),
    Sort("worker", "Social worker", ("allocated_social_worker__last_name",)),
    Sort("partnership", "Partnership", ("partnership__name", "last_name")),
)


def listing_for(query: str, **options):
    return read_listing(RequestFactory().get(f"/children/?{query}"), sorts=SORTS, default="name", **options)


def page(query: str, per_page: int = 4):
    return listing_for(query, per_page=per_page).paginate(Child.objects.all())


def walk(query: str, per_page: int = 4) -> tuple[list[list], list[list]]:
    """Every page following Next from the first, then every page following Previous back."""
    forwards, backwards = [], []
    listing = page(query, per_page)
    forwards.append(listing.rows)
    while listing.next_url:
        listing = page(listing.next_url[1:], per_page)
        forwards.append(listing.rows)
    backwards.append(listing.rows)
    while listing.previous_url:
        listing = page(listing.previous_url[1:], per_page)
        backwards.append(listing.rows)
    return forwards, backwards[::-1]


@pytest.fixture
def children(db):
    """Eleven children: three share a whole name (ties), eight have no social worker (NULL sort values)."""
    partnership = PartnershipFactory()
    worker = UserFactory(last_name="Zanetti", agency__partnership=partnership)
    other = UserFactory(last_name="Abbiss", agency__partnership=partnership)
    made = [ChildFactory(partnership=partnership, first_name="Ida", last_name="Tessaro") for _ in range(3)]
    made += [
        ChildFactory(partnership=partnership, allocated_social_worker=worker if n % 2 else other) for n in range(3)
    ]
    made += [ChildFactory(partnership=partnership) for _ in range(5)]
    return made


def test_the_sort_direction_and_filters_are_read():
    listing = listing_for("sort=born&dir=desc&status=high", filters={"status": ["high", "low"]})
    assert (listing.sort.key, listing.descending, listing.filters, listing.errors) == (
        "born",
        True,
        {"status": "high"},
        [],
    )
    assert listing.sort.order_by(True) == ["date_of_birth"] and listing.sort.order_by(False) == ["-date_of_birth"]


def test_what_is_not_offered_is_named_and_the_default_used():
    listing = listing_for("sort=shoe&dir=up&status=bogus", filters={"status": ["high"]})
    assert (listing.sort.key, listing.descending, listing.filters["status"]) == ("name", False, "")
    assert len(listing.errors) == 3 and listing.status == 400


def test_headers_reverse_the_current_sort_and_keep_the_search():
    headers = listing_for("q=kay&sort=name&cursor=abc").headers
    assert headers["name"].aria_sort == "ascending" and "dir=desc" in headers["name"].href
    assert headers["born"].aria_sort == "none" and "q=kay" in headers["born"].href
    assert "cursor=" not in headers["born"].href, "a new sort starts at the first page"


@pytest.mark.parametrize(
    "query",
    ["", "sort=name&dir=desc", "sort=born", "sort=worker", "sort=worker&dir=desc", "sort=partnership&dir=desc"],
)
def test_next_and_previous_walk_every_row_once_in_order(children, query):
    forwards, backwards = walk(query)
    rows = [child.pk for rows in forwards for child in rows]
    assert len(rows) == len(set(rows)) == 11 and [len(rows) for rows in forwards] == [4, 4, 3]
    assert [[c.pk for c in p] for p in backwards] == [[c.pk for c in p] for p in forwards]


def test_ties_are_broken_by_the_pk(children):
    forwards, _ = walk("", per_page=2)
    tessaros = [child.pk for rows in forwards for child in rows if child.last_name == "Tessaro"]
    assert tessaros == sorted(child.pk for child in children[:3])


def test_nulls_come_after_every_value_and_first_when_descending(children):
    ascending, _ = walk("sort=worker")
    workers = [child.allocated_social_worker_id is not None for rows in ascending for child in rows]
    assert workers == [True] * 3 + [False] * 8
    descending, _ = walk("sort=worker&dir=desc")
    workers = [child.allocated_social_worker_id is not None for rows in descending for child in rows]
    assert workers == [False] * 8 + [True] * 3


def test_showing_counts_where_the_page_is(children):
    first = page("")
    second = page(first.next_url[1:])
    assert (first.showing, second.showing) == ("Showing 1 to 4 of 11", "Showing 5 to 8 of 11")
    assert "cursor=" in second.previous_url and page(second.previous_url[1:]).showing == "Showing 1 to 4 of 11"


@pytest.mark.parametrize("cursor", ["x", "not-a-cursor:abc:def"])
def test_a_tampered_cursor_is_refused_and_the_first_page_shown(children, cursor):
    listing = page(f"cursor={cursor}")
    assert listing.status == 400 and "page link" in listing.errors[0]
    assert listing.rows == page("").rows


def test_a_cursor_edited_or_made_for_another_sort_is_refused(children):
    next_url = page("").next_url
    cursor = parse_qs(next_url[1:])["cursor"][0]
    payload = signing.loads(cursor, salt="cepathway.ui.listing.cursor")
    forged = signing.dumps(payload | {"p": str(children[0].pk)}, salt="another salt")
    assert page(f"cursor={forged}").status == 400
    assert page(f"sort=born&cursor={cursor}").status == 400, "a cursor belongs to its own sort"
    assert page(f"cursor={cursor}").status == 200


def test_a_page_costs_the_same_queries_deep_in_the_list(children):
    first = page("", per_page=2)
    deep = page("", per_page=2)
    while deep.next_url:
        deep = page(deep.next_url[1:], per_page=2)
    with CaptureQueriesContext(connection) as at_first:
        page(first.next_url[1:], per_page=2)
    with CaptureQueriesContext(connection) as at_end:
        page(deep.previous_url[1:], per_page=2)
    assert len(at_first) == len(at_end) == 2, "the boundary row's sort values, then the page"


def test_a_cursor_carries_no_name_or_birthday_only_the_row_it_follows(children):
    """Addresses end up in server logs and browser history: a child's name must not."""
    listing = page("")
    payload = signing.loads(parse_qs(listing.next_url[1:])["cursor"][0], salt="cepathway.ui.listing.cursor")
    last = listing.rows[-1]
    assert payload["p"] == str(last.pk)
    flat = repr(payload)
    assert last.last_name not in flat and last.first_name not in flat and str(last.date_of_birth) not in flat


def test_a_row_that_leaves_the_list_still_marks_where_the_next_page_starts(children):
    first = page("")
    boundary = first.rows[-1]
    rows = Child.objects.exclude(pk=boundary.pk)
    following = listing_for(first.next_url[1:], per_page=4).paginate(rows)
    expected = list(Child.objects.order_by("last_name", "first_name", "pk"))
    at = expected.index(boundary)
    assert following.status == 200 and following.rows == expected[at + 1 : at + 5]


def test_one_page_draws_no_pagination(children):
    listing = page("", per_page=50)
    html = Template("{% load govuk %}{% govuk_pagination listing %}").render(Context({"listing": listing}))
    assert html.strip() == "" and listing.showing == "" and listing.total == 11


def test_pagination_draws_previous_and_next_links_that_keep_the_search(children):
    listing = page("q=kay")
    listing = page(listing.next_url[1:])
    html = Template("{% load govuk %}{% govuk_pagination listing 'Pages of children' %}").render(
        Context({"listing": listing})
    )
    assert 'rel="prev"' in html and 'rel="next"' in html and "q=kay" in listing.next_url
    assert 'aria-label="Pages of children"' in html


def test_the_api_pages_with_a_next_cursor(children):
    rows = Child.objects.all()
    seen, cursor = [], ""
    while True:
        reply = api_page(rows, ("last_name", "first_name"), cursor=cursor, limit=4)
        seen += [child.pk for child in reply["items"]]
        if reply["next"] is None:
            break
        cursor = reply["next"]
    assert len(seen) == len(set(seen)) == 11
    with pytest.raises(CursorInvalid):
        api_page(rows, ("last_name", "first_name"), cursor="tampered", limit=4)
    with pytest.raises(CursorInvalid):
        api_page(rows, ("-date_of_birth",), cursor=api_page(rows, ("last_name",), limit=4)["next"])


def test_the_scroll_region_is_focusable_and_labelled():
    html = Template('{% load govuk %}{% table_scroll label="Children" %}<table></table>{% endtable_scroll %}').render(
        Context()
    )
    assert html.strip() == (
        '<div class="app-table-scroll" role="region" aria-label="Children" tabindex="0"><table></table></div>'
    )


def test_a_count_stops_at_its_cap(children):
    assert (count_up_to(Child.objects.all(), cap=20), count_up_to(Child.objects.all(), cap=5)) == (11, 6)
    assert str(Total(1001)) == "more than 1,000" and str(Total(1000)) == "1000" and Total(1001) > 25
