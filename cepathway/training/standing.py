"""Who is trained, lapsed or never trained: what the pages, the API and the invitee notes show,
all from `TrainingRecordQuerySet.standing` (the one definition, in models.py)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cepathway.core.policy import TIMESCALES, PartnershipPolicy
from cepathway.people.models import ROLES_NOT_WORKING_WITH_CHILDREN, User
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from .models import LEVELS, POLICY_FIELD, Level, LevelStanding, Standing, TrainingRecord, level_standing, valid_months


def people_of(partnership_id: Any) -> QuerySet[User]:
    """The professionals whose training the partnership follows: its active people who work with
    children (every role but administrators and auditors, who look after the service)."""
    return (
        User.objects.filter(is_active=True, agency__partnership_id=partnership_id)
        .exclude(role__in=ROLES_NOT_WORKING_WITH_CHILDREN)
        .exclude(role="")
    )


def with_standing(people: QuerySet[User], partnership_id: Any, today: date | None = None) -> Any:
    return TrainingRecord.objects.standing(people, policy_for(partnership_id), today)


def policy_sentences(policy: PartnershipPolicy) -> list[str]:
    """ "Level 1 training (eLearning) is current for 36 months.", from the policy."""
    return [
        f"{TIMESCALES[POLICY_FIELD[level]].summary} {wording.quantity_text(valid_months(policy, level), 'months')}."
        for level in LEVELS
    ]


@dataclass
class Counts:
    current: int = 0
    lapsed: int = 0
    never: int = 0

    @property
    def not_current(self) -> int:
        return self.lapsed + self.never


@dataclass
class AgencyCounts:
    """One agency's row on the administrator's Training page."""

    agency_id: Any
    agency_name: str
    people: int
    levels: dict[str, Counts] = field(default_factory=dict)

    @property
    def level1(self) -> Counts:
        return self.levels[Level.LEVEL1]

    @property
    def level2(self) -> Counts:
        return self.levels[Level.LEVEL2]


def counts_by_agency(partnership_id: Any, today: date | None = None) -> list[AgencyCounts]:
    """For each agency of the partnership with people who work with children: how many people, and
    how many are current, lapsed or never trained at each level. One query."""
    rows = with_standing(people_of(partnership_id), partnership_id, today)
    aggregates: dict[str, Any] = {"people": Count("pk")}
    for level in LEVELS:
        for standing in Standing:
            aggregates[f"{level}_{standing.value}"] = Count("pk", filter=Q(**{f"{level}_standing": standing.value}))
    grouped = rows.order_by().values("agency_id", "agency__name").annotate(**aggregates).order_by("agency__name")
    result = []
    for row in grouped:
        counts = AgencyCounts(row["agency_id"], row["agency__name"], row["people"])
        for level in LEVELS:
            counts.levels[level] = Counts(**{standing.value: row[f"{level}_{standing.value}"] for standing in Standing})
        result.append(counts)
    return result


def totals(rows: Sequence[AgencyCounts]) -> AgencyCounts:
    total = AgencyCounts(None, "All agencies", sum(row.people for row in rows))
    for level in LEVELS:
        total.levels[level] = Counts(
            current=sum(row.levels[level].current for row in rows),
            lapsed=sum(row.levels[level].lapsed for row in rows),
            never=sum(row.levels[level].never for row in rows),
        )
    return total


def person_levels(person: User, records: Sequence[TrainingRecord], today: date | None = None) -> list[LevelStanding]:
    """A person's standing at each level, from their records (already read)."""
    policy = policy_for(person.partnership_id)
    today = today or timezone.localdate()
    latest: dict[str, date] = {}
    for record in records:
        if record.level not in latest or record.completed_on > latest[record.level]:
            latest[record.level] = record.completed_on
    return [level_standing(level, latest.get(level), policy, today) for level in LEVELS]


def standings_of(people: Sequence[Any], today: date | None = None) -> dict[Any, list[LevelStanding]]:
    """{user id: [Level 1, Level 2 standing]} for some people, whatever their partnerships: a query
    for their partnerships, then one per partnership (one, for a meeting's invitees)."""
    ids = [person.pk for person in people]
    if not ids:
        return {}
    today = today or timezone.localdate()
    by_partnership: dict[Any, list[Any]] = defaultdict(list)
    for pk, partnership_id in User.objects.filter(pk__in=ids).values_list("pk", "agency__partnership_id"):
        if partnership_id is not None:
            by_partnership[partnership_id].append(pk)
    found: dict[Any, list[LevelStanding]] = {}
    for partnership_id, members in by_partnership.items():
        policy = policy_for(partnership_id)
        rows = TrainingRecord.objects.standing(User.objects.filter(pk__in=members), policy, today)
        fields = [f"{level}_last" for level in LEVELS]
        for pk, *lasts in rows.order_by().values_list("pk", *fields):
            found[pk] = [level_standing(level, last, policy, today) for level, last in zip(LEVELS, lasts, strict=True)]
    return found


def invitee_notes(people: Sequence[Any]) -> dict[Any, list[str]]:
    """The note beside an invitee (cepathway.meetings.invitee_notes): Level 1 training lapsed or
    never recorded, which every professional at a Level 1 meeting is expected to have. Level 2 is
    not noted here: it is for those who lead the work, and shows on the Training pages."""
    notes: dict[Any, list[str]] = {}
    for pk, levels in standings_of(people).items():
        level1 = levels[0]
        if level1.standing == Standing.LAPSED:
            notes[pk] = [level1.sentence]
        elif level1.standing == Standing.NEVER:
            notes[pk] = ["No Level 1 CE training recorded"]
    return notes
