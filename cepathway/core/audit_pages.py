"""Pages of the auditor's search: 200 entries a page, numbered, as GOV.UK pagination shows them.

Pages are offsets into the search's entries, newest first. A page costs two indexed queries (its
rows, and a count) whatever the size of the log: the count stops at COUNT_CAP ("of more than
10,000 entries") rather than counting millions of rows, and the pages stop at MAX_PAGE, beyond which
skipping the rows before a page would begin to cost (docs/audit.md says how to reach older entries).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

PAGE_SIZE = 200
COUNT_CAP = 10_000
# The newest 10,000 entries of a search, as the count stops there. On 4 million entries a page this
# deep took 50-90 ms to skip to (page 250 took 500-780 ms); older entries are a narrower search away.
MAX_PAGE = COUNT_CAP // PAGE_SIZE
PARAMETER = "page"
BAD_PAGE = "This page link is not one this search made: search again from the first page"


class Total(int):
    """How many entries a search has, counted no further than COUNT_CAP."""

    @property
    def over(self) -> bool:
        return self > COUNT_CAP

    def __str__(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.over else f"{int(self):,}"


def count_up_to(rows: QuerySet, cap: int) -> int:
    """How many rows, reading no more than `cap` + 1 of them (so more than `cap` reads as cap + 1)."""
    return rows.order_by().values("pk")[: cap + 1].count()


def page_number(text: str | None) -> int | None:
    """The page a link asks for (1 when none); None when it is not a page this search has."""
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        return None
    return int(text)


def without_page(query: QueryDict) -> QueryDict:
    found = query.copy()
    found.pop(PARAMETER, None)
    return found


@dataclass(frozen=True)
class PageLink:
    """One item of the page numbers: a page (with its address) or an ellipsis (number None)."""

    number: int | None
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pager:
    number: int
    rows: list[Any]
    total: Total
    has_next: bool
    query: QueryDict

    @classmethod
    def of(cls, entries: QuerySet, number: int, query: QueryDict) -> "Pager":
        """Page `number` of `entries` (already ordered): its rows, whether more follow, and the total."""
        offset = (number - 1) * PAGE_SIZE
        found = list(entries[offset : offset + PAGE_SIZE + 1])
        rows, has_next = found[:PAGE_SIZE], len(found) > PAGE_SIZE
        # Already past the cap, there is nothing to count.
        past_cap = offset + len(found) > COUNT_CAP
        total = Total(COUNT_CAP + 1 if past_cap else count_up_to(entries, COUNT_CAP))
        return cls(number, rows, total, has_next and number < MAX_PAGE, query)

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    @property
    def pages(self) -> int | None:
        """How many pages the search has (None when it has more than COUNT_CAP entries)."""
        if self.total.over:
            return None
        return min(MAX_PAGE, max(1, -(-int(self.total) // PAGE_SIZE)))

    @property
    def showing(self) -> str:
        """ "Showing 201 to 400 of 3,512 entries"."""
        if not self.rows:
            return ""
        return f"Showing {self.first:,} to {self.last:,} of {self.total} entries"

    @property
    def at_the_limit(self) -> bool:
        """The last page offered, though the search has more entries."""
        return self.number == MAX_PAGE and self.total > self.last

    def href(self, number: int) -> str:
        query = without_page(self.query)
        if number > 1:
            query[PARAMETER] = str(number)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def href_first(self) -> str:
        return self.href(1)

    @property
    def several_pages(self) -> bool:
        return self.number > 1 or self.has_next

    @property
    def previous_url(self) -> str:
        return self.href(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.href(self.number + 1) if self.has_next else ""

    @property
    def links(self) -> list[PageLink]:
        """The page numbers GOV.UK pagination shows: the first, the pages either side of this one and
        the last (when it is known), with ellipses between; nothing when there is one page."""
        last = self.pages if self.pages is not None else self.number + (1 if self.has_next else 0)
        if last <= 1 and self.number == 1:
            return []
        wanted = sorted({1, self.number - 1, self.number, self.number + 1, last} & set(range(1, last + 1)))
        links: list[PageLink] = []
        for number in wanted:
            if links and links[-1].number is not None and number - links[-1].number > 1:
                links.append(PageLink(None))
            links.append(PageLink(number, self.href(number), number == self.number))
        if self.pages is None and self.has_next:
            links.append(PageLink(None))  # more pages than counted
        return links
