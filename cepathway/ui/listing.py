"""Paging, sorting and filtering a list page, on the server (no JavaScript needed).

A view says which columns sort and which filters it offers, reads the request once, and hands the
template a `Listing`: the page's rows, the sortable column headers (links with `aria-sort`) and the
GOV.UK pagination. Anything the page does not offer (`?sort=bogus`, `?status=bogus`, `?page=x`) is
refused clearly: `listing.errors` names it, the view answers 400 and the page shows the error
summary above the list in its default order, never a silently different list.

    SORTS = (Sort("name", "Name", ("last_name", "first_name")), Sort("born", "Date of birth", ("date_of_birth",)))
    listing = read_listing(request, rows, sorts=SORTS, default="name", filters={"status": STATUS_VALUES})
    rows = listing.filtered("status", rows)   # or filter by listing.filters["status"] yourself
    ...
    return render(request, "...", {"listing": listing}, status=listing.status)

See docs/ui.md ("Lists") for the template side.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

PER_PAGE = 25
SORT, DIRECTION, PAGE = "sort", "dir", "page"
ASCENDING, DESCENDING = "asc", "desc"


@dataclass(frozen=True)
class Sort:
    """A column the list sorts by: its `key` in the address, its heading, and the fields it orders
    by when ascending (each is reversed for descending)."""

    key: str
    label: str
    fields: tuple[str, ...]

    def order_by(self, descending: bool) -> list[str]:
        if not descending:
            return list(self.fields)
        return [name[1:] if name.startswith("-") else f"-{name}" for name in self.fields]


@dataclass(frozen=True)
class Header:
    """One sortable column heading: a link that sorts by it (or reverses it when it is the sort)."""

    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "none"
    next_direction: str  # what following the link gives, for the hidden text


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for an ellipsis
    href: str = ""
    current: bool = False


@dataclass
class Listing:
    """What a list page needs: its rows for this page, sort headers, pagination and any refusals."""

    query: QueryDict
    sorts: Sequence[Sort]
    sort: Sort
    descending: bool
    page_number: int
    filters: dict[str, str]
    errors: list[str] = field(default_factory=list)
    per_page: int = PER_PAGE
    page: Page | None = None
    # Sorted by how well each row matches a search, not by a column (no heading is marked sorted).
    ranked: bool = False
    # Put before "sort", "dir" and "page" when a page has two lists ("actions_page=2").
    prefix: str = ""

    @property
    def status(self) -> int:
        """400 when the address asked for something the list does not offer, else 200."""
        return 400 if self.errors else 200

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list) if self.page is not None else []

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0

    def order(self, rows: Any) -> Any:
        return rows.order_by(*self.sort.order_by(self.descending), "-pk" if self.descending else "pk")

    def paginate(self, rows: Any, *, ordered: bool = False) -> "Listing":
        """Sort `rows` (unless `ordered`: they come in their own order, as search results do) and
        take this page. A page past the end shows the last page."""
        if not ordered:
            rows = self.order(rows)
        self.page = Paginator(rows, self.per_page).get_page(self.page_number)
        return self

    def url(self, **changes: Any) -> str:
        """This list's address with some parameters changed (None removes one)."""
        query = self.query.copy()
        for name, value in changes.items():
            if value is None or value == "":
                query.pop(name, None)
            else:
                query[name] = str(value)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def headers(self) -> dict[str, Header]:
        """The sortable headings by key: `{% sortable_header listing "name" %}` draws one."""
        found = {}
        for sort in self.sorts:
            current = sort.key == self.sort.key and not self.ranked
            descending = not self.descending if current else False
            direction = DESCENDING if descending else ASCENDING
            aria = ("descending" if self.descending else "ascending") if current else "none"
            href = self.url(
                **{self.prefix + SORT: sort.key, self.prefix + DIRECTION: direction, self.prefix + PAGE: None}
            )
            found[sort.key] = Header(sort.label, href, aria, "descending" if descending else "ascending")
        return found

    @property
    def pages(self) -> list[PageLink]:
        """Page links as GOV.UK shows them: the first, the last, and the current one with its
        neighbours, with ellipses between."""
        if self.page is None or self.page.paginator.num_pages < 2:
            return []
        last, current = self.page.paginator.num_pages, self.page.number
        wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
        links: list[PageLink] = []
        for number in wanted:
            if links and links[-1].number is not None and number - (links[-1].number or 0) > 1:
                links.append(PageLink(None))
            links.append(PageLink(number, self.url(**{self.prefix + PAGE: number}), number == current))
        return links

    @property
    def previous_url(self) -> str:
        page = self.page
        if page is None or not page.has_previous():
            return ""
        return self.url(**{self.prefix + PAGE: page.previous_page_number()})

    @property
    def next_url(self) -> str:
        page = self.page
        if page is None or not page.has_next():
            return ""
        return self.url(**{self.prefix + PAGE: page.next_page_number()})

    @property
    def showing(self) -> str:
        """ "Showing 26 to 50 of 73" (or "" when everything fits on one page)."""
        if self.page is None or self.page.paginator.num_pages < 2:
            return ""
        return f"Showing {self.page.start_index()} to {self.page.end_index()} of {self.total}"


def read_listing(
    request: HttpRequest,
    *,
    sorts: Sequence[Sort],
    default: str,
    descending: bool = False,
    filters: Mapping[str, Iterable[str]] | None = None,
    filter_labels: Mapping[str, str] | None = None,
    per_page: int = PER_PAGE,
    prefix: str = "",
) -> Listing:
    """Read `?sort=`, `?dir=`, `?page=` and each filter from the address.

    `filters` maps a parameter to the values it accepts ("" always means all). A value the list
    does not offer is refused (listed in `errors`, the filter left at all), as are an unknown sort,
    direction or page number (the default used instead). `prefix` names the sort, direction and page
    parameters of one of two lists on a page ("actions_sort", "actions_page").
    """
    query = request.GET
    by_key = {sort.key: sort for sort in sorts}
    errors = []
    sort_key = query.get(prefix + SORT, "") or default
    if sort_key not in by_key:
        errors.append(f"This list cannot be sorted by {sort_key[:40]!r}: sort by {_choices(by_key)}")
        sort_key = default
    direction = query.get(prefix + DIRECTION, "")
    if direction not in ("", ASCENDING, DESCENDING):
        errors.append(f"Sort order {direction[:40]!r} is not known: use {ASCENDING!r} or {DESCENDING!r}")
        direction = ""
    is_descending = (direction == DESCENDING) if direction else descending
    raw_page = query.get(prefix + PAGE, "") or "1"
    page_number = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
    if page_number == 1 and raw_page != "1":
        errors.append(f"Page {raw_page[:40]!r} is not a page number")
    chosen = {}
    for name, accepted in (filters or {}).items():
        value = query.get(name, "").strip()
        allowed = {str(choice) for choice in accepted}
        label = (filter_labels or {}).get(name, name)
        if value and value not in allowed:
            errors.append(f"{label[:1].upper()}{label[1:]} {value[:40]!r} is not one this list offers")
            value = ""
        chosen[name] = value
    return Listing(
        query=query,
        sorts=sorts,
        sort=by_key[sort_key],
        descending=is_descending,
        page_number=page_number,
        filters=chosen,
        errors=errors,
        per_page=per_page,
        prefix=prefix,
    )


def _choices(values: Collection[str]) -> str:
    return ", ".join(sorted(values))
