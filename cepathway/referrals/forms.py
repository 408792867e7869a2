"""Forms for the contact form, checklist, hub assessment, consultation and decision.

The API feeds its payloads through these same forms, so a professional gets the same message
whichever way they work.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone

from cepathway.children.models import CEStatus, Child
from cepathway.ui.forms import GovukDateField, govuk_required_messages, required_when, reveal

from . import services
from .models import (
    CEType,
    ChecklistCategory,
    Decision,
    Evidence,
    Indicator,
    LegalBasis,
    ProtectiveFactor,
    Recency,
    Referral,
)

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
ADULTHOOD = 18

ANSWER_CHOICES = [
    ("", "Not a concern"),
    (f"{Recency.CURRENT}:{Evidence.EVIDENCED}", "Yes, current – evidenced"),
    (f"{Recency.CURRENT}:{Evidence.SUSPECTED}", "Yes, current – suspected"),
    (f"{Recency.PAST}:{Evidence.EVIDENCED}", "Yes, in the past 3 to 6 months – evidenced"),
    (f"{Recency.PAST}:{Evidence.SUSPECTED}", "Yes, in the past 3 to 6 months – suspected"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
# What "Harm" and the score mean, wherever the checklist is shown.
HARM_MEANING = "A sign that the child has already been harmed, not only a risk: it counts for more."


def without_blank(choices: Any) -> list[tuple[str, str]]:
    return [(value, label) for value, label in choices if value != ""]


def checklist_indicators(partnership: Any) -> list[Indicator]:
    """The questions on the partnership's current checklist."""
    return list(Indicator.objects.filter(category__partnership=partnership, active=True).select_related("category"))


@dataclass(frozen=True)
class ChecklistGroup:
    """One category of the checklist on a form: its questions (bound fields), how many are answered."""

    category: ChecklistCategory
    fields: list[Any]

    @property
    def answered(self) -> int:
        return sum(1 for field in self.fields if field.value())

    @property
    def open(self) -> bool:
        """Shown open from the start: something in it is answered or wrong."""
        return any(field.value() or field.errors for field in self.fields)


class ChecklistFieldsMixin:
    """Adds one question per active indicator, and the protective factors, to a form."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_checklist(self, partnership: Any) -> None:
        self.indicators = checklist_indicators(partnership)
        for indicator in self.indicators:
            # Radios, not a drop-down: five short answers, all visible at once (posted values are the same).
            self.fields[f"indicator_{indicator.pk}"] = forms.ChoiceField(
                label=indicator.text,
                help_text=indicator.help_text,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
            )
        self.factors = list(ProtectiveFactor.objects.filter(partnership=partnership, active=True))
        self.fields["protective_factors"] = forms.MultipleChoiceField(
            label="Protective factors: what is working well for this child",
            help_text="Select all that apply.",
            choices=[(str(factor.pk), factor.text) for factor in self.factors],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )

    def checklist_groups(self) -> list["ChecklistGroup"]:
        """The questions by category, in the checklist's order (the order the page and its errors follow)."""
        groups: dict[Any, list[Any]] = {}
        for indicator in self.indicators:
            groups.setdefault(indicator.category, []).append(self[f"indicator_{indicator.pk}"])  # type: ignore[index]
        return [ChecklistGroup(category, fields) for category, fields in groups.items()]

    def checklist_field_names(self) -> list[str]:
        return [f"indicator_{indicator.pk}" for indicator in self.indicators]

    def checklist_return(self) -> services.ChecklistReturn:
        answers = []
        for indicator in self.indicators:
            value = self.cleaned_data.get(f"indicator_{indicator.pk}")
            if value:
                recency, evidence = value.split(":")
                answers.append(services.ChecklistAnswer(indicator, recency, evidence))
        chosen = set(self.cleaned_data.get("protective_factors") or [])
        return services.ChecklistReturn(answers, [factor for factor in self.factors if str(factor.pk) in chosen])


def _model_fields(model: Any, names: tuple[str, ...]) -> dict[str, forms.Field]:
    return dict(fields_for_model(model, fields=list(names)))


def _dob_field() -> GovukDateField:
    return GovukDateField(label="Date of birth", must_be_past=True)


# The contact form's fields in the order its page shows them (the checklist goes where "checklist" is).
CONTACT_PAGE_ORDER = (
    "referrer_phone",
    *services.CHILD_FIELDS,
    "parent_name",
    "parent_relationship",
    "parent_phone",
    "parent_aware",
    "concern",
    "ce_types",
    "checklist",
    "protective_factors",
    "legal_basis",
    "consent_not_sought_reason",
    "urgency",
    "not_in_immediate_danger",
)


class ContactForm(ChecklistFieldsMixin, forms.Form):
    """The single contact form, with the CE vulnerability checklist."""

    not_in_immediate_danger = forms.BooleanField(
        label="The child is not in immediate danger",
        help_text="If a child is in immediate danger, call 999 now, then the safeguarding hub's urgent line.",
        error_messages={
            "required": "Confirm the child is not in immediate danger. If they are, call 999 and the hub now"
        },
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(Child, services.CHILD_FIELDS))
        self.fields["date_of_birth"] = _dob_field()
        self.fields.update(_model_fields(Referral, services.CONTACT_FIELDS))
        self.fields["ce_types"] = forms.MultipleChoiceField(
            label="Which kinds of exploitation are you worried about?",
            help_text="Select all that apply, or none if you are not sure.",
            choices=CEType.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        for name in ("sex", "ethnicity", "parent_aware", "urgency", "legal_basis"):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = without_blank(field.choices)
            if name != "ethnicity":
                field.widget = forms.RadioSelect(choices=field.choices)
        self.fields["referrer_phone"].label = "Your phone number"
        self.fields["referrer_phone"].help_text = "So the hub can call you about this referral."
        self.fields["concern"].label = "What are you worried about?"
        self.fields["concern"].help_text = "What you have seen or been told, when, and by whom. Facts first."
        self.fields["open_to_childrens_services"].label = "Open to children's services"
        self.fields["consent_not_sought_reason"].label = "Why consent was not sought"
        required_when(self.fields["consent_not_sought_reason"], "Needed when you share without consent.")
        reveal(self, "legal_basis", LegalBasis.SAFEGUARDING, "consent_not_sought_reason")
        self.add_checklist(partnership)
        checklist = self.checklist_field_names()
        page = [checklist if part == "checklist" else [part] for part in CONTACT_PAGE_ORDER]
        self.order_fields([name for names in page for name in names])
        self._require("first_name", "last_name", "concern")
        self._messages(
            first_name="Enter the child's first name",
            last_name="Enter the child's last name",
            concern="Enter what you are worried about",
            legal_basis="Select the basis for sharing this information",
            sex="Select the child's sex, or not known",
            ethnicity="Select the child's ethnicity, or not known",
            parent_aware="Select whether the parent or carer knows about this referral",
            urgency="Select how urgent this is",
        )
        govuk_required_messages(self)

    def _messages(self, **required: str) -> None:
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message

    def _require(self, *names: str) -> None:
        for name in names:
            self.fields[name].required = True

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age >= ADULTHOOD:
            raise forms.ValidationError("Date of birth must be for a child under 18")
        return born

    def clean_postcode(self) -> str:
        postcode = (self.cleaned_data.get("postcode") or "").strip().upper()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like CA1 1AA")
        return postcode

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("legal_basis") == LegalBasis.SAFEGUARDING and not data.get("consent_not_sought_reason", "").strip():
            self.add_error("consent_not_sought_reason", "Enter why consent was not sought")
        return data

    def child_details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.CHILD_FIELDS}

    def contact(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.CONTACT_FIELDS}

    def submit(self, link_to: Any, *, by: Any) -> Any:
        """Send the contact form: about `link_to` (a child the referrer linked), or a new child."""
        return services.submit_contact(
            by=by,
            child_details=self.child_details(),
            contact=self.contact(),
            answers=self.checklist_return(),
            link_to=link_to,
        )


def match_field(matches: list[Any], *, label: str) -> forms.ChoiceField:
    choices = [
        (str(match.child.pk), f"{match.child.full_name}, born {match.child.date_of_birth:%-d %B %Y}")
        for match in matches
    ]
    choices.append(("new", "None of these: this is a different child"))
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child this is about, or say it is a different child"},
    )


class MatchForm(forms.Form):
    """Offered when a child like this one is already known: link, never silently duplicate."""

    def __init__(self, *args: Any, matches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches = matches
        self.fields["match"] = match_field(matches, label="Is this one of these children we already know?")

    def chosen_child(self) -> Child | None:
        chosen = self.cleaned_data["match"]
        return next((m.child for m in self.matches if str(m.child.pk) == chosen), None)


class HubAssessmentForm(forms.Form):
    ce_concern = forms.ChoiceField(
        label="Is child exploitation a concern?",
        help_text="Yes puts the referral in front of CERAR for a decision.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if child exploitation is a concern"},
    )
    assessment = forms.CharField(
        label="Multi-agency assessment",
        max_length=10_000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the hub's assessment"},
    )
    agencies_consulted = forms.CharField(
        label="Agencies consulted", max_length=500, required=False, help_text="For example: school, GP, police."
    )
    # Needed only when the answer is No: drawn under "No" (GOV.UK conditional reveal), checked in clean().
    end_reason = required_when(
        forms.CharField(label="Why the pathway ends", max_length=2000, required=False), "Needed when the answer is No."
    )
    advice_given = required_when(
        forms.CharField(
            label="Advice for the referrer",
            help_text="The referrer is sent this. Do not include details they are not entitled to.",
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        "Needed when the answer is No.",
    )
    rationale = forms.CharField(
        label="Why child exploitation is not a concern",
        help_text="The referrer is not sent this.",
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["match", "assessment", "agencies_consulted", "ce_concern", "end_reason", "advice_given", "rationale"]

    def __init__(self, *args: Any, matches: list[Any], referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches = matches
        self.referral = referral
        if matches:
            self.fields["match"] = match_field(matches, label="Is this a child we already know?")
        suggested = CEStatus(referral.suggested_level or CEStatus.NONE).label
        required_when(
            self.fields["rationale"],
            f"Needed when the answer is No and the checklist suggests Medium or High (it suggests {suggested}).",
        )
        reveal(self, "ce_concern", "no", "end_reason", "advice_given", "rationale")
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        concern = {"yes": True, "no": False}.get(data.get("ce_concern") or "")
        # The suggestion is the one for the record the referral will be about once linked.
        suggested = services.suggested_level_about(self.referral, self.chosen_child())
        for name, message in services.hub_assessment_problems(suggested, {**data, "ce_concern": concern}).items():
            self.add_error(name, message)
        return data

    def chosen_child(self) -> Child | None:
        chosen = self.cleaned_data.get("match")
        return next((m.child for m in self.matches if str(m.child.pk) == chosen), None)

    def submit(self, referral: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        return services.record_hub_assessment(
            referral,
            by=by,
            link_to=self.chosen_child(),
            assessment=data["assessment"],
            agencies_consulted=data["agencies_consulted"],
            ce_concern=data["ce_concern"] == "yes",
            end_reason=data["end_reason"],
            advice_given=data["advice_given"],
            rationale=data["rationale"],
        )


class ConsultationRequestForm(ChecklistFieldsMixin, forms.Form):
    reason = forms.CharField(
        label="What do you want to discuss with CERAR?",
        max_length=10_000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what you want to discuss"},
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_checklist(partnership)


class ConsultationForm(forms.Form):
    notes = forms.CharField(
        label="Consultation notes",
        max_length=10_000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what was discussed"},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the pathway ends or a Level 1 meeting is held"},
    )
    judged_level = forms.ChoiceField(
        label="Your judgement of the level of concern",
        help_text="Compare with the checklist's suggestion above. If you differ, say why.",
        choices=CEStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your judgement of the level of concern"},
    )
    rationale = forms.CharField(label="Rationale", max_length=10_000, required=False, widget=forms.Textarea)
    end_reason = required_when(
        forms.CharField(label="Why the pathway ends", max_length=2000, required=False),
        "Needed when the pathway ends.",
    )
    advice_given = required_when(
        forms.CharField(
            label="Advice for the referrer",
            help_text="The referrer is sent this. Do not include details they are not entitled to.",
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        "Needed when the pathway ends.",
    )
    # The order the page shows them in, so that the error summary follows it.
    field_order = ["judged_level", "rationale", "decision", "end_reason", "advice_given"]

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral
        suggested = CEStatus(referral.suggested_level or CEStatus.NONE).label
        required_when(
            self.fields["rationale"],
            f"Needed when your judgement differs from the checklist's suggestion ({suggested}).",
        )
        reveal(self, "decision", Decision.END, "end_reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in services.decision_problems(self.referral, data).items():
            self.add_error(name, message)
        return data
