"""Paging, sorting and filtering a list page, on the server (no JavaScript needed).

A view says which columns sort and which filters it offers, reads the request once, and hands the
template a `Listing`: the page's rows, the sortable column headers (links with `aria-sort`) and the
GOV.UK pagination. Anything the page does not offer (`?sort=bogus`, `?status=bogus`, a cursor that
is not one of ours) is refused clearly: `listing.errors` names it, the view answers 400 and the page
shows the error summary above the list in its default order, never a silently different list.

    SORTS = (Sort("name", "Name", ("last_name", "first_name")), Sort("born", "Date of birth", ("date_of_birth",)))
    listing = read_listing(request, sorts=SORTS, default="name", filters={"status": STATUS_VALUES})
    rows = listing.filtered("status", rows)   # or filter by listing.filters["status"] yourself
    listing.paginate(rows)
    return render(request, "...", {"listing": listing}, status=listing.status)

Pages are keyset (cursor) pages, so a page costs the same at row 20 as at row 200,000: the
"Next" link carries the pk of the page's last row, and the next page is the rows after that row's
sort values in the same order (the pk breaks ties). The cursor holds no sort values: they would put
children's names and birthdays in addresses, server logs and browser history; the page reads them
back from the boundary row (one indexed query, through the same scoped rows, so a row the person
may no longer see starts the list again). A cursor is signed, so it cannot be edited into another
query. NULLs sort after every value (before them when descending), on SQLite as on
PostgreSQL. API lists page the same way through `api_page` (`cursor` and `limit`, `next` in reply).

See docs/ui.md ("Lists") and docs/api.md ("Paging") for the template and API sides.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Case, F, OrderBy, Q, QuerySet, Value
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import HttpRequest, QueryDict

PER_PAGE = 25
COUNT_CAP = 1000
SORT, DIRECTION, CURSOR = "sort", "dir", "cursor"
ASCENDING, DESCENDING = "asc", "desc"
SALT = "cepathway.ui.listing.cursor"


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


class BadCursor(ValueError):
    """A cursor we did not make, or made for another order of the list."""


class Total(int):
    """How many rows a list has, counted no further than COUNT_CAP: past it, it reads "more than
    1,000", so a count costs the same whatever the size of the partnership."""

    @property
    def over(self) -> bool:
        return self > COUNT_CAP

    def __str__(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.over else int.__repr__(self)


def count_up_to(rows: QuerySet, cap: int = COUNT_CAP) -> Total:
    return Total(rows.order_by().values("pk")[: cap + 1].count())


# --- Keyset paging -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One column of a keyset order: `nullable` keys sort their NULLs after every value."""

    name: str
    descending: bool
    nullable: bool

    def flipped(self) -> "Key":
        return Key(self.name, not self.descending, self.nullable)

    def ordering(self) -> OrderBy:
        column = F(self.name)
        if not self.nullable:
            return column.desc() if self.descending else column.asc()
        # NULLs count as larger than any value, as PostgreSQL's own default, so an index serves both ways.
        return column.desc(nulls_first=True) if self.descending else column.asc(nulls_last=True)

    def beyond(self, value: Any) -> Q | None:
        """The rows that come after `value` in this column's order (None: none can)."""
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if self.descending else None
        later = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return later | Q(**{f"{self.name}__isnull": True}) if self.nullable and not self.descending else later

    def equal(self, value: Any) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})


def keyset(rows: QuerySet, fields: Sequence[str], *, descending_pk: bool = False) -> list[Key]:
    """The keys of an order of `rows` given as order_by() fields ("-created_at"), ending with the pk."""
    keys = [Key(name.lstrip("-"), name.startswith("-"), _nullable(rows, name.lstrip("-"))) for name in fields]
    return [*keys, Key("pk", descending_pk, False)]


def _nullable(rows: QuerySet, path: str) -> bool:
    """Whether a field path can be NULL (through a nullable relation too). An annotation can unless
    it is a value, or a CASE of values (a status's order), that is not NULL."""
    if path in rows.query.annotations:
        return not _never_null(rows.query.annotations[path])
    model = rows.model
    for part in path.split("__"):
        try:
            found = model._meta.get_field(part)
        except FieldDoesNotExist:
            return True
        if found.null or found.is_relation and not found.many_to_one and not found.one_to_one:
            return True
        if found.related_model is not None:
            model = found.related_model
    return False


def _never_null(expression: Any) -> bool:
    if isinstance(expression, Value):
        return expression.value is not None
    if isinstance(expression, Case):
        results = [when.result for when in expression.cases]
        return all(_never_null(result) for result in [*results, expression.default])
    return False


def after(keys: Sequence[Key], values: Sequence[Any]) -> Q | TupleGreaterThan | TupleLessThan:
    """The rows strictly after `values` in the order of `keys`: a row comparison, `(a, b, pk) >
    (x, y, z)`, which an index on those columns answers directly, when every key runs the same way
    and none can be NULL (Django spells it out where the database has none); else spelt out here."""
    if len({key.descending for key in keys}) == 1 and not any(key.nullable for key in keys):
        columns = Tuple(*(F(key.name) for key in keys))
        return (TupleLessThan if keys[0].descending else TupleGreaterThan)(columns, list(values))
    condition, equal = Q(), Q()
    for key, value in zip(keys, values, strict=True):
        beyond = key.beyond(value)
        if beyond is not None:
            condition |= equal & beyond
        equal &= key.equal(value)
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # Redundant, but it lets the database start an index scan at the cursor.
        condition &= Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value})
    return condition


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after (or, `backwards`, before) the row whose key values are `values`.
    `start` is that page's first row number, for "Showing 26 to 50" (a guide: rows come and go)."""

    values: tuple[Any, ...]
    backwards: bool = False
    start: int = 1


@dataclass(frozen=True)
class Mark:
    """What a link carries: the pk of the row a page starts after (or before), not its values."""

    pk: Any
    backwards: bool = False
    start: int = 1


def encode_cursor(keys: Sequence[Key], mark: Mark) -> str:
    payload = {"k": _signature(keys), "p": _plain(mark.pk), "s": mark.start}
    if mark.backwards:
        payload["b"] = 1
    return signing.dumps(payload, salt=SALT, compress=True)


def decode_cursor(text: str, keys: Sequence[Key], pk_field: Any) -> Mark:
    """The mark in `text`; BadCursor when we did not sign it or it belongs to another order."""
    try:
        payload = signing.loads(text, salt=SALT)
        if payload["k"] != _signature(keys):
            raise BadCursor(text)
        return Mark(_read(pk_field, payload["p"]), bool(payload.get("b")), max(1, int(payload.get("s", 1))))
    except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError) as error:
        raise BadCursor(text) from error


def locate(rows: QuerySet, keys: Sequence[Key], mark: Mark) -> Cursor | None:
    """The cursor at the row `mark` names, its key values read back in one query; None when the row
    no longer exists (the list starts again).

    The row is looked up by pk among all rows of the model, not only `rows`: a row that has left
    the list since (an overdue action completed, a filter no longer matching) still marks where the
    next page starts. Only its sort values are read, to compare with; nothing of it is shown. Keys
    that are the list's own annotations (a search's rank) are read through `rows` itself."""
    names = ["pk" if key.name == "pk" else _alias(i) for i, key in enumerate(keys)]
    own = set(rows.query.annotations) - set(names)
    source = rows if any(key.name in own for key in keys) else with_keys(rows.model._base_manager.all(), keys)
    values = source.filter(pk=mark.pk).order_by().values_list(*names).first()
    return None if values is None else Cursor(tuple(values), mark.backwards, mark.start)


def _signature(keys: Sequence[Key]) -> list[str]:
    return [("-" if key.descending else "") + key.name for key in keys]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # UUID, Decimal


def _read(model_field: Any, value: Any) -> Any:
    return None if value is None else model_field.to_python(value)


@dataclass
class KeysetPage:
    """One page of `rows` in the order of `keys`, from `cursor` (None: the first page)."""

    rows: list[Any]
    keys: list[Key]
    start: int
    has_previous: bool
    has_next: bool

    def next_cursor(self) -> str:
        if not self.has_next or not self.rows:
            return ""
        return encode_cursor(self.keys, Mark(self.rows[-1].pk, start=self.start + len(self.rows)))

    def previous_cursor(self, per_page: int) -> str:
        if not self.has_previous or not self.rows:
            return ""
        start = max(1, self.start - per_page)
        return encode_cursor(self.keys, Mark(self.rows[0].pk, backwards=True, start=start))


def _alias(index: int) -> str:
    return f"keyset_{index}"


def with_keys(rows: QuerySet, keys: Sequence[Key]) -> QuerySet:
    """`rows` carrying each key's value (keyset_0, …), so a cursor can be made from any row."""
    return rows.annotate(**{_alias(i): F(key.name) for i, key in enumerate(keys) if key.name != "pk"})


def page_of(rows: QuerySet, keys: Sequence[Key], cursor: Cursor | None, size: int, restart: bool = True) -> KeysetPage:
    """A page of at most `size` rows of `rows` (already annotated `with_keys`) from `cursor`: one
    query. With `restart`, a stale cursor (its rows gone since) shows the first page instead."""
    if cursor is not None and cursor.backwards:
        flipped = [key.flipped() for key in keys]
        found = list(
            rows.filter(after(flipped, cursor.values)).order_by(*(key.ordering() for key in flipped))[: size + 1]
        )
        more = len(found) > size
        page = found[:size][::-1]
        if len(page) < size:
            return page_of(rows, keys, None, size)  # rows went since: show the first page whole
        return KeysetPage(page, list(keys), 1 if not more else cursor.start, more, True)
    ordered = rows.order_by(*(key.ordering() for key in keys))
    if cursor is not None:
        ordered = ordered.filter(after(keys, cursor.values))
    found = list(ordered[: size + 1])
    if cursor is not None and not found and restart:
        return page_of(rows, keys, None, size)  # a stale link past the end: the first page
    return KeysetPage(found[:size], list(keys), cursor.start if cursor else 1, cursor is not None, len(found) > size)


# --- List pages ----------------------------------------------------------------------------------


@dataclass
class Listing:
    """What a list page needs: its rows for this page, sort headers, pagination and any refusals."""

    query: QueryDict
    sorts: Sequence[Sort]
    sort: Sort
    descending: bool
    filters: dict[str, str]
    errors: list[str] = field(default_factory=list)
    per_page: int = PER_PAGE
    cursor_text: str = ""
    page: KeysetPage | None = None
    # Sorted by how well each row matches a search, not by a column (no heading is marked sorted).
    ranked: bool = False
    # Put before "sort", "dir" and "cursor" when a page has two lists ("actions_cursor=…").
    prefix: str = ""
    counted: QuerySet | None = None

    @property
    def status(self) -> int:
        """400 when the address asked for something the list does not offer, else 200."""
        return 400 if self.errors else 200

    @property
    def rows(self) -> list[Any]:
        return self.page.rows if self.page is not None else []

    @property
    def start(self) -> int:
        """The number of this page's first row (1 on the first page)."""
        return self.page.start if self.page is not None else 1

    @cached_property
    def total(self) -> Total:
        """How many rows the list has (up to COUNT_CAP): a COUNT of the scoped, filtered rows, run
        when the page shows it, even when every row fits on this page, so that a page asks the same
        statements whatever the list holds (issue 8: the bench saw a count come and go as a list
        grew past one page, as My work's panels did before `total_of`)."""
        if self.page is None or self.counted is None:
            return Total(0)
        return count_up_to(self.counted)

    def paginate(self, rows: QuerySet, *, ordered: Sequence[str] | None = None) -> "Listing":
        """Take this page of `rows`, sorted by the chosen column (or by `ordered`, order_by() fields
        of the list's own order, as search results are ranked), the pk breaking ties."""
        fields = ordered if ordered is not None else self.sort.order_by(self.descending)
        keys = keyset(rows, fields, descending_pk=self.descending and ordered is None)
        rows = with_keys(rows, keys)
        cursor = self._cursor(rows, keys)
        self.page = page_of(rows, keys, cursor, self.per_page)
        self.counted = rows
        return self

    def _cursor(self, rows: QuerySet, keys: list[Key]) -> Cursor | None:
        """Where this page starts; None for the first page (also when the row a link marks is
        gone: the list starts again)."""
        if not self.cursor_text:
            return None
        try:
            mark = decode_cursor(self.cursor_text, keys, rows.model._meta.pk)
        except BadCursor:
            self.errors.append("This page link is not one this list made: start again from the first page")
            return None
        return locate(rows, keys, mark)

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
                **{self.prefix + SORT: sort.key, self.prefix + DIRECTION: direction, self.prefix + CURSOR: None}
            )
            found[sort.key] = Header(sort.label, href, aria, "descending" if descending else "ascending")
        return found

    @property
    def previous_url(self) -> str:
        cursor = self.page.previous_cursor(self.per_page) if self.page is not None else ""
        return self.url(**{self.prefix + CURSOR: cursor}) if cursor else ""

    @property
    def next_url(self) -> str:
        cursor = self.page.next_cursor() if self.page is not None else ""
        return self.url(**{self.prefix + CURSOR: cursor}) if cursor else ""

    @property
    def showing(self) -> str:
        """ "Showing 26 to 50 of 73" (or "" when everything fits on one page)."""
        page = self.page
        if page is None or not (page.has_previous or page.has_next):
            return ""
        last = page.start + len(page.rows) - 1
        if not self.total.over:
            last = min(last, self.total)
        return f"Showing {min(page.start, last)} to {last} of {self.total}"


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
    """Read `?sort=`, `?dir=`, `?cursor=` and each filter from the address.

    `filters` maps a parameter to the values it accepts ("" always means all). A value the list
    does not offer is refused (listed in `errors`, the filter left at all), as are an unknown sort
    or direction (the default used instead) and, when the list is paged, a cursor it did not make.
    `prefix` names the sort, direction and cursor parameters of one of two lists on a page
    ("actions_sort", "actions_cursor").
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
        filters=chosen,
        errors=errors,
        per_page=per_page,
        cursor_text="" if errors else query.get(prefix + CURSOR, ""),
        prefix=prefix,
    )


def _choices(values: Collection[str]) -> str:
    return ", ".join(sorted(values))


# --- API lists ------------------------------------------------------------------------------------

API_LIMIT, API_MAX_LIMIT = 50, 200


class CursorInvalid(ValueError):
    """An API `cursor` we did not make for this list: answered 422 with the error under `cursor`."""

    def __init__(self, parameter: str = "cursor") -> None:
        super().__init__(parameter)
        self.parameter = parameter


def api_page(
    rows: QuerySet, fields: Sequence[str], *, cursor: str = "", limit: int = API_LIMIT, parameter: str = "cursor"
) -> dict[str, Any]:
    """One page of an API list: `{"items": [...], "next": cursor or None}`, ordered by `fields`
    (order_by() fields) then the pk. Raises CursorInvalid for a cursor this list did not make."""
    keys = keyset(rows, fields)
    rows = with_keys(rows, keys)
    start = None
    if cursor:
        try:
            mark = decode_cursor(cursor, keys, rows.model._meta.pk)
        except BadCursor as error:
            raise CursorInvalid(parameter) from error
        start = locate(rows, keys, mark)
        if mark.backwards or start is None:
            raise CursorInvalid(parameter)
    page = page_of(rows, keys, start, limit, restart=False)
    return {"items": page.rows, "next": page.next_cursor() or None}
