"""The submission form (about you, what you know, and rows of subjects, places, vehicles, phones and
online accounts) and the grading form. The rules are the service's (services.py); these forms parse."""

from datetime import date
from typing import Any, cast

from django import forms
from django.forms import formset_factory

from cepathway.ui.forms import GovukDateField, govuk_required_messages, required_when, reveal

from ..models import (
    HandlingCode,
    IntelligenceAssessment,
    PlaceKind,
    SourceEvaluation,
    SubjectKind,
    Submission,
    TriageOutcome,
)
from . import services

BLANK_ROWS = {"subjects": 2, "places": 1, "vehicles": 1, "phones": 1, "online_accounts": 1}
MAX_ROWS = 30


def _text(label: str, *, help_text: str = "", max_length: int = 200, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, max_length=max_length, required=required)


def _area(label: str, *, help_text: str = "", required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=required, widget=forms.Textarea(attrs={"rows": 3})
    )


class AboutForm(forms.Form):
    """Who they are (from their account; they may give another phone or email for this) and what they know."""

    submitter_name = _text("Your name", required=True)
    submitter_job_title = _text("Your job title")
    submitter_phone = _text("Phone number to contact you about this", max_length=40)
    submitter_email = forms.EmailField(label="Email address to contact you about this", required=False)
    happened_on = GovukDateField(
        label="When did it happen?",
        required=False,
        must_be_past=True,
        allow_today=True,
        help_text="If you know the date. For example, 27 3 2026.",
    )
    happened_when = _text(
        "When, in words", help_text="If you do not know the date: for example 'most Fridays since March'."
    )
    information = _area(
        "What do you know?", help_text="The facts: who, what, where. Keep opinion apart.", required=True
    )
    how_known = _area(
        "How do you know it?",
        help_text="Did you see it, were you told it (by whom, in general terms), or did you read it?",
        required=True,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "submitter_name": user.display_name,
                "submitter_job_title": user.job_title,
                "submitter_phone": user.phone,
                "submitter_email": user.email,
            },
        )
        super().__init__(*args, **kwargs)
        govuk_required_messages(self)
        self.fields["information"].error_messages["required"] = "Enter what you know"
        self.fields["how_known"].error_messages["required"] = "Enter how you know it"


class PartForm(forms.Form):
    """One row of a part; a row left blank is not saved."""

    def values(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


def _kind_choices(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "Choose"), *choices]


class SubjectForm(PartForm):
    kind = forms.ChoiceField(label="Who is this?", choices=_kind_choices(SubjectKind.choices), required=False)
    first_name = _text("First name", max_length=100)
    last_name = _text("Last name", max_length=100)
    aliases = _area("Aliases and nicknames", help_text="One on each line.")
    date_of_birth = GovukDateField(label="Date of birth", required=False, must_be_past=True)
    age_from = forms.IntegerField(label="Age from", min_value=0, max_value=120, required=False)
    age_to = forms.IntegerField(label="Age to", min_value=0, max_value=120, required=False)
    description = _area("Description", help_text="What they look like, what they wear, where they are seen.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("kind"):
            self.add_error("kind", "Select who this person is: a child, a vulnerable adult or a person of concern")
        named = any(data.get(name) for name in ("first_name", "last_name", "aliases", "description"))
        if not named:
            self.add_error("first_name", "Enter a name, a nickname or a description of the person")
        low, high = data.get("age_from"), data.get("age_to")
        if low is not None and high is not None and low > high:
            self.add_error("age_to", "Age to must be the same as or more than age from")
        self._check_age_fits_kind(data)
        return data

    def _check_age_fits_kind(self, data: dict[str, Any]) -> None:
        """A child is under 18 and a vulnerable adult 18 or over, by date of birth when given."""
        born, kind = data.get("date_of_birth"), data.get("kind")
        if born is None or kind not in (SubjectKind.CHILD, SubjectKind.VULNERABLE_ADULT):
            return
        today = date.today()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if kind == SubjectKind.CHILD and age >= 18:
            self.add_error("kind", "This person is 18 or over by their date of birth: choose vulnerable adult")
        if kind == SubjectKind.VULNERABLE_ADULT and age < 18:
            self.add_error("kind", "This person is under 18 by their date of birth: choose child")


class PlaceForm(PartForm):
    kind = forms.ChoiceField(label="Type of place", choices=_kind_choices(PlaceKind.choices), required=False)
    name = _text("Name of the place", help_text="The premises' name, if it has one.")
    address = _text("Address", max_length=300)
    postcode = _text("Postcode", max_length=10)
    description = _area("Description")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("name", "address", "postcode", "description")):
            self.add_error("address", "Enter an address, a postcode, a name or a description of the place")
        if not data.get("kind"):
            data["kind"] = PlaceKind.OTHER
        return data


class VehicleForm(PartForm):
    registration = _text("Registration", help_text="All of it or the part you know.", max_length=20)
    make = _text("Make", max_length=60)
    model = _text("Model", max_length=60)
    colour = _text("Colour", max_length=40)


class PhoneForm(PartForm):
    number = _text("Phone number", max_length=40)


class OnlineAccountForm(PartForm):
    platform = _text("Platform", help_text="For example Snapchat, Instagram, TikTok.", max_length=60)
    username = _text("Username", max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("username") and not data.get("platform"):
            self.add_error("platform", "Enter the platform the username is on")
        if data.get("platform") and not data.get("username"):
            self.add_error("username", "Enter the username")
        return data


PART_FORMS: dict[str, tuple[type[PartForm], str]] = {
    "subjects": (SubjectForm, "Person"),
    "places": (PlaceForm, "Place"),
    "vehicles": (VehicleForm, "Vehicle"),
    "phones": (PhoneForm, "Phone number"),
    "online_accounts": (OnlineAccountForm, "Online account"),
}


class SubmissionForms:
    """The whole submission page: the "About you and what you know" form and a formset per part.
    "Add another" (a button named `add` whose value names the part) shows one more blank row and
    saves nothing."""

    def __init__(self, data: Any, *, user: Any) -> None:
        self.user = user
        self.adding = ""
        if data is not None and data.get("add") in PART_FORMS:
            self.adding = data["add"]
            data = data.copy()
            key = f"{self.adding}-TOTAL_FORMS"
            data[key] = str(min(_int(data.get(key)) + 1, MAX_ROWS))
        self.about = AboutForm(data, user=user)
        self.parts = {
            name: formset_factory(form, extra=BLANK_ROWS[name], max_num=MAX_ROWS, absolute_max=MAX_ROWS)(
                data, prefix=name
            )
            for name, (form, _) in PART_FORMS.items()
        }

    @property
    def all_forms(self) -> list[forms.BaseForm]:
        return [self.about, *(form for formset in self.parts.values() for form in formset.forms)]

    def is_valid(self) -> bool:
        if self.adding:
            return False
        results = [self.about.is_valid(), *(formset.is_valid() for formset in self.parts.values())]
        return all(results)

    def sections(self) -> list[dict[str, Any]]:
        return [{"name": name, "label": label, "formset": self.parts[name]} for name, (_, label) in PART_FORMS.items()]

    def submit(self) -> Submission:
        details = {name: self.about.cleaned_data.get(name) for name in services.DETAIL_FIELDS}
        parts = services.Parts(
            **{
                name: [
                    cast(PartForm, form).values()
                    for form in formset.forms
                    if form.has_changed() and cast(PartForm, form).values()
                ]
                for name, formset in self.parts.items()
            }
        )
        return services.submit(self.user, details, parts)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- Grading ------------------------------------------------------------------------------------------


class GradingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    source_evaluation = forms.ChoiceField(
        label="Source evaluation", choices=SourceEvaluation.choices, widget=forms.RadioSelect
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment", choices=IntelligenceAssessment.choices, widget=forms.RadioSelect
    )
    handling = forms.ChoiceField(label="Handling code", choices=HandlingCode.choices, widget=forms.RadioSelect)
    handling_conditions = _area("Conditions of sharing")
    handling_readers = forms.ModelMultipleChoiceField(
        label="Who else may read it in full",
        queryset=services.User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The handlers the conditions name. You, as its handler, always may.",
    )
    sanitised_text = _area(
        "Sanitised version",
        help_text="What wider audiences read. It must never name or point to the source.",
        required=True,
    )
    outcome = forms.ChoiceField(label="Outcome", choices=TriageOutcome.choices, widget=forms.RadioSelect)
    outcome_note = _area("Note on the outcome", help_text="For example the crime desk's reference.")
    feedback_to_submitter = _area("What to tell the person who submitted it", help_text="They will see this.")
    reason = _area("Why are you changing it?")

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        kwargs.setdefault("initial", _initial(submission))
        super().__init__(*args, **kwargs)
        govuk_required_messages(self)
        self.submission = submission
        readers = cast(forms.ModelMultipleChoiceField, self.fields["handling_readers"])
        readers.queryset = services.possible_readers(submission).exclude(pk=submission.handler_id)
        readers.label_from_instance = lambda user: f"{user.display_name}, {user.get_role_display()}"  # type: ignore[method-assign,assignment]
        required_when(self.fields["handling_conditions"], "Needed for handling code C.")
        reveal(self, "handling", HandlingCode.C, "handling_conditions", "handling_readers")
        self.fields["sanitised_text"].error_messages["required"] = "Enter the sanitised version"
        if submission.is_graded:
            required_when(self.fields["reason"], "Needed to change a graded submission.")
        else:
            del self.fields["reason"]

    def submit(self, submission: Submission, *, by: Any) -> Submission:
        data = self.cleaned_data
        return services.grade(
            submission,
            by=by,
            version=data["version"],
            grading={name: data.get(name) for name in services.GRADING_FIELDS},
            readers=data.get("handling_readers") or [],
            reason=data.get("reason") or "",
        )


def _initial(submission: Submission) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(submission, name) for name in services.GRADING_FIELDS}
    initial["version"] = submission.version
    initial["handling_readers"] = list(submission.handling_readers.all()) if submission.is_graded else []
    return initial
