"""Level 2's persons and places of concern: the sections the intelligence app adds to the agenda.

Each active person and place of concern linked (by a current link) to a child on this Level 2's
agenda whom the viewer may see, a page of 20 at a time by name (keyset cursors, as the agenda's own
sections), with what the meeting needs about each: the children on this agenda it is linked to,
the graded intelligence new since the previous Level 2 (its grading, and the sanitised text unless
the viewer may read it in full), its disruption and the panel's actions on those children. The
details of a page are fetched together, so the queries do not grow with the register or the agenda.
A record linked only to children the viewer may not see is not listed: its name is a disclosure.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from cepathway.children.models import about_visible_children
from cepathway.core import audit
from cepathway.meetings.models import Action, Level2Item, Level2Meeting
from cepathway.ui.listing import Listing, Sort, Total, count_up_to, read_listing

from ..models import (
    Disruption,
    Link,
    NodeKind,
    PersonOfConcern,
    PlaceOfConcern,
    RegisterRecord,
    Submission,
    SubmissionPlace,
    SubmissionSubject,
    is_handler,
    sees_registers,
)
from .links import disruption_url, record_url

PER_PAGE = 20
SORTS: dict[str, Sort] = {
    NodeKind.PERSON: Sort("name", "Name", ("last_name", "first_name")),
    NodeKind.PLACE: Sort("name", "Name", ("name", "address")),
}
MODELS: dict[str, type[RegisterRecord]] = {NodeKind.PERSON: PersonOfConcern, NodeKind.PLACE: PlaceOfConcern}
TITLES: dict[str, str] = {NodeKind.PERSON: "Persons of concern", NodeKind.PLACE: "Places of concern"}


@dataclass
class Intelligence:
    """One graded submission as this viewer may read it: the original only if they may read it in full."""

    submission: Submission
    text: str
    in_full: bool

    @property
    def grading(self) -> str:
        return self.submission.grading


@dataclass
class Concern:
    """A person or place on the agenda, with what the meeting needs about it."""

    record: Any
    url: str = ""
    disruption_url: str = ""  # for handlers, who record disruption
    children: list[Level2Item] = field(default_factory=list)
    intelligence: list[Intelligence] = field(default_factory=list)
    disruptions: list[Disruption] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.record)


@dataclass
class ConcernPage:
    kind: str
    title: str
    since: datetime | None
    rows: list[Concern]
    count: Total
    listing: Listing

    @property
    def showing(self) -> str:
        """ "Showing 21 to 40 of 73" from the section's own count (empty when one page holds it all)."""
        page = self.listing.page
        if page is None or not (page.has_previous or page.has_next):
            return ""
        return f"Showing {page.start} to {page.start + len(self.rows) - 1} of {self.count}"


def previous_level2(level2: Level2Meeting) -> Level2Meeting | None:
    return (
        Level2Meeting.objects.filter(partnership_id=level2.partnership_id, month__lt=level2.month)
        .order_by("-month")
        .first()
    )


def agenda_children(level2: Level2Meeting, user: Any) -> QuerySet[Any]:
    """The ids of the children on this agenda whom `user` may see (a subquery)."""
    return Level2Item.objects.filter(about_visible_children(user), level2_meeting=level2).values("child_id")


def _linked_to(kind: str, children: QuerySet[Any], record: Any = None) -> Q:
    """Links from a record of `kind` (the outer row, or `record`) to one of `children`."""
    end = OuterRef("pk") if record is None else record
    return Q(a_kind=kind, a_id=end, b_kind=NodeKind.CHILD, b_id__in=children) | Q(
        b_kind=kind, b_id=end, a_kind=NodeKind.CHILD, a_id__in=children
    )


def concerns(kind: str, level2: Level2Meeting, user: Any) -> QuerySet[Any]:
    """The active persons (or places) of concern linked to a child on this agenda `user` may see."""
    if not sees_registers(user) or user.partnership_id != level2.partnership_id:
        return MODELS[kind].objects.none()
    children = agenda_children(level2, user)
    linked = Link.objects.current().filter(_linked_to(kind, children))
    return MODELS[kind].objects.visible_to(user).active().filter(Exists(linked))


def readable_in_full(user: Any, submissions: Sequence[Submission]) -> set[Any]:
    """The ids of `submissions` that `user` may read in full: Submission.may_read_in_full, asked of
    a whole page in one query instead of one per handling-C submission."""
    named: set[Any] = set()
    restricted = [s.pk for s in submissions if s.handling == "C"]
    if restricted and is_handler(user):
        readers = Submission.handling_readers.through.objects.filter(user_id=user.pk, submission_id__in=restricted)
        named = set(readers.values_list("submission_id", flat=True))
    full = set()
    for submission in submissions:
        mine = user.pk in (submission.submitted_by_id, submission.handler_id)
        handler_here = is_handler(user) and user.partnership_id == submission.partnership_id
        if mine or (handler_here and (submission.handling != "C" or submission.pk in named)):
            full.add(submission.pk)
    return full


def as_read_by(user: Any, submissions: Sequence[Submission]) -> list[Intelligence]:
    full = readable_in_full(user, submissions)
    return [Intelligence(s, s.information if s.pk in full else s.sanitised_text, s.pk in full) for s in submissions]


def detailed(
    kind: str, records: Sequence[Any], level2: Level2Meeting, user: Any, since: datetime | None
) -> list[Concern]:
    """Each record of a page with its details, in a fixed number of queries."""
    ids = [record.pk for record in records]
    if not ids:
        return []
    children = agenda_children(level2, user)
    links = list(
        Link.objects.current()
        .filter(Q(a_kind=kind, a_id__in=ids) | Q(b_kind=kind, b_id__in=ids))
        .filter(Q(a_kind=NodeKind.CHILD, a_id__in=children) | Q(b_kind=NodeKind.CHILD, b_id__in=children))
    )
    children_of: dict[Any, set[Any]] = defaultdict(set)
    for link in links:
        record_id, child_id = (link.a_id, link.b_id) if link.a_kind == kind else (link.b_id, link.a_id)
        children_of[record_id].add(child_id)
    all_children = {child for found in children_of.values() for child in found}
    items = {
        item.child_id: item
        for item in Level2Item.objects.filter(level2_meeting=level2, child_id__in=all_children).select_related("child")
    }
    actions: dict[Any, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(level2_item__in=items.values()).select_related("owner", "owner_agency"):
        actions[action.child_id].append(action)
    news = _new_intelligence(kind, ids, level2, user, since)
    disruptions: dict[Any, list[Disruption]] = defaultdict(list)
    target = "person_id" if kind == NodeKind.PERSON else "place_id"
    for disruption in Disruption.objects.filter(**{f"{target}__in": ids}).select_related("tactic"):
        disruptions[getattr(disruption, target)].append(disruption)
    rows = []
    for record in records:
        linked = sorted(
            (items[child] for child in children_of[record.pk] if child in items),
            key=lambda item: (item.child.last_name, item.child.first_name),
        )
        rows.append(
            Concern(
                record=record,
                url=record_url(kind, record.pk),
                disruption_url=disruption_url(kind, record.pk) if is_handler(user) else "",
                children=linked,
                intelligence=news[record.pk],
                disruptions=disruptions[record.pk],
                actions=[action for item in linked for action in actions[item.child_id]],
            )
        )
    return rows


def _new_intelligence(
    kind: str, ids: list[Any], level2: Level2Meeting, user: Any, since: datetime | None
) -> dict[Any, list[Intelligence]]:
    """Graded submissions about each record (naming it, or evidencing one of its links) graded
    since the previous Level 2, newest first."""
    graded = Submission.objects.graded().filter(partnership_id=level2.partnership_id)
    if since is not None:
        graded = graded.filter(graded_at__gt=since)
    about: dict[Any, set[Any]] = defaultdict(set)
    if kind == NodeKind.PERSON:
        named = SubmissionSubject.objects.filter(person_id__in=ids, submission__in=graded).values_list(
            "person_id", "submission_id"
        )
    else:
        named = SubmissionPlace.objects.filter(place_id__in=ids, submission__in=graded).values_list(
            "place_id", "submission_id"
        )
    for record_id, submission_id in named:
        about[record_id].add(submission_id)
    evidenced = Link.objects.filter(Q(a_kind=kind, a_id__in=ids) | Q(b_kind=kind, b_id__in=ids), submission__in=graded)
    for a_kind, a_id, b_id, submission_id in evidenced.values_list("a_kind", "a_id", "b_id", "submission_id"):
        about[a_id if a_kind == kind else b_id].add(submission_id)
    wanted = {submission for found in about.values() for submission in found}
    submissions = list(Submission.objects.filter(pk__in=wanted).order_by("-graded_at")) if wanted else []
    read = {entry.submission.pk: entry for entry in as_read_by(user, submissions)}
    return {record_id: [read[s.pk] for s in submissions if s.pk in about[record_id]] for record_id in ids}


def page_for(kind: str, level2: Level2Meeting, request: HttpRequest) -> ConcernPage:
    """One page of the section of `kind` (`?persons_cursor=`, `?places_cursor=`), audited as viewed."""
    user = request.user
    records = concerns(kind, level2, user)
    listing = read_listing(request, sorts=[SORTS[kind]], default="name", per_page=PER_PAGE, prefix=f"{kind}s_")
    listing.paginate(records)
    since = since_previous(level2)
    rows = detailed(kind, listing.rows, level2, user, since)
    audit_shown(user, rows)
    # Counted on every page (up to COUNT_CAP), so a page costs the same whether or not it is the only one.
    count = count_up_to(records)
    return ConcernPage(kind=kind, title=TITLES[kind], since=since, rows=rows, count=count, listing=listing)


def since_previous(level2: Level2Meeting) -> datetime | None:
    previous = previous_level2(level2)
    return previous.scheduled_for if previous else None


def audit_shown(user: Any, rows: Iterable[Concern]) -> None:
    shown = list(rows)
    audit.viewed_each(user, [row.record for row in shown], detail="on the Level 2 agenda")
    submissions = {entry.submission.pk: entry.submission for row in shown for entry in row.intelligence}
    audit.viewed_each(user, list(submissions.values()), detail="new since the last Level 2, on its agenda")
