"""The missing API (mounted at /api/missing): a child's episodes and interviews, recording an
episode and a return, updating an interview, and the overdue interviews. The same access helpers,
forms, services and audit as the pages."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from cepathway.children.access import child_for
from cepathway.core import audit
from cepathway.core.api_support import In, responds, validated
from cepathway.core.errors import RuleError
from cepathway.people.types import AuthedRequest

from . import rules
from .access import episode_for, interview_for
from .forms import EpisodeForm, InterviewForm, ReturnForm
from .models import MissingEpisode, ReturnInterview

router = Router(tags=["missing"])
SHOWN = 200


class InterviewOut(Schema):
    id: UUID
    child_id: UUID
    episode_id: UUID
    due_by: datetime
    overdue: bool = Field(description="Not completed or declined, and its due time has passed.")
    state: str = Field(description="to_offer, offered, accepted, declined or completed")
    interviewer_id: UUID | None
    interviewer: str = Field(description="The colleague's name, or the named person and organisation.")
    offered_at: datetime | None
    completed_at: datetime | None
    child_said: str
    mentions_exploitation: bool
    version: int

    @staticmethod
    def resolve_interviewer(interview: ReturnInterview) -> str:
        return interview.interviewer_text

    @staticmethod
    def resolve_overdue(interview: ReturnInterview) -> bool:
        return interview.is_overdue()


class EpisodeOut(Schema):
    id: UUID
    child_id: UUID
    kind: str = Field(description="missing or absent (SSDA903 M and A)")
    missing_from: str = Field(description="home, care, school or other")
    started_at: datetime
    returned_at: datetime | None = Field(description="Empty while the child is still missing.")
    where_found: str
    reported_to_police: bool
    police_reference: str
    risk_grading: str = Field(description="no_apparent_risk, low, medium, high or not_graded")
    reported_by: str
    notes: str
    interview: InterviewOut | None
    version: int

    @staticmethod
    def resolve_reported_by(episode: MissingEpisode) -> str:
        return episode.reported_by_text

    @staticmethod
    def resolve_interview(episode: MissingEpisode) -> Any:
        return getattr(episode, "interview", None) if episode.returned_at else None


class EpisodeIn(In):
    kind: str = Field("missing", description="missing or absent")
    missing_from: str = Field(description="home, care, school or other")
    started_on: date
    started_time: str = Field(description="24-hour clock, like 14:30")
    returned_on: date | None = Field(None, description="Leave out while the child is still missing.")
    returned_time: str | None = None
    where_found: str = ""
    reported_to_police: bool = True
    police_reference: str = ""
    risk_grading: str = Field("not_graded", description="no_apparent_risk, low, medium, high or not_graded")
    reported_by_name: str = Field("", description="Leave out if it was you.")
    reported_by_organisation: str = ""
    notes: str = ""


class ReturnIn(In):
    version: int = Field(description="The version you read: a save by someone else since is refused (409).")
    returned_on: date
    returned_time: str = Field(description="24-hour clock, like 14:30")
    where_found: str = ""
    police_reference: str = ""
    risk_grading: str = "not_graded"


class InterviewIn(In):
    version: int = Field(description="The version you read: a save by someone else since is refused (409).")
    state: str = Field(description="to_offer, offered, accepted, declined or completed")
    interviewer_id: UUID | None = Field(None, description="A colleague; never the child's allocated social worker.")
    interviewer_name: str = Field("", description="Or a named person of a commissioned service.")
    interviewer_organisation: str = ""
    offered_on: date | None = None
    offered_time: str | None = None
    completed_on: date | None = None
    completed_time: str | None = None
    child_said: str = ""
    mentions_exploitation: bool = False


@router.get(
    "/children/{uuid:child_pk}/episodes",
    response=responds(list[EpisodeOut], 403, 404, 422),
    summary="A child's missing episodes and return home interviews",
)
def episodes(request: AuthedRequest, child_pk: UUID) -> Any:
    """Newest first (at most 200)."""
    child = child_for(request.user, child_pk, permission=rules.VIEW)
    rows = MissingEpisode.objects.visible_to(request.user).filter(child=child)
    shown = list(
        rows.select_related("interview", "interview__interviewer", "created_by").order_by("-started_at")[:SHOWN]
    )
    audit.viewed(request.user, child, detail="missing history")
    if shown:
        said = [row.interview for row in shown if hasattr(row, "interview")]
        audit.viewed_each(request.user, [*shown, *said], detail="missing history")
    return shown


@router.post(
    "/children/{uuid:child_pk}/episodes",
    response=responds(EpisodeOut, 403, 404, 413, 422, status=201),
    summary="Record a missing episode",
)
def record_episode(request: AuthedRequest, child_pk: UUID, payload: EpisodeIn) -> Any:
    """While the child is still missing (no return), or afterwards. A return opens its interview."""
    child = child_for(request.user, child_pk, permission=rules.RECORD_EPISODE)
    body = payload.dict()
    body["reported_to_police"] = "yes" if payload.reported_to_police else "no"
    form = validated(EpisodeForm, body)
    return Status(201, form.submit(child, by=request.user))


@router.post(
    "/episodes/{uuid:pk}/return",
    response=responds(EpisodeOut, 403, 404, 409, 413, 422),
    summary="Record (or correct) the return",
)
def record_return(request: AuthedRequest, pk: UUID, payload: ReturnIn) -> Any:
    episode = episode_for(request.user, pk, permission=rules.RECORD_EPISODE)
    validated(ReturnForm, payload.dict()).submit(episode, by=request.user)
    episode.refresh_from_db()
    return episode


@router.post(
    "/interviews/{uuid:pk}",
    response=responds(InterviewOut, 403, 404, 409, 413, 422),
    summary="Offer, arrange or record a return home interview",
)
def update_interview(request: AuthedRequest, pk: UUID, payload: InterviewIn) -> Any:
    """Refused (422, on interviewer_id) when the interviewer is the child's allocated social worker."""
    interview = interview_for(request.user, pk, permission=rules.RECORD_INTERVIEW)
    form = validated(InterviewForm, payload.dict(), interview=interview)
    try:
        return form.submit(interview, by=request.user)
    except RuleError as error:
        raise error.on({"interviewer": "interviewer_id"}) from None


@router.get(
    "/interviews/overdue",
    response=responds(list[InterviewOut], 403),
    summary="Return home interviews overdue",
)
def overdue(request: AuthedRequest) -> Any:
    """For CERAR and team managers, every overdue interview of the partnership; for anyone else who
    reads missing histories, those they conduct or whose child they are allocated to. Earliest due
    first, at most 200."""
    if not request.user.has_perm(rules.VIEW):
        raise PermissionDenied
    rows = ReturnInterview.objects.visible_to(request.user).overdue()
    if not request.user.has_perm(rules.VIEW_LIST):
        rows = rows.for_person(request.user)
    audit.listed(request.user, ReturnInterview, detail="return home interviews overdue")
    return list(rows.select_related("interviewer").order_by("due_by", "pk")[:SHOWN])
