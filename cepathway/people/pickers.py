"""Choosing a colleague in a form: the partnership's staff as a picker (cepathway/ui/pickers.py), so
a page draws the few people already connected and those a search found, never the whole staff.

    owner = PersonField(label="Who owns the action?", empty_label="Choose a person")
    ...
    field(form, "owner").choose_among(partnership_id, roles=(Role.SOCIAL_WORKER,), connected=ids)

The field cleans against everyone it may choose (`staff`), searches only them, and points the
type-ahead at `people-search` with the same limits.
"""

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse

from cepathway.ui.pickers import Picker, PickerField, PickerMultipleField

from .models import AGENCY_KINDS_WORKING_WITH_CHILDREN, ROLES_NOT_WORKING_WITH_CHILDREN, Role, User


def staff(partnership_id: Any, roles: Iterable[str] = (), *, with_children: bool = False) -> QuerySet[User]:
    """The active people of a partnership, by name: of `roles` when given; `with_children`, only
    those who work with children in an agency that does (whom a meeting may invite)."""
    rows = User.objects.filter(is_active=True, agency__partnership_id=partnership_id).select_related("agency")
    roles = list(roles)
    if roles:
        rows = rows.filter(role__in=roles)
    if with_children:
        rows = rows.filter(agency__kind__in=AGENCY_KINDS_WORKING_WITH_CHILDREN).exclude(
            role__in=ROLES_NOT_WORKING_WITH_CHILDREN
        )
    return rows.order_by("last_name", "first_name", "pk")


def name_matches(text: str) -> Q:
    """Every word typed starts the person's first or last name ("jo smi" finds Joanne Smith)."""
    found = Q()
    for word in text.split()[:5]:
        found &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    return found


def role_text(role: str) -> str:
    """A role as a list of people shows it: "Lead professional", not "(Early Help or METCO)" too."""
    return re.sub(r"\s*\(.*?\)", "", Role(role).label) if role in Role.values else "No role"


def describe(person: User) -> str:
    return f"{person.display_name} ({role_text(person.role)}, {person.agency})"


def search_url(roles: Iterable[str], *, with_children: bool = False) -> str:
    query = [("role", role) for role in roles] + ([("with_children", "1")] if with_children else [])
    return f"{reverse('people-search')}?{urlencode(query)}" if query else reverse("people-search")


class PeoplePicker(Picker):
    def label_from_instance(self, obj: Any) -> str:
        return describe(obj)

    def matches(self, text: str) -> QuerySet[Any]:
        return self.queryset.filter(name_matches(text))

    def choose_among(
        self,
        partnership_id: Any,
        roles: Iterable[str] = (),
        *,
        with_children: bool = False,
        connected: Iterable[Any] = (),
        queryset: QuerySet[User] | None = None,
    ) -> None:
        """Who may be chosen: the partnership's people of `roles` (or `queryset`, narrower still);
        `connected`: the ids of those to offer without a search (the child's workers, say)."""
        roles = tuple(roles)
        self.queryset = queryset if queryset is not None else staff(partnership_id, roles, with_children=with_children)
        self.source = search_url(roles, with_children=with_children)
        self.connected = {pk for pk in connected if pk is not None}


class PersonField(PeoplePicker, PickerField):
    """One colleague."""


class PeopleField(PeoplePicker, PickerMultipleField):
    """Several colleagues, ticked."""
