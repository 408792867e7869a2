"""What the child's page and chronology page show, gathered here so the views stay short."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from . import chronology, summary
from .access import sees_who_is_involved
from .models import Child, Involvement, InvolvementKind

KIND_ORDER: list[str] = list(InvolvementKind.values)


@dataclass
class PersonInvolved:
    """One person who works with the child, once, with every reason they are involved."""

    user: Any
    kinds: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        labels = [InvolvementKind(kind).label for kind in sorted(self.kinds, key=KIND_ORDER.index)]
        return [labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])] if labels else []

    @property
    def reasons_text(self) -> str:
        return ", ".join(self.reasons)


def kinds_by_person(child: Child, user: Any) -> dict[Any, list[str]]:
    """The kinds of each active involvement with `child` that `user` may see, by the person's id:
    each pair read once, however many involvements of one kind a person has (one per meeting). To
    someone involved only as the child's referrer that is their own (`Involvement.visible_to`)."""
    rows = Involvement.objects.visible_to(user).active().filter(child=child)
    kinds: dict[Any, list[str]] = {}
    for person_id, kind in rows.order_by().values_list("user_id", "kind").distinct():
        kinds.setdefault(person_id, []).append(kind)
    return kinds


def people_involved(
    child: Child, user: Any, kinds: dict[Any, list[str]] | None = None, found: Iterable[Any] | None = None
) -> list[PersonInvolved]:
    """Everyone currently involved with `child` that `user` may see, each once: the allocated social
    worker first, then the lead professional, then the others by their first reason and name.
    A page that has read the involvements (`kinds`) and the people already passes them."""
    kinds = kinds_by_person(child, user) if kinds is None else kinds
    found = _people(kinds) if found is None else found
    people = {person.pk: PersonInvolved(person, kinds[person.pk]) for person in found if person.pk in kinds}
    first = [child.allocated_social_worker_id, child.lead_professional_id]

    def order(person: PersonInvolved) -> tuple[int, int, str]:
        place = first.index(person.user.pk) if person.user.pk in first else len(first)
        kind = min(KIND_ORDER.index(kind) for kind in person.kinds)
        return place, kind, person.user.display_name.lower()

    return sorted(people.values(), key=order)


def _people(ids: Iterable[Any]) -> list[Any]:
    """The people with `ids`, with their agency (the page names it beside each person)."""
    ids = set(ids)
    return list(get_user_model().objects.filter(pk__in=ids).select_related("agency")) if ids else []


LATEST = 5


def child_page(child: Child, user: Any) -> dict[str, Any]:
    """The child's page: the card at a glance, the record, the people and the latest of the chronology."""
    chronology_url = reverse("children:chronology", args=[child.pk])
    latest, more = chronology.latest(child, user, LATEST, name=False)
    kinds = kinds_by_person(child, user)
    # The people involved and the makers of the latest entries, read together in one query.
    found = _people(kinds.keys() | chronology.makers(latest))
    return {
        "child": child,
        "card": summary.summary(child, user, links=[summary.Link("Chronology", chronology_url)]),
        "people": people_involved(child, user, kinds, found),
        "people_shown": sees_who_is_involved(child, user),
        "latest": chronology.named(latest, found),
        "more_in_chronology": more,
        "chronology_url": chronology_url,
        "can_edit": user.has_perm("children.edit_child", child),
        "can_request_consultation": user.has_perm("referrals.request_consultation", child),
    }


def chronology_page(child: Child, user: Any, asked: list[str]) -> dict[str, Any]:
    """The whole chronology, filtered to the groups `asked` for (all when none)."""
    groups = chronology.chosen_groups(asked)
    entries = chronology.timeline(child, user, groups)
    # A later app's group is offered only when this person has entries of it here (or chose it): its
    # name alone would tell someone who may not see those records that they exist for the child.
    present = {entry.group for entry in entries} | set(groups) | chronology.BUILT_IN_GROUPS
    return {
        "child": child,
        "entries": entries,
        "groups": [(name, group.label, name in groups) for name, group in chronology.GROUPS.items() if name in present],
        "filtered": bool(groups),
        "shown": [chronology.GROUPS[name].label for name in groups],
    }
