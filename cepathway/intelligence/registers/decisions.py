"""A handler's decisions on what the matching proposes, and merging two register records.

A submitted person of concern, place, vehicle or phone (a submission's "part") is matched against
its register (cepathway.intelligence.matching.candidates: the database narrows, the scoring gives
reasons). The handler confirms a candidate (the part is linked to the record, and the record to
the submission's children and other linked records, each link carrying the submission and so its
grading), rejects it (remembered: never proposed again for that part), or says unsure (recorded,
still proposed). Or they create a new record from what was submitted.

Merging: the merged record's links, submission parts and disruptions move to the kept record;
each move is written down (`Merge.moved_links`) so that undoing puts every one back. The merged
record is never deleted: it points at the kept one until the merge is undone.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.intelligence.matching import candidates
from cepathway.intelligence.matching.keys import alias_lines
from cepathway.intelligence.matching.people import Person
from cepathway.intelligence.models import (
    REGISTER_MODELS,
    Disruption,
    Link,
    MatchDecision,
    MatchVerdict,
    Merge,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceOfConcern,
    SubjectKind,
    SubmissionPhone,
    SubmissionPlace,
    SubmissionSubject,
    SubmissionVehicle,
    VehicleOfConcern,
)

from .records import create_record, require_handler


class MatchError(RuleError):
    pass


# A submission's parts that the registers match: the address's word, the model, the register it
# matches against, and the field that links it there.
@dataclass(frozen=True)
class PartKind:
    path: str
    model: Any
    kind: str
    field: str


PART_KINDS = {
    "subject": PartKind("subject", SubmissionSubject, NodeKind.PERSON, "person"),
    "place": PartKind("place", SubmissionPlace, NodeKind.PLACE, "place"),
    "vehicle": PartKind("vehicle", SubmissionVehicle, NodeKind.VEHICLE, "vehicle"),
    "phone": PartKind("phone", SubmissionPhone, NodeKind.PHONE, "phone"),
}
# Which part field links a register record's kind (for moving parts in a merge).
PART_OF_KIND = {part.kind: part for part in PART_KINDS.values()}


def proposed_type(part: Any) -> str:
    return part._meta.label


def matchable(part: Any) -> bool:
    """A subject is matched against the persons register only when it is a person of concern
    (children are linked to children's records at triage)."""
    return not isinstance(part, SubmissionSubject) or part.kind == SubjectKind.PERSON_OF_CONCERN


@dataclass(frozen=True)
class Candidate:
    record: Any
    score: float
    verdict: str
    reasons: list[str]
    unsure: bool = False


def _asked_person(part: Any) -> Person:
    return Person(
        first_name=part.first_name,
        last_name=part.last_name,
        aliases=tuple(alias_lines(part.aliases)),
        date_of_birth=part.date_of_birth,
        age_from=part.age_from,
        age_to=part.age_to,
    )


def _find(kind: str, partnership: Any, asked: Any, register: Any, exclude: set[Any]) -> list[tuple[Any, Any]]:
    if kind == NodeKind.PERSON:
        return candidates.person_candidates(partnership, _asked_person(asked), register=register, exclude=exclude)
    if kind == NodeKind.PLACE:
        return candidates.place_candidates(
            partnership, asked.name, asked.address, asked.postcode, register=register, exclude=exclude
        )
    if kind == NodeKind.VEHICLE:
        return candidates.vehicle_candidates(partnership, asked.registration, register=register, exclude=exclude)
    return candidates.phone_candidates(partnership, asked.number, register=register, exclude=exclude)


def candidates_for(asked: Any, kind: str, partnership: Any, *, exclude: set[Any] = frozenset()) -> list[Candidate]:  # type: ignore[assignment]
    """The register records that may be what `asked` (a submission part, or a register record)
    describes, likeliest first, without those a handler rejected for it."""
    rejected = candidates.rejected_candidate_ids(partnership, proposed_type(asked), asked.pk)
    unsure = set(
        MatchDecision.objects.filter(partnership=partnership, proposed_type=proposed_type(asked), proposed_id=asked.pk)
        .filter(verdict=MatchVerdict.UNSURE)
        .values_list("candidate_id", flat=True)
    )
    register = REGISTER_MODELS[kind].objects.filter(partnership=partnership, merged_into__isnull=True)
    found = _find(kind, partnership, asked, register, rejected | set(exclude))
    return [
        Candidate(record, match.score, match.verdict, list(match.reasons), record.pk in unsure)
        for record, match in found
    ]


def _decide(part: Any, kind: str, candidate: Any, verdict: str, by: Any, found: Candidate | None) -> MatchDecision:
    decision = MatchDecision(
        partnership_id=by.partnership_id,
        kind=kind,
        proposed_type=proposed_type(part),
        proposed_id=part.pk,
        candidate_id=candidate.pk,
        verdict=verdict,
        score=found.score if found else None,
        reasons=found.reasons if found else [],
    )
    decision.save_tracked(by)
    audit.created(by, decision, detail=f"{verdict}: {kind} {candidate.pk}")
    return decision


def _proposed(part: Any, kind: str, candidate_id: Any, partnership: Any) -> Candidate | None:
    return next((c for c in candidates_for(part, kind, partnership) if str(c.record.pk) == str(candidate_id)), None)


@transaction.atomic
def decide(part: Any, part_kind: PartKind, candidate: Any, verdict: str, *, by: Any) -> MatchDecision:
    """Record the handler's verdict on one proposed candidate; a confirmation links the part to it."""
    require_handler(by)
    if verdict not in MatchVerdict.values:
        raise MatchError("Choose whether it is the same, not the same, or you are unsure.", "verdict")
    found = _proposed(part, part_kind.kind, candidate.pk, by.partnership)
    if found is None and verdict != MatchVerdict.CONFIRMED:
        raise MatchError("That record is not proposed for this part (it may have been rejected).", "candidate")
    decision = _decide(part, part_kind.kind, candidate, verdict, by, found)
    if verdict == MatchVerdict.CONFIRMED:
        link_part(part, part_kind, candidate, by=by)
    return decision


def link_part(part: Any, part_kind: PartKind, record: Any, *, by: Any) -> None:
    """The part now names `record`; the record is linked to the submission's other linked records."""
    current = getattr(part, f"{part_kind.field}_id")
    if current and str(current) != str(record.pk):
        raise MatchError("This part is already linked to another record.", "candidate")
    setattr(part, part_kind.field, record)
    part.save_tracked(by)
    audit.changed(by, part, [part_kind.field], detail=f"linked to {part_kind.kind} {record.pk}")
    link_submission(part.submission, by=by)


def _linked_ends(submission: Any) -> list[tuple[str, Any]]:
    """Every record a submission's parts are linked to: its children and its register records."""
    ends: list[tuple[str, Any]] = []
    for subject in submission.subjects.all():
        if subject.child_id:
            ends.append((NodeKind.CHILD, subject.child_id))
        if subject.person_id:
            ends.append((NodeKind.PERSON, subject.person_id))
    ends += [(NodeKind.PLACE, p.place_id) for p in submission.places.all() if p.place_id]
    ends += [(NodeKind.VEHICLE, v.vehicle_id) for v in submission.vehicles.all() if v.vehicle_id]
    ends += [(NodeKind.PHONE, p.phone_id) for p in submission.phones.all() if p.phone_id]
    return list(dict.fromkeys(ends))


def link_submission(submission: Any, *, by: Any) -> list[Link]:
    """Link every pair of records the submission's parts name (children with persons, places,
    vehicles and phones; those with each other; never two children), each link carrying the
    submission. A pair already linked by this submission is left as it is. The submissions part
    may call this after linking a subject to a child at triage."""
    ends = _linked_ends(submission)
    made = []
    for index, (a_kind, a_id) in enumerate(ends):
        for b_kind, b_id in ends[index + 1 :]:
            if a_kind == b_kind == NodeKind.CHILD:
                continue
            if _already_linked(submission, (a_kind, a_id), (b_kind, b_id)):
                continue
            link = Link(
                partnership_id=submission.partnership_id,
                a_kind=a_kind,
                a_id=a_id,
                b_kind=b_kind,
                b_id=b_id,
                relationship="named in the same submission",
                submission=submission,
            )
            link.save_tracked(by)
            made.append(link)
    if made:
        audit.created_each(by, made, detail=f"linked by submission {submission.pk}")
    if any(NodeKind.CHILD in (link.a_kind, link.b_kind) for link in made):
        from ..around_child.alerts import alert_for_links

        alert_for_links(submission, by=by)
    return made


def _already_linked(submission: Any, a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    one_way = Q(a_kind=a[0], a_id=a[1], b_kind=b[0], b_id=b[1])
    other_way = Q(a_kind=b[0], a_id=b[1], b_kind=a[0], b_id=a[1])
    return Link.objects.current().filter(one_way | other_way, submission=submission).exists()


def _new_record(part: Any, part_kind: PartKind) -> Any:
    if part_kind.kind == NodeKind.PERSON:
        return PersonOfConcern(
            first_name=part.first_name,
            last_name=part.last_name,
            aliases=part.aliases,
            date_of_birth=part.date_of_birth,
            age_from=part.age_from,
            age_to=part.age_to,
        )
    if part_kind.kind == NodeKind.PLACE:
        return PlaceOfConcern(kind=part.kind, name=part.name, address=part.address, postcode=part.postcode)
    if part_kind.kind == NodeKind.VEHICLE:
        return VehicleOfConcern(registration=part.registration, make=part.make, model=part.model, colour=part.colour)
    return PhoneOfConcern(number=part.number)


@transaction.atomic
def create_from_part(part: Any, part_kind: PartKind, *, by: Any) -> Any:
    """A new register record from what was submitted (its description left for the handler to
    write: the submitter's words may name the source), linked to the part."""
    require_handler(by)
    if getattr(part, f"{part_kind.field}_id"):
        raise MatchError("This part is already linked to a record.", "candidate")
    record = create_record(_new_record(part, part_kind), by=by, detail=f"from submission {part.submission_id}")
    link_part(part, part_kind, record, by=by)
    return record


# Merging ----------------------------------------------------------------------------------------


def _move_links(merged: Any, kept: Any) -> list[dict[str, Any]]:
    moved: list[dict[str, Any]] = []
    kind = merged.node_kind
    for link in Link.objects.current().touching(kind, merged.pk):
        end = "a" if link.a_kind == kind and link.a_id == merged.pk else "b"
        other_kind, other_id = (link.b_kind, link.b_id) if end == "a" else (link.a_kind, link.a_id)
        if other_kind == kind and other_id == kept.pk:
            # A link between the two would join the kept record to itself: it ends instead.
            Link.objects.filter(pk=link.pk).update(ended_at=timezone.now())
            moved.append({"link": str(link.pk), "ended": True})
            continue
        Link.objects.filter(pk=link.pk).update(**{f"{end}_id": kept.pk})
        moved.append({"link": str(link.pk), "end": end})
    return moved


def _move_parts(merged: Any, kept: Any) -> list[dict[str, Any]]:
    part_kind = PART_OF_KIND[merged.node_kind]
    rows = part_kind.model.objects.filter(**{part_kind.field: merged})
    moved = [{"part": part_kind.path, "id": str(pk)} for pk in rows.values_list("pk", flat=True)]
    rows.update(**{part_kind.field: kept})
    if merged.node_kind in (NodeKind.PERSON, NodeKind.PLACE):
        disruptions = Disruption.objects.filter(**{merged.node_kind: merged})
        moved += [{"disruption": str(pk)} for pk in disruptions.values_list("pk", flat=True)]
        disruptions.update(**{merged.node_kind: kept})
    return moved


@transaction.atomic
def merge(merged: Any, kept: Any, *, by: Any, reason: str = "") -> Merge:
    """`merged` is found to be `kept`: everything linked to it moves to `kept`, written down."""
    require_handler(by)
    if type(merged) is not type(kept) or merged.pk == kept.pk:
        raise MatchError("Choose another record of the same register to merge into.", "into")
    if merged.merged_into_id or kept.merged_into_id or merged.partnership_id != kept.partnership_id:
        raise MatchError("One of these records has already been merged.", "into")
    moved = _move_links(merged, kept) + _move_parts(merged, kept)
    type(merged).objects.filter(pk=merged.pk).update(merged_into=kept, version=merged.version + 1, modified_by=by)
    record = Merge(
        partnership_id=kept.partnership_id,
        kind=kept.node_kind,
        kept_id=kept.pk,
        merged_id=merged.pk,
        moved_links=moved,
        reason=reason,
    )
    record.save_tracked(by)
    audit.created(by, record, detail=f"merged {merged.pk} into {kept.pk}")
    audit.changed(by, merged, ["merged_into"], detail=f"merged into {kept.pk}")
    audit.changed(by, kept, ["links"], detail=f"{merged.pk} merged into this record")
    return record


@transaction.atomic
def undo_merge(done: Merge, *, by: Any) -> Merge:
    """Put back every moved link, part and disruption; the merged record stands on its own again."""
    require_handler(by)
    if done.undone_at:
        raise MatchError("This merge has already been undone.")
    model = REGISTER_MODELS[done.kind]
    for move in done.moved_links:
        _put_back(move, done)
    model.objects.filter(pk=done.merged_id).update(merged_into=None, modified_by=by)
    done.undone_at, done.undone_by = timezone.now(), by
    done.save_tracked(by)
    audit.changed(by, done, ["undone_at"], detail="merge undone")
    audit.changed(by, model.objects.get(pk=done.merged_id), ["merged_into"], detail="merge undone")
    return done


def _put_back(move: dict[str, Any], done: Merge) -> None:
    if "link" in move:
        if move.get("ended"):
            Link.objects.filter(pk=move["link"]).update(ended_at=None)
        else:
            Link.objects.filter(pk=move["link"]).update(**{f"{move['end']}_id": done.merged_id})
    elif "part" in move:
        part_kind = PART_KINDS[move["part"]]
        part_kind.model.objects.filter(pk=move["id"]).update(**{f"{part_kind.field}_id": done.merged_id})
    elif "disruption" in move:
        Disruption.objects.filter(pk=move["disruption"]).update(**{f"{done.kind}_id": done.merged_id})


def merges_of(record: Any) -> list[Merge]:
    """The merges this record took part in, newest first (so its page can offer undo)."""
    rows = Merge.objects.filter(kind=record.node_kind).filter(Q(kept_id=record.pk) | Q(merged_id=record.pk))
    return list(rows.order_by("-created_at"))
