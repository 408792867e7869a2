"""The forms of the missing pages; the API validates its payloads with the same forms, and each
submits to its service (services.py)."""

from datetime import datetime
from typing import Any, cast

from django import forms

from cepathway.meetings.forms import VersionedForm, combine, date_field, line_field, text_field, time_field
from cepathway.people.models import User
from cepathway.people.pickers import PersonField
from cepathway.ui.forms import required_when

from . import services
from .models import (
    ConsiderationOutcome,
    EpisodeKind,
    InterviewState,
    MissingEpisode,
    MissingFrom,
    ReturnInterview,
    RiskGrading,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _when(data: dict[str, Any], day: str, time: str) -> datetime | None:
    if data.get(day) and data.get(time):
        return combine(data[day], data[time])
    return None


def _both(form: forms.Form, day: str, time: str, what: str) -> None:
    """A date without its time (or a time without its date) is refused, named."""
    data = form.cleaned_data
    if data.get(day) and not data.get(time) and time not in form.errors:
        form.add_error(time, f"Enter the time {what}")
    if data.get(time) and not data.get(day) and day not in form.errors:
        form.add_error(day, f"Enter the date {what}")


class ReturnFields(forms.Form):
    returned_on = date_field(
        "Date the child returned or was found", required=False, must_be_past=True, allow_today=True
    )
    returned_time = time_field("Time the child returned or was found", required=False)
    where_found = line_field("Where the child was found or returned to", max_length=300)
    police_reference = line_field("Police reference", max_length=60)
    risk_grading = forms.ChoiceField(
        label="The police's risk grading",
        choices=RiskGrading.choices,
        widget=forms.RadioSelect,
        initial=RiskGrading.NOT_GRADED,
        error_messages={"required": "Choose the police's risk grading"},
    )

    def returned_at(self) -> datetime | None:
        return _when(self.cleaned_data, "returned_on", "returned_time")


class EpisodeForm(ReturnFields):
    """Record an episode: while the child is still missing (leave the return empty), or afterwards."""

    kind = forms.ChoiceField(
        label="Was the child missing, or away without authorisation?",
        choices=EpisodeKind.choices,
        widget=forms.RadioSelect,
        initial=EpisodeKind.MISSING,
        help_text=(
            "Away without authorisation (absent): not where they should be, whereabouts known or no apparent risk."
        ),
        error_messages={"required": "Choose whether the child was missing or away without authorisation"},
    )
    missing_from = forms.ChoiceField(
        label="Missing from",
        choices=MissingFrom.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the child went missing from"},
    )
    started_on = date_field("Date the child went missing", must_be_past=True, allow_today=True)
    started_time = time_field("Time the child went missing")
    reported_to_police = forms.ChoiceField(
        label="Was the child reported missing to the police?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the child was reported to the police"},
    )
    reported_by_name = line_field(
        "Who reported the child missing",
        max_length=200,
        help_text="Leave empty if it was you.",
    )
    reported_by_organisation = line_field("Their organisation", max_length=200)
    notes = text_field("Notes", required=False)

    field_order = [
        "kind",
        "missing_from",
        "started_on",
        "started_time",
        "returned_on",
        "returned_time",
        "where_found",
        "reported_to_police",
        "police_reference",
        "risk_grading",
        "reported_by_name",
        "reported_by_organisation",
        "notes",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "returned_on"
        ].help_text = "Leave the date and time empty if the child is still missing. For example, 27 3 2026"

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        _both(self, "returned_on", "returned_time", "the child returned")
        if self.data.get("reported_to_police") == "no" and data.get("risk_grading") not in (
            None,
            RiskGrading.NOT_GRADED,
        ):
            self.add_error(
                "risk_grading", "Only the police grade the risk: choose 'Not graded' if not reported to them"
            )
        return data

    def submit(self, child: Any, *, by: Any) -> MissingEpisode:
        data = self.cleaned_data
        details = services.EpisodeDetails(
            kind=data["kind"],
            missing_from=data["missing_from"],
            started_at=combine(data["started_on"], data["started_time"]),
            returned_at=self.returned_at(),
            where_found=data["where_found"],
            reported_to_police=data["reported_to_police"] == "yes",
            police_reference=data["police_reference"],
            risk_grading=data["risk_grading"],
            reported_by_name=data["reported_by_name"],
            reported_by_organisation=data["reported_by_organisation"],
            notes=data["notes"],
        )
        return services.record_episode(child, details, by=by)


class CorrectEpisodeForm(VersionedForm, EpisodeForm):
    """Correct what was recorded about an episode (the return has its own page)."""

    RETURN_FIELDS = ("returned_on", "returned_time", "where_found", "police_reference", "risk_grading")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.RETURN_FIELDS:
            del self.fields[name]

    @classmethod
    def initial_for(cls, episode: MissingEpisode) -> dict[str, Any]:
        from django.utils import timezone

        started = timezone.localtime(episode.started_at)
        return {
            "version": episode.version,
            "kind": episode.kind,
            "missing_from": episode.missing_from,
            "started_on": started.date(),
            "started_time": started.time().replace(second=0, microsecond=0),
            "reported_to_police": "yes" if episode.reported_to_police else "no",
            "reported_by_name": episode.reported_by_name,
            "reported_by_organisation": episode.reported_by_organisation,
            "notes": episode.notes,
        }

    def submit(self, episode: MissingEpisode, *, by: Any) -> MissingEpisode:  # type: ignore[override]
        data = self.cleaned_data
        values = {
            "kind": data["kind"],
            "missing_from": data["missing_from"],
            "started_at": combine(data["started_on"], data["started_time"]),
            "reported_to_police": data["reported_to_police"] == "yes",
            "reported_by_name": data["reported_by_name"],
            "reported_by_organisation": data["reported_by_organisation"],
            "notes": data["notes"],
        }
        return services.correct_episode(episode, values, expected_version=self.expected_version, by=by)


class ReturnForm(VersionedForm, ReturnFields):
    """Record (or correct) the return: when, where the child was found, the police's reference and grading."""

    field_order = ["returned_on", "returned_time", "where_found", "police_reference", "risk_grading"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("returned_on", "returned_time"):
            self.fields[name].required = True
        self.fields["returned_on"].error_messages["required"] = "Enter the date the child returned or was found"

    @classmethod
    def initial_for(cls, episode: MissingEpisode) -> dict[str, Any]:
        from django.utils import timezone

        returned = timezone.localtime(episode.returned_at) if episode.returned_at else None
        return {
            "version": episode.version,
            "returned_on": returned.date() if returned else None,
            "returned_time": returned.time().replace(second=0, microsecond=0) if returned else None,
            "where_found": episode.where_found,
            "police_reference": episode.police_reference,
            "risk_grading": episode.risk_grading,
        }

    def submit(self, episode: MissingEpisode, *, by: Any) -> MissingEpisode:
        data = self.cleaned_data
        returned_at = self.returned_at()
        assert returned_at is not None
        return services.record_return(
            episode,
            returned_at=returned_at,
            where_found=data["where_found"],
            police_reference=data["police_reference"],
            risk_grading=data["risk_grading"],
            expected_version=self.expected_version,
            by=by,
        )


class InterviewForm(VersionedForm):
    """Offer, arrange or record a return home interview."""

    state = forms.ChoiceField(
        label="Where is the interview now?",
        choices=InterviewState.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the interview is now"},
    )
    interviewer = PersonField(
        queryset=User.objects.none(),
        label="Who is conducting it (a colleague)",
        required=False,
        empty_label="Choose a colleague",
        help_text="Someone independent: never the child's allocated social worker.",
    )
    interviewer_name = line_field(
        "Or: the interviewer's name",
        max_length=200,
        help_text="When the interview is commissioned from another service.",
    )
    interviewer_organisation = line_field("Their organisation", max_length=200, help_text="For example, a charity.")
    offered_on = required_when(
        date_field("Date it was offered", required=False, must_be_past=True, allow_today=True),
        "Needed once the interview is offered.",
    )
    offered_time = required_when(time_field("Time it was offered", required=False), "Needed with the date.")
    completed_on = required_when(
        date_field("Date it was completed", required=False, must_be_past=True, allow_today=True),
        "Needed when the interview is completed.",
    )
    completed_time = required_when(time_field("Time it was completed", required=False), "Needed with the date.")
    child_said = text_field("What the child said", required=False)
    mentions_exploitation = forms.BooleanField(
        label="The child's account mentions exploitation (sexual, criminal, county lines or other)",
        required=False,
        help_text="CERAR is prompted to consider the child exploitation checklist.",
    )

    def __init__(self, *args: Any, interview: ReturnInterview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        child = interview.child
        picker = cast(PersonField, self.fields["interviewer"])
        connected = [child.lead_professional_id] if child.lead_professional_id else []
        picker.choose_among(child.partnership_id, with_children=True, connected=connected)

    @classmethod
    def initial_for(cls, interview: ReturnInterview) -> dict[str, Any]:
        from django.utils import timezone

        offered = timezone.localtime(interview.offered_at) if interview.offered_at else None
        completed = timezone.localtime(interview.completed_at) if interview.completed_at else None
        return {
            "version": interview.version,
            "state": interview.state,
            "interviewer": interview.interviewer_id,
            "interviewer_name": interview.interviewer_name,
            "interviewer_organisation": interview.interviewer_organisation,
            "offered_on": offered.date() if offered else None,
            "offered_time": offered.time().replace(second=0, microsecond=0) if offered else None,
            "completed_on": completed.date() if completed else None,
            "completed_time": completed.time().replace(second=0, microsecond=0) if completed else None,
            "child_said": interview.child_said,
            "mentions_exploitation": interview.mentions_exploitation,
        }

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        _both(self, "offered_on", "offered_time", "the interview was offered")
        _both(self, "completed_on", "completed_time", "the interview was completed")
        if data.get("interviewer") and (data.get("interviewer_name") or "").strip():
            self.add_error("interviewer_name", "Choose a colleague or type a name, not both")
        organisation_only = (data.get("interviewer_organisation") or "").strip() and not (
            (data.get("interviewer_name") or "").strip() or data.get("interviewer")
        )
        if organisation_only:
            self.add_error("interviewer_name", "Enter the interviewer's name")
        return data

    def submit(self, interview: ReturnInterview, *, by: Any) -> ReturnInterview:
        data = self.cleaned_data
        details = services.InterviewDetails(
            state=data["state"],
            interviewer=data.get("interviewer"),
            interviewer_name="" if data.get("interviewer") else data["interviewer_name"],
            interviewer_organisation="" if data.get("interviewer") else data["interviewer_organisation"],
            offered_at=_when(data, "offered_on", "offered_time"),
            completed_at=_when(data, "completed_on", "completed_time"),
            child_said=data["child_said"],
            mentions_exploitation=bool(data.get("mentions_exploitation")),
        )
        return services.update_interview(interview, details, expected_version=self.expected_version, by=by)


class ConsiderationForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What have you decided?",
        choices=[
            (ConsiderationOutcome.CHECKLIST_STARTED, "Start the child exploitation checklist (the contact form)"),
            (ConsiderationOutcome.NO_FURTHER_ACTION, "No further action"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to start the checklist"},
    )
    reason = required_when(text_field("Why", required=False), "Needed for no further action.")

    def submit(self, child: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        return services.consider(child, outcome=data["outcome"], reason=data["reason"], by=by)
