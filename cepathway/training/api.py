"""The training API (mounted at /api/training): my training, recording my own completion, the
partnership's training by organisation (its administrator), and the CE champions. The same
access, forms, services, rules and audit as the pages."""

from datetime import date
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

from cepathway.core import audit
from cepathway.core.api_support import In, responds, validated
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for

from . import standing
from .forms import TrainingForm
from .models import ChampionAppointment, TrainingRecord
from .rules import MANAGE, RECORD_OWN, VIEW_CHAMPIONS

router = Router(tags=["training"])


class LevelOut(Schema):
    level: str = Field(description="level1 (eLearning) or level2 (in person)")
    standing: str = Field(description="current, lapsed or never")
    last_completed: date | None
    expires_on: date | None = Field(description="The day the latest completion stops being current, by policy")


class RecordOut(Schema):
    id: UUID
    level: str
    completed_on: date
    provider: str
    expires_on: date
    self_recorded: bool
    version: int


class MyTrainingOut(Schema):
    levels: list[LevelOut]
    records: list[RecordOut]


class TrainingIn(In):
    level: str = Field(description="level1 or level2")
    completed_on: date | str
    provider: str = ""


class CountsOut(Schema):
    current: int
    lapsed: int
    never: int


class AgencyTrainingOut(Schema):
    agency_id: UUID
    agency_name: str
    people: int
    level1: CountsOut
    level2: CountsOut


class ChampionOut(Schema):
    id: UUID
    agency_id: UUID
    agency_name: str = Field(alias="agency.name")
    name: str = Field(alias="person.display_name")
    email: str
    phone: str
    how_to_reach: str = Field(alias="contact_notes")
    since: date
    own_organisation: bool


def _record_out(record: TrainingRecord) -> RecordOut:
    policy = policy_for(record.person.partnership_id)
    return RecordOut(
        id=record.pk,
        level=record.level,
        completed_on=record.completed_on,
        provider=record.provider,
        expires_on=record.expiry(policy),
        self_recorded=record.self_recorded,
        version=record.version,
    )


@router.get("/mine", response=responds(MyTrainingOut, 403), summary="My child exploitation training")
def my_training(request: AuthedRequest) -> Any:
    require(request.user, RECORD_OWN)
    records = list(TrainingRecord.objects.filter(person=request.user).order_by("-completed_on"))
    audit.listed(request.user, TrainingRecord, detail="my training")
    levels = [LevelOut(**vars(level)) for level in standing.person_levels(request.user, records)]
    return MyTrainingOut(levels=levels, records=[_record_out(record) for record in records])


@router.post(
    "/mine", response=responds(RecordOut, 403, 413, 422, status=201), summary="Record training I have completed"
)
def record_mine(request: AuthedRequest, payload: TrainingIn) -> Any:
    require(request.user, RECORD_OWN)
    record = validated(TrainingForm, payload.dict()).submit(request.user, by=request.user)
    return Status(201, _record_out(record))


@router.get(
    "/partnership",
    response=responds(list[AgencyTrainingOut], 403),
    summary="Who is trained, lapsed or never trained, by organisation (administrator)",
)
def partnership_training(request: AuthedRequest) -> Any:
    require(request.user, MANAGE)
    rows = standing.counts_by_agency(request.user.partnership_id)
    audit.listed(request.user, TrainingRecord, detail="training by agency")
    return [
        AgencyTrainingOut(
            agency_id=row.agency_id,
            agency_name=row.agency_name,
            people=row.people,
            level1=CountsOut(**vars(row.level1)),
            level2=CountsOut(**vars(row.level2)),
        )
        for row in rows
    ]


@router.get("/champions", response=responds(list[ChampionOut], 403), summary="The partnership's CE champions")
def champions(request: AuthedRequest) -> Any:
    require(request.user, VIEW_CHAMPIONS)
    rows = (
        ChampionAppointment.objects.of_partnership(request.user.partnership_id)
        .current()
        .select_related("person", "agency")
        .order_by("agency__name", "person__last_name", "person__first_name")
    )
    mine = request.user.agency_id
    found = sorted(rows, key=lambda row: row.agency_id != mine)  # their own organisation's first
    for row in found:
        row.own_organisation = row.agency_id == mine  # type: ignore[attr-defined]
    return found
