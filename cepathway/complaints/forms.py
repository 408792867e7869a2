"""The forms of the complaints pages; the API validates its payloads with the same forms. Each
form's `submit(record, *, by)` hands what was typed to its service (services.py)."""

from typing import Any

from django import forms

from cepathway.meetings.forms import VersionedForm, date_field, line_field, text_field
from cepathway.meetings.models import MAX_SHORT_TEXT, Meeting, MeetingState
from cepathway.people.models import Role, User
from cepathway.people.pickers import PersonField
from cepathway.ui.forms import required_when, reveal

from . import services
from .models import About, Complaint, Outcome, RaisedBy, ReceivedHow

HANDLER_ROLES = (Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.TEAM_MANAGER, Role.CERAR_LEAD)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj) + (" (cancelled)" if obj.state == MeetingState.CANCELLED else "")


class RecordForm(forms.Form):
    about = forms.ChoiceField(
        label="What is the concern about?",
        choices=About.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the concern is about"},
    )
    meeting = required_when(
        MeetingChoice(
            queryset=Meeting.objects.none(),
            label="Which meeting?",
            required=False,
            empty_label="Choose the meeting",
            error_messages={"invalid_choice": "Choose one of this child's meetings"},
        ),
        "Needed when the concern is about a meeting.",
    )
    about_detail = required_when(
        line_field("What is it about?", max_length=300), "Needed when the concern is about something else."
    )
    raised_by = forms.ChoiceField(
        label="Who raised it?",
        choices=RaisedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who raised the concern"},
    )
    raiser_name = line_field(
        "Their name", max_length=200, required=True, help_text="For someone acting on their behalf, say for whom."
    )
    raiser_contact = line_field(
        "How to reach them",
        max_length=500,
        help_text="A phone number, email or postal address, and anything about how they would like to be contacted.",
    )
    received_on = date_field("Date the concern was received", must_be_past=True, allow_today=True)
    received_how = forms.ChoiceField(
        label="How was it received?",
        choices=ReceivedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the concern was received"},
    )
    concern = text_field("What the concern is, in their words where possible")
    handler = PersonField(
        queryset=User.objects.none(),
        label="Who will handle it?",
        help_text="The child's social worker or lead professional, or the chair of the meeting.",
        empty_label="Choose a person",
        error_messages={"required": "Choose who will handle the concern"},
    )

    def __init__(self, *args: Any, child: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        if child is not None:
            meetings = Meeting.objects.visible_to(user).filter(child=child).order_by("-scheduled_for")
            self.fields["meeting"].queryset = meetings.select_related("chair")  # type: ignore[attr-defined]
            chairs = list(meetings.values_list("chair_id", flat=True)[:5])
            connected = [child.allocated_social_worker_id, child.lead_professional_id, *chairs, user.pk]
            self.fields["handler"].choose_among(child.partnership_id, roles=HANDLER_ROLES, connected=connected)  # type: ignore[attr-defined]
        reveal(self, "about", About.MEETING, "meeting")
        reveal(self, "about", About.OTHER, "about_detail")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("about") == About.MEETING and not data.get("meeting") and "meeting" not in self.errors:
            self.add_error("meeting", "Choose the meeting the concern is about")
        if data.get("about") == About.OTHER and not data.get("about_detail"):
            self.add_error("about_detail", "Say what the concern is about")
        return data

    def submit(self, child: Any, *, by: Any) -> Complaint:
        return services.record(child, **self.cleaned_data, by=by)


OUTCOME_HINT = "Resolved informally is for the informal stage only."


class AcknowledgeForm(VersionedForm):
    acknowledged_on = date_field("Date it was acknowledged", must_be_past=True, allow_today=True)
    note = text_field(
        "How it was acknowledged",
        max_length=MAX_SHORT_TEXT,
        required=False,
        help_text="For example, a letter, or a phone call to say it was received and what happens next.",
    )

    def submit(self, complaint: Complaint, *, by: Any) -> Complaint:
        data = self.cleaned_data
        return services.acknowledge(
            complaint, on=data["acknowledged_on"], note=data["note"], expected_version=self.expected_version, by=by
        )


class RespondForm(VersionedForm):
    responded_on = date_field("Date the answer was given", must_be_past=True, allow_today=True)
    response = text_field("What they were told, and what will be done")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text=OUTCOME_HINT,
        error_messages={"required": "Choose the outcome"},
    )

    def submit(self, complaint: Complaint, *, by: Any) -> Complaint:
        data = self.cleaned_data
        return services.respond(
            complaint,
            on=data["responded_on"],
            response=data["response"],
            outcome=data["outcome"],
            expected_version=self.expected_version,
            by=by,
        )


class EscalateForm(VersionedForm):
    escalated_on = date_field("Date it was sent to the complaints service", must_be_past=True, allow_today=True)
    sent = text_field(
        "What was sent",
        max_length=MAX_SHORT_TEXT,
        help_text="What you sent or what the family sent, and how (email, online form, phone).",
    )
    reference = line_field("The complaints service's reference", max_length=100, help_text="If they have given one.")

    def submit(self, complaint: Complaint, *, by: Any) -> Complaint:
        data = self.cleaned_data
        return services.escalate(
            complaint,
            on=data["escalated_on"],
            sent=data["sent"],
            reference=data["reference"],
            expected_version=self.expected_version,
            by=by,
        )


class CloseForm(VersionedForm):
    closed_on = date_field("Date it was closed", must_be_past=True, allow_today=True)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text=OUTCOME_HINT,
        error_messages={"required": "Choose the outcome"},
    )
    note = text_field("Anything to add", max_length=MAX_SHORT_TEXT, required=False)

    def submit(self, complaint: Complaint, *, by: Any) -> Complaint:
        data = self.cleaned_data
        return services.close(
            complaint,
            on=data["closed_on"],
            outcome=data["outcome"],
            note=data["note"],
            expected_version=self.expected_version,
            by=by,
        )
