"""Finding a child: by full name ("First Last"), part of a name, other names (known as, previous
names), date of birth, or a referral's reference, best matches first.

The ranking, best first (case does not matter):

0. the whole of what was typed is the child's full name, date of birth or a referral reference;
1. it is the child's surname;
2. the surname starts with it;
3. the first name is it, or starts with it;
4. the child's other names contain it;
5. every word typed starts one of the child's names (first, last or other), for example "kay tay";
6. every word typed is somewhere in the child's names.

Then by surname and first name. Every comparison runs in the database (SQLite and PostgreSQL alike)
on rows the caller has already scoped to the person looking, so a search never reaches a child they
may not see, and results page like any list.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Lower

from cepathway.ui.listing import Sort

from .models import Child, status_order

MAX_QUERY = 100
MAX_API_PAGE = 200
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y")

# A higher app (referrals) registers how to find the children of a reference the person may see: a
# callable (user, text) -> a queryset of child ids. The children app cannot import it.
ReferenceLookup = Callable[[Any, str], Any]
_reference_lookups: list[ReferenceLookup] = []


# How the children list sorts (cepathway.ui.listing): by name unless a search ranks the rows.
SORTS = (
    Sort("name", "Name", ("last_name", "first_name")),
    Sort("born", "Date of birth", ("date_of_birth", "last_name")),
    Sort("status", "CE status", ("status_order", "last_name", "first_name")),
    Sort("worker", "Social worker", ("allocated_social_worker__last_name", "last_name", "first_name")),
)
# How search results sort, best first (then the pk): the keyset order of a ranked page.
RANKED = ("search_rank", "last_name", "first_name")


def with_status_order(rows: QuerySet[Child]) -> QuerySet[Child]:
    """Annotate `status_order`, so that sorting by CE status puts High first, No status last."""
    return rows.annotate(status_order=status_order())


def register_reference_lookup(lookup: ReferenceLookup) -> ReferenceLookup:
    if lookup not in _reference_lookups:
        _reference_lookups.append(lookup)
    return lookup


def clean_query(text: str) -> str:
    """What was typed, trimmed, its spaces collapsed and cut to a sensible length. Control characters
    (a NUL byte, which PostgreSQL refuses in text) become spaces: nobody's name holds one."""
    printable = "".join(" " if unicodedata.category(char) == "Cc" else char for char in str(text))
    return " ".join(printable.split())[:MAX_QUERY]


def typed_date(text: str) -> date | None:
    """A date of birth typed as DD/MM/YYYY, YYYY-MM-DD (or with dashes, dots or spaces), else None."""
    candidate = re.sub(r"\s*([/.\-])\s*", r"\1", text.strip())
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
    return None


def search(rows: QuerySet[Child], text: str, *, user: Any) -> QuerySet[Child]:
    """The children in `rows` that match `text`, annotated with `search_rank` and ordered best first.

    `rows` must already be scoped to `user` (visible_to); `user` is asked only so that a referral
    reference finds a child only through a referral they may see.
    """
    query = clean_query(text)
    if not query:
        return rows.annotate(search_rank=Value(9, output_field=IntegerField())).order_by("last_name", "first_name")
    lowered = query.lower()
    words = lowered.split()

    trigram = connections[rows.db].vendor == "postgresql"
    not_by_name = Q()  # a date of birth or a referral reference
    born = typed_date(query)
    if born is not None:
        not_by_name |= Q(date_of_birth=born)
    for lookup in _reference_lookups:
        # On PostgreSQL the ids are fetched first: a subquery in an OR keeps its planner off the indexes.
        found = lookup(user, query)
        if trigram:
            found = list(Child.objects.filter(pk__in=found).values_list("pk", flat=True))
        not_by_name |= Q(pk__in=found)
    exact = Q(search_full_name=lowered) | not_by_name

    starts = Q()
    anywhere = Q()
    for word in words:
        starts &= _any_name(word, "istartswith") | Q(other_names__iregex=rf"(^|[\s,]){re.escape(word)}")
        anywhere &= _any_name(word, "icontains") | Q(other_names__icontains=word)

    ranks = [
        (exact, 0),
        (Q(last_name__iexact=query), 1),
        (Q(last_name__istartswith=query), 2),
        (Q(first_name__istartswith=query), 3),
        (Q(other_names__icontains=query), 4),
        (starts, 5),
        (anywhere, 6),
    ]
    return (
        rows.annotate(search_full_name=Concat(Lower("first_name"), Value(" "), Lower("last_name")))
        .filter(matching(ranks, anywhere | not_by_name, trigram=trigram))
        .annotate(
            search_rank=Case(
                *[When(condition, then=Value(rank)) for condition, rank in ranks],
                default=Value(9),
                output_field=IntegerField(),
            )
        )
        .order_by(*RANKED, "pk")
    )


def matching(ranks: list[tuple[Q, int]], by_words: Q, *, trigram: bool) -> Q:
    """The rows some rank takes. Every rank but the date and the reference also has every word typed
    in a name, so `by_words` (those words anywhere, or the date or reference) is the same set, in
    conditions PostgreSQL's trigram indexes on the case-folded names answer (migration
    children 0003). Elsewhere, each rank's own condition, as ever."""
    if trigram:
        return by_words
    found = Q()
    for condition, _rank in ranks:
        found |= condition
    return found


def _any_name(word: str, lookup: str) -> Q:
    return Q(**{f"first_name__{lookup}": word}) | Q(**{f"last_name__{lookup}": word})
