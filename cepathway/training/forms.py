"""The forms: they check what a person typed, with messages a professional understands, and
`submit(record, *, by)` hands it to the service. Pages and the API use the same forms."""

from typing import Any

from django import forms

from cepathway.people.models import User
from cepathway.people.pickers import PersonField
from cepathway.ui.forms import GovukDateField, govuk_required_messages

from . import services
from .models import MAX_LINE, MAX_TEXT, Level

DATE_HINT = "For example, 27 3 2026"


def _line(label: str, *, max_length: int = MAX_LINE, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer"},
        **kwargs,
    )


class TrainingForm(forms.Form):
    """Record a completion (no `version`), or correct one (with the version it was read at)."""

    level = forms.ChoiceField(
        label="Which training?",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which training", "invalid_choice": "Choose Level 1 or Level 2"},
    )
    completed_on = GovukDateField(
        label="Date completed",
        error_label="Date completed",
        must_be_past=True,
        allow_today=True,
        help_text=DATE_HINT,
    )
    provider = _line(
        "Course or provider (optional)",
        help_text="For example, the partnership's eLearning, or the session you attended and who ran it",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if not correcting:
            del self.fields["version"]
        else:
            self.fields["version"].required = True
        govuk_required_messages(self)

    def submit(self, record: Any, *, by: Any) -> Any:
        """`record`: the person whose completion this is, or (correcting) the training record."""
        data = self.cleaned_data
        values = {"level": data["level"], "completed_on": data["completed_on"], "provider": data["provider"]}
        if self.correcting:
            return services.correct_training(record, **values, version=data["version"], by=by)
        return services.record_training(record, **values, by=by)


class ChampionFields(forms.Form):
    """What is said about a champion, when appointing them and after."""

    since = GovukDateField(label="Champion since", error_label="Champion since", help_text=DATE_HINT)
    contact_email = forms.EmailField(
        label="Email for champion enquiries (optional)",
        required=False,
        max_length=254,
        help_text="Leave empty to use their own email address",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    contact_phone = _line(
        "Phone for champion enquiries (optional)", max_length=40, help_text="Leave empty to use their own"
    )
    contact_notes = _line("How best to reach them (optional)", help_text="For example, which days they work")
    extra_training = forms.CharField(
        label="Champion sessions and extra training attended (optional)",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line, with the date: for example, CE champions session, 12 3 2026",
        error_messages={"max_length": f"This must be {MAX_TEXT:,} characters or fewer"},
    )


class AppointChampionForm(ChampionFields):
    person = PersonField(
        queryset=User.objects.none(),
        label="Who is the champion?",
        empty_label="Choose a person",
        error_messages={"required": "Choose the person who is the champion"},
        help_text="They are the champion for their own organisation.",
    )

    field_order = ["person", "since", "contact_email", "contact_phone", "contact_notes", "extra_training"]

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choose_among(partnership_id)  # type: ignore[attr-defined]
        govuk_required_messages(self)

    def submit(self, record: Any, *, by: Any) -> Any:
        data = dict(self.cleaned_data)
        person = data.pop("person")
        return services.appoint_champion(person, **data, by=by)


class ChangeChampionForm(ChampionFields):
    until = GovukDateField(
        label="Stopped being champion on (optional)",
        error_label="The date they stopped",
        required=False,
        help_text="Fill this in when they stop: they are then no longer shown as a champion. " + DATE_HINT,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    field_order = ["since", "until", "contact_email", "contact_phone", "contact_notes", "extra_training"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_required_messages(self)

    def submit(self, record: Any, *, by: Any) -> Any:
        return services.change_champion(record, **self.cleaned_data, by=by)
