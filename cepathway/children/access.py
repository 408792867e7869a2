"""The one way pages and API operations reach a child's record: scope and permission in one call."""

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from cepathway.core.scoping import get_visible_or_404, visible_to

from .models import Child

# What the child's page and the API's reply read beside the record itself (the card names each
# person's agency).
RELATED = ("allocated_social_worker__agency", "lead_professional__agency")

# Set on a child found through `visible_to(user)`: the ids of the users it was found for, so the
# parts of one page that ask again (the card, the chronology) need not query for it again.
_SEEN_BY = "_visible_to_user_ids"
# Set on a child the same way: what parts of one page read about the child for one person, by name.
_READ_FOR = "_read_for_user"
_SEES_PEOPLE = "sees who is involved"

T = TypeVar("T")


def child_for(user: Any, pk: UUID | str, permission: str | None = None) -> Child:
    """The child if `user` may see them (else an audited 404) and, given `permission`, may use the
    record that way (else 403)."""
    rows = visible_to(user, Child).select_related(*RELATED)
    child = get_visible_or_404(user, Child, rows, permission=permission, pk=pk)
    _remember(child, user)
    return child


def is_visible(child: Child, user: Any) -> bool:
    """Whether `user` may see `child`: asked of `visible_to` once for this instance of the record."""
    if user.pk is not None and user.pk in child.__dict__.get(_SEEN_BY, ()):
        return True
    visible = visible_to(user, Child).filter(pk=child.pk).exists()
    if visible:
        _remember(child, user)
    return visible


def sees_who_is_involved(child: Child, user: Any) -> bool:
    """Whether `user` may know who else is involved with `child` (the people on its page, who is
    allocated, who made what): the one predicate pages, the card, the chronology and the API ask
    (`ChildQuerySet.whose_people_are_shown_to`), read once for this instance of the record."""

    def read() -> bool:
        if getattr(user, "sees_whole_partnership", False):  # the rule's first half, without a query
            return bool(child.partnership_id == user.partnership_id and is_visible(child, user))
        rows = visible_to(user, Child).whose_people_are_shown_to(user)
        return bool(rows.filter(pk=child.pk).exists())

    return read_once(child, user, _SEES_PEOPLE, read)


def sees_who_is_involved_with_each(children: list[Child], user: Any) -> list[Child]:
    """`sees_who_is_involved` asked of a list's children in one query, not one each."""
    rows = visible_to(user, Child).whose_people_are_shown_to(user).filter(pk__in=[child.pk for child in children])
    shown = set(rows.values_list("pk", flat=True))
    for child in children:
        read_once(child, user, _SEES_PEOPLE, lambda found=child.pk in shown: found)  # type: ignore[misc]
    return children


def _remember(child: Child, user: Any) -> None:
    if user.pk is not None:
        child.__dict__.setdefault(_SEEN_BY, set()).add(user.pk)


def read_once(child: Child, user: Any, name: str, read: Callable[[], T]) -> T:
    """`read()` for `user` looking at this instance of `child`, read once: the card and the chronology
    of one page both need some rows (the status decisions). Kept on the instance, which lives for
    one request, under the person's id, so nobody's rows are ever handed to another person."""
    if user.pk is None:
        return read()
    found: dict[tuple[Any, str], Any] = child.__dict__.setdefault(_READ_FOR, {})
    if (user.pk, name) not in found:
        found[(user.pk, name)] = read()
    return found[(user.pk, name)]  # type: ignore[no-any-return]
