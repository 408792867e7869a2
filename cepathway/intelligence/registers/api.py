"""This part's API operations (cepathway/intelligence/api.py gathers every part's router): the
registers, matching decisions and merges, the network, and the disruption log, as the pages do
them, through the same forms and services. `kind` is `person`, `place`, `vehicle` or `phone`
(and `child` for a network). Everything here is OFFICIAL-SENSITIVE."""

from datetime import date
from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from cepathway.core import audit
from cepathway.core.api_support import In, PageOut, cursor_parameter, limit_parameter, paged, responds, validated
from cepathway.intelligence.models import ConcernStatus, DisruptionTactic, MatchVerdict
from cepathway.people.types import AuthedRequest

from . import access, decisions, disruption, network, records
from .forms import FIELDS, DecisionForm, DisruptionForm, MergeForm, record_form

router = Router()

KIND_HELP = "person, place, vehicle or phone"
# The register's own fields, and the forms matching compares them in.
DETAIL_FIELDS = {name for names in FIELDS.values() for name in names} | {
    "registration_normalised",
    "number_e164",
    "postcode_normalised",
}


class RegisterRecordOut(Schema):
    id: UUID
    kind: str = Field(description=KIND_HELP)
    label: str
    status: str
    description: str = Field(description="Sanitised: what wider audiences read.")
    details: dict[str, Any] = Field(description="The register's own fields (name, address, registration...).")
    merged_into_id: UUID | None
    version: int = Field(description="Send this back with a change: a stale one is refused (409).")


def record_out(record: Any) -> dict[str, Any]:
    names = [name for name in DETAIL_FIELDS if name not in ("description",) and hasattr(record, name)]
    details = {name: getattr(record, name) for name in sorted(names)}
    return {
        "id": record.pk,
        "kind": record.node_kind,
        "label": str(record),
        "status": record.status,
        "description": record.description,
        "details": {key: (value.isoformat() if isinstance(value, date) else value) for key, value in details.items()},
        "merged_into_id": record.merged_into_id,
        "version": record.version,
    }


class LinkedChildOut(Schema):
    id: UUID
    name: str


class LinkedSubmissionOut(Schema):
    id: UUID
    submitted_at: Any
    grading: str = Field(description="3x5x2, e.g. '1B P'; empty until graded.")
    text: str = Field(description="The original when you may read it, else the sanitised text.")
    in_full: bool
    withheld: bool = Field(description="Handling-C material whose conditions do not name you: no text.")


class RegisterDisruptionOut(Schema):
    id: UUID
    tactic: str
    by_whom: str
    started_on: date
    outcome: str
    review_on: date | None


class RecordPageOut(RegisterRecordOut):
    children: list[LinkedChildOut] = Field(description="Linked children you may see (no others are named or counted).")
    submissions: list[LinkedSubmissionOut]
    disruptions: list[RegisterDisruptionOut]


def _disruption_out(item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "tactic": item.tactic.name,
        "by_whom": item.by_whom,
        "started_on": item.started_on,
        "outcome": item.outcome,
        "review_on": item.review_on,
    }


@router.get(
    "/registers/{kind}",
    response=responds(PageOut[RegisterRecordOut], 403, 404, 422),
    summary="A register of concern, paged",
)
def list_register(
    request: AuthedRequest,
    kind: str,
    status: str = Query("", description="active, under_disruption or closed; empty for any."),
    cursor: str = cursor_parameter(),
    limit: int = limit_parameter(),
) -> Any:
    model = access.model_for_kind(kind)
    access.refuse_unless_register_role(request.user, model)
    rows = records.register_rows(request.user, model)
    if status in ConcernStatus.values:
        rows = rows.filter(status=status)
    page = paged(rows, ["-modified_at"], cursor=cursor, limit=limit)
    audit.listed(request.user, model, detail=f"status={status or 'any'}")
    return {"items": [record_out(record) for record in page["items"]], "next": page["next"]}


@router.get(
    "/registers/{kind}/{uuid:pk}", response=responds(RecordPageOut, 403, 404, 422), summary="One register record"
)
def get_record(request: AuthedRequest, kind: str, pk: UUID) -> Any:
    record = access.record_for(request.user, kind, pk)
    audit.viewed(request.user, record)
    shown = records.linked_submissions(record, request.user)
    return {
        **record_out(record),
        "children": [
            {"id": child.pk, "name": child.full_name} for child in records.linked_children(record, request.user)
        ],
        "submissions": [
            {
                "id": item.submission.pk,
                "submitted_at": item.submission.submitted_at,
                "grading": item.grading,
                "text": item.text,
                "in_full": item.in_full,
                "withheld": item.withheld,
            }
            for item in shown
        ],
        "disruptions": [_disruption_out(item) for item in disruption.disruptions_for(record)],
    }


class RecordIn(In):
    """The register's own fields, as its page's form has them (first_name, last_name, aliases,
    date_of_birth, age_from, age_to for a person; kind, name, address, postcode for a place;
    registration, make, model, colour for a vehicle; number for a phone), and description."""

    fields: dict[str, Any]
    version: int | None = Field(None, description="For a change: the version you read.")


@router.post(
    "/registers/{kind}",
    response=responds(RegisterRecordOut, 403, 404, 409, 413, 422, status=201),
    summary="Add a record to a register",
)
def create_record(request: AuthedRequest, kind: str, payload: RecordIn) -> Any:
    model = access.model_for_kind(kind)
    access.refuse_unless_handler(request.user, model)
    form = validated(record_form(model), payload.fields, instance=model(partnership_id=request.user.partnership_id))
    return Status(201, record_out(form.submit(None, by=request.user)))


@router.patch(
    "/registers/{kind}/{uuid:pk}",
    response=responds(RegisterRecordOut, 403, 404, 409, 413, 422),
    summary="Change a register record",
)
def change_record(request: AuthedRequest, kind: str, pk: UUID, payload: RecordIn) -> Any:
    record = access.handler_record(request.user, kind, pk)
    form_class = record_form(type(record))
    current = {name: getattr(record, name) for name in form_class._meta.fields or []}
    data = current | payload.fields | {"version": payload.version if payload.version is not None else record.version}
    form = validated(form_class, data, instance=record)
    return record_out(form.submit(record, by=request.user))


class MergeIn(In):
    into_id: UUID = Field(description="The record of the same register this one is the same as.")
    reason: str


class MergeOut(Schema):
    id: UUID
    kept_id: UUID
    merged_id: UUID
    moved: int = Field(description="How many links, submission parts and disruptions moved.")
    undone_at: Any


def _merge_out(done: Any) -> dict[str, Any]:
    return {
        "id": done.pk,
        "kept_id": done.kept_id,
        "merged_id": done.merged_id,
        "moved": len(done.moved_links),
        "undone_at": done.undone_at,
    }


@router.post(
    "/registers/{kind}/{uuid:pk}/merge",
    response=responds(MergeOut, 403, 404, 413, 422, status=201),
    summary="Merge a record into another",
)
def merge_record(request: AuthedRequest, kind: str, pk: UUID, payload: MergeIn) -> Any:
    record = access.handler_record(request.user, kind, pk)
    form = validated(MergeForm, payload.dict(), user=request.user, model=type(record))
    return Status(201, _merge_out(form.submit(record, by=request.user)))


@router.post("/merges/{uuid:pk}/undo", response=responds(MergeOut, 403, 404, 422), summary="Undo a merge")
def undo_merge(request: AuthedRequest, pk: UUID) -> Any:
    done = access.merge_for(request.user, pk)
    return _merge_out(decisions.undo_merge(done, by=request.user))


class CandidateOut(Schema):
    id: UUID
    label: str
    score: float
    verdict: str = Field(description="likely or possible")
    reasons: list[str]
    unsure_before: bool


@router.get(
    "/match/{kind}/{uuid:pk}",
    response=responds(list[CandidateOut], 403, 404, 422),
    summary="Register records that may be what a submission names",
)
def match_candidates(request: AuthedRequest, kind: str, pk: UUID) -> Any:
    """`kind` is the submission's part: subject, place, vehicle or phone. Rejected records are not
    proposed again."""
    part, part_kind = access.part_for(request.user, kind, pk)
    audit.viewed(request.user, part, detail="match candidates")
    if not decisions.matchable(part):
        return []
    found = decisions.candidates_for(part, part_kind.kind, part.submission.partnership)
    return [
        {
            "id": c.record.pk,
            "label": str(c.record),
            "score": c.score,
            "verdict": c.verdict,
            "reasons": c.reasons,
            "unsure_before": c.unsure,
        }
        for c in found
    ]


class MatchDecisionIn(In):
    candidate_id: UUID
    verdict: MatchVerdict


class MatchDecisionOut(Schema):
    id: UUID
    candidate_id: UUID
    verdict: str


@router.post(
    "/match/{kind}/{uuid:pk}",
    response=responds(MatchDecisionOut, 403, 404, 413, 422, status=201),
    summary="Confirm, reject or be unsure of a candidate",
)
def match_decide(request: AuthedRequest, kind: str, pk: UUID, payload: MatchDecisionIn) -> Any:
    part, part_kind = access.part_for(request.user, kind, pk)
    data = {"candidate": payload.candidate_id, "verdict": payload.verdict}
    form = validated(DecisionForm, data, user=request.user, part_kind=part_kind)
    return Status(201, form.submit(part, by=request.user))


class NodeOut(Schema):
    kind: str
    id: str
    label: str
    steps: int = Field(description="1: linked directly; 2: two steps away.")


class LinkOut(Schema):
    id: UUID
    a_kind: str
    a_id: str
    b_kind: str
    b_id: str
    relationship: str
    steps: int
    grading: str
    submission_id: UUID | None
    on: date


class NetworkOut(Schema):
    nodes: list[NodeOut] = Field(description="Only what you may see: a child you may not see is not listed.")
    links: list[LinkOut]


@router.get(
    "/network/{kind}/{uuid:pk}",
    response=responds(NetworkOut, 403, 404, 422),
    summary="What is linked to a child or record in up to two steps",
)
def get_network(request: AuthedRequest, kind: str, pk: UUID) -> Any:
    """`kind`: child, person, place, vehicle or phone."""
    root = access.network_root(request.user, kind, pk)
    audit.viewed(request.user, root, detail="network")
    found = network.network_of(root, request.user)
    return {
        "nodes": [{"kind": n.kind, "id": n.id, "label": n.label, "steps": n.steps} for n in found.nodes],
        "links": [
            {
                "id": link.link.pk,
                "a_kind": link.a.kind,
                "a_id": link.a.id,
                "b_kind": link.b.kind,
                "b_id": link.b.id,
                "relationship": link.link.relationship,
                "steps": link.steps,
                "grading": link.grading,
                "submission_id": link.link.submission_id,
                "on": link.on,
            }
            for link in found.links
        ],
    }


class TacticOut(Schema):
    id: UUID
    name: str


@router.get(
    "/disruption-tactics", response=responds(list[TacticOut], 403, 404), summary="Your partnership's disruption tactics"
)
def list_tactics(request: AuthedRequest) -> Any:
    access.refuse_unless_register_role(request.user, DisruptionTactic)
    audit.listed(request.user, DisruptionTactic)
    return disruption.tactics_for(request.user.partnership)


class DisruptionIn(In):
    tactic_id: UUID
    by_whom: str
    started_on: date
    outcome: str = ""
    review_on: date | None = None


@router.post(
    "/registers/{kind}/{uuid:pk}/disruptions",
    response=responds(RegisterDisruptionOut, 403, 404, 413, 422, status=201),
    summary="Record a disruption against a person or place",
)
def add_disruption(request: AuthedRequest, kind: str, pk: UUID, payload: DisruptionIn) -> Any:
    record = access.handler_record(request.user, kind, pk)
    if record.node_kind not in disruption.DISRUPTED_KINDS:
        raise Http404("Disruption is recorded against persons and places.")
    form = validated(DisruptionForm, payload.dict(), partnership=record.partnership)
    return Status(201, _disruption_out(form.submit(record, by=request.user)))
