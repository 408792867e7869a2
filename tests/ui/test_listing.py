"""The list helper (cepathway.ui.listing): what the address asks, the page links GOV.UK draws, and
links that keep the rest of the address."""

from django.template import Context, Template
from django.test import RequestFactory

from cepathway.ui.listing import Sort, read_listing

SORTS = (Sort("name", "Name", ("last_name", "first_name")), Sort("born", "Date of birth", ("-date_of_birth",)))


def listing_for(query: str, **options):
    return read_listing(RequestFactory().get(f"/children/?{query}"), sorts=SORTS, default="name", **options)


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
    listing = listing_for("sort=shoe&dir=up&page=0&status=bogus", filters={"status": ["high"]})
    assert (listing.sort.key, listing.descending, listing.page_number, listing.filters["status"]) == (
        "name",
        False,
        1,
        "",
    )
    assert len(listing.errors) == 4 and listing.status == 400


def test_headers_reverse_the_current_sort_and_keep_the_search():
    headers = listing_for("q=kay&sort=name&page=3").headers
    assert headers["name"].aria_sort == "ascending" and "dir=desc" in headers["name"].href
    assert headers["born"].aria_sort == "none" and "q=kay" in headers["born"].href
    assert "page=" not in headers["born"].href, "a new sort starts at the first page"


def test_page_links_with_ellipses():
    listing = listing_for("page=6&q=kay").paginate(list(range(250)), ordered=True)
    numbers = [link.number for link in listing.pages]
    assert numbers == [1, None, 5, 6, 7, None, 10]
    assert next(link for link in listing.pages if link.current).number == 6
    assert "q=kay" in listing.next_url and "page=7" in listing.next_url
    assert listing.showing == "Showing 126 to 150 of 250"


def test_one_page_draws_no_pagination():
    listing = listing_for("").paginate(list(range(3)), ordered=True)
    html = Template("{% load govuk %}{% govuk_pagination listing %}").render(Context({"listing": listing}))
    assert html.strip() == "" and listing.showing == ""


def test_the_scroll_region_is_focusable_and_labelled():
    html = Template('{% load govuk %}{% table_scroll label="Children" %}<table></table>{% endtable_scroll %}').render(
        Context()
    )
    assert html.strip() == (
        '<div class="app-table-scroll" role="region" aria-label="Children" tabindex="0"><table></table></div>'
    )
