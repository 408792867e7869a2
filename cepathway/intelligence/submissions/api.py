"""Submitting and grading information through the JSON API: the same forms, services, scope and
audit as the pages (cepathway/intelligence/api.py gathers every part's router)."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from ninja import Field, Router, Schema, Status

from cepathway.core import audit
from cepathway.core.api_support import FormInvalid, In, responds
from cepathway.people.models import User
from cepathway.people.types import AuthedRequest

from ..models import OFFICIAL_SENSITIVE, Submission, is_handler
from . import services
from .access import submission_for, submission_to_grade
from .forms import PART_FORMS, GradingForm, SubmissionForms
from .views import SHOWN, waiting_for

router = Router(tags=["intelligence"])


class SubjectIn(In):
    kind: str = Field(description="child, vulnerable_adult or person_of_concern")
    first_name: str = ""
    last_name: str = ""
    aliases: str = Field("", description="Aliases and nicknames, one a line.")
    date_of_birth: date | None = None
    age_from: int | None = None
    age_to: int | None = None
    description: str = ""


class PlaceIn(In):
    kind: str = Field(
        "other", description="home_address, park, takeaway, hotel, transport_hub, school, online_space, other"
    )
    name: str = ""
    address: str = ""
    postcode: str = ""
    description: str = ""


class VehicleIn(In):
    registration: str = Field("", description="All of it or the part known.")
    make: str = ""
    model: str = ""
    colour: str = ""


class PhoneIn(In):
    number: str


class OnlineAccountIn(In):
    platform: str
    username: str


class SubmissionIn(In):
    submitter_name: str | None = Field(None, description="Leave out to use your account's name.")
    submitter_job_title: str | None = None
    submitter_phone: str | None = None
    submitter_email: str | None = None
    happened_on: date | None = None
    happened_when: str = ""
    information: str
    how_known: str
    subjects: list[SubjectIn] = []
    places: list[PlaceIn] = []
    vehicles: list[VehicleIn] = []
    phones: list[PhoneIn] = []
    online_accounts: list[OnlineAccountIn] = []


class NamedOut(Schema):
    part: str
    label: str
    description: str


class SubmissionOut(Schema):
    """A submission as its page shows it to the caller. The grading (grade, handling conditions,
    sanitised text, outcome, handler) is given only to the partnership's handlers; to the submitter
    those fields are null, and they are given what they were told back."""

    marking: str = Field(OFFICIAL_SENSITIVE, description="The protective marking: keep it with any copy made.")
    id: UUID
    status: str
    submitted_at: datetime | None
    submitter_name: str
    submitter_agency: str
    submitter_job_title: str
    submitter_phone: str
    submitter_email: str
    happened_on: date | None
    happened_when: str
    information: str
    how_known: str
    named: list[NamedOut]
    feedback_to_submitter: str
    version: int
    grading: str | None = Field(None, description="3x5x2, for example '2C P'.")
    handling_conditions: str | None = None
    sanitised_text: str | None = None
    outcome: str | None = None
    outcome_note: str | None = None
    handler: str | None = None


class GradingIn(In):
    version: int = Field(description="The version you read: a save by someone else since is refused (409).")
    source_evaluation: str = Field(description="1, 2 or 3")
    intelligence_assessment: str = Field(description="A to E")
    handling: str = Field(description="P or C")
    handling_conditions: str = ""
    handling_reader_ids: list[UUID] = Field([], description="For C: the handlers its conditions name.")
    sanitised_text: str
    outcome: str = Field(description="logged, crime_desk, referral_started or no_further_action")
    outcome_note: str = ""
    feedback_to_submitter: str = ""
    reason: str = Field("", description="Needed to change a graded submission.")


def _out(user: Any, submission: Submission) -> dict[str, Any]:
    from .readback import parts_of

    handles = is_handler(user) and user.partnership_id == submission.partnership_id
    body: dict[str, Any] = {
        name: getattr(submission, name)
        for name in (
            "id",
            "status",
            "submitted_at",
            "submitter_name",
            "submitter_job_title",
            "submitter_phone",
            "submitter_email",
            "happened_on",
            "happened_when",
            "information",
            "how_known",
            "feedback_to_submitter",
            "version",
        )
    }
    body["marking"] = OFFICIAL_SENSITIVE
    body["submitter_agency"] = str(submission.submitter_agency)
    body["named"] = [
        {"part": section.title, "label": row.label, "description": row.description}
        for section in parts_of(submission)
        for row in section.rows
    ]
    if handles and submission.is_graded:
        body.update(
            grading=submission.grading,
            handling_conditions=submission.handling_conditions,
            sanitised_text=submission.sanitised_text,
            outcome=submission.outcome,
            outcome_note=submission.outcome_note,
            handler=submission.handler.display_name if submission.handler else None,
        )
    return body


def _form_data(payload: SubmissionIn, user: User) -> QueryDict:
    """The payload as the page's form would post it (one validation path for both)."""
    data = QueryDict(mutable=True)
    about = payload.dict(exclude=set(PART_FORMS))
    defaults = {
        "submitter_name": user.display_name,
        "submitter_job_title": user.job_title,
        "submitter_phone": user.phone,
        "submitter_email": user.email,
    }
    for name, value in about.items():
        if value is None:
            value = defaults.get(name)
        _put(data, name, value)
    for part in PART_FORMS:
        rows = getattr(payload, part)
        data[f"{part}-TOTAL_FORMS"] = str(len(rows))
        data[f"{part}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            for name, value in row.dict().items():
                _put(data, f"{part}-{index}-{name}", value)
    return data


def _put(data: QueryDict, name: str, value: Any) -> None:
    if isinstance(value, date):
        data.update({f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)})
    elif value is not None:
        data[name] = str(value)


def _caller_name(prefix: str, field: str) -> str:
    """A form error's key as the caller sent it: subjects.0.first_name, not subjects-0-first_name."""
    return ".".join([*prefix.split("-"), field]) if prefix else field


def _invalid(forms: SubmissionForms) -> FormInvalid:
    errors: dict[str, list[str]] = {}
    for form in forms.all_forms:
        for field, messages in form.errors.items():
            errors.setdefault(_caller_name(form.prefix or "", field), []).extend(str(m) for m in messages)
    return FormInvalid.with_errors(errors)


@router.post("/submissions", response=responds(SubmissionOut, 403, 413, 422, status=201), summary="Submit information")
def submit_information(request: AuthedRequest, payload: SubmissionIn) -> Any:
    """Non-urgent information for the partnership's intelligence officers. Not a safeguarding
    referral: if a child is at risk, make one (POST /api/referrals); an immediate risk is for 999."""
    services.require_submitter(request.user)
    forms = SubmissionForms(_form_data(payload, request.user), user=request.user)
    if not forms.is_valid():
        raise _invalid(forms)
    submission = forms.submit()
    return Status(201, _out(request.user, submission))


@router.get("/submissions", response=responds(list[SubmissionOut], 403), summary="What you have submitted")
def my_submissions(request: AuthedRequest) -> Any:
    """Newest first (at most 100), with what you were told back."""
    services.require_submitter(request.user)
    rows = Submission.objects.filter(submitted_by=request.user).select_related("submitter_agency")
    shown = list(rows.order_by("-submitted_at", "pk")[:SHOWN])
    audit.listed(request.user, Submission, detail="my submissions")
    return [_out(request.user, submission) for submission in shown]


@router.get(
    "/submissions/waiting", response=responds(list[SubmissionOut], 403), summary="Submissions waiting to be graded"
)
def waiting(request: AuthedRequest) -> Any:
    """For the partnership's handlers (intelligence officers, CERAR leads): oldest first, at most 100."""
    if not is_handler(request.user):
        raise PermissionDenied
    shown = list(waiting_for(request.user)[:SHOWN])
    audit.listed(request.user, Submission, detail="waiting to be graded")
    return [_out(request.user, submission) for submission in shown]


@router.get("/submissions/{uuid:pk}", response=responds(SubmissionOut, 403, 404, 422), summary="One submission")
def one_submission(request: AuthedRequest, pk: UUID) -> Any:
    submission = submission_for(request.user, pk)
    audit.viewed(request.user, submission)
    return _out(request.user, submission)


@router.post(
    "/submissions/{uuid:pk}/grading",
    response=responds(SubmissionOut, 403, 404, 409, 413, 422),
    summary="Grade a submission (3x5x2), or change its grading",
)
def grade(request: AuthedRequest, pk: UUID, payload: GradingIn) -> Any:
    """Handlers only. Once graded only its handler changes it, with a reason; each change is kept."""
    submission = submission_to_grade(request.user, pk)
    if not services.may_grade(request.user, submission):
        raise PermissionDenied
    data = payload.dict(exclude={"handling_reader_ids"})
    data["handling_readers"] = [str(pk) for pk in payload.handling_reader_ids]
    form = GradingForm(_grading_data(data), submission=submission)
    if not form.is_valid():
        raise FormInvalid(form, {"handling_readers": "handling_reader_ids"})
    form.submit(submission, by=request.user)
    submission.refresh_from_db()
    return _out(request.user, submission)


def _grading_data(data: dict[str, Any]) -> QueryDict:
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            posted.setlist(name, value)
        else:
            posted[name] = str(value)
    return posted
