"""The NRM forms: each submits to its service, for the pages and the API alike."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from cepathway.meetings.forms import VersionedForm, date_field, line_field, text_field
from cepathway.people.models import User
from cepathway.people.pickers import PersonField
from cepathway.ui.forms import required_when

from . import services
from .models import MAX_LINE, MAX_TEXT, Decision, Exploitation, FirstResponderKind, NrmReferral
from .rules import RECORDERS


def _decision_field(label: str, required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class ReferralForm(forms.Form):
    first_responder_kind = forms.ChoiceField(
        label="Which kind of first responder organisation made the referral?",
        choices=FirstResponderKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of first responder organisation"},
    )
    first_responder_name = line_field(
        "Name of the first responder organisation",
        max_length=MAX_LINE,
        required=True,
        help_text="For example, the council's children's services or the police force.",
    )
    referred_on = date_field("Date of the referral", must_be_past=True, allow_today=True)
    referred_by = PersonField(
        queryset=User.objects.none(),
        label="Who made the referral?",
        required=False,
        empty_label="I did",
        help_text="Leave as 'I did' if you made it yourself.",
    )
    exploitation = forms.MultipleChoiceField(
        label="What exploitation is suspected?",
        choices=Exploitation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Choose the exploitation suspected"},
    )
    exploitation_detail = required_when(
        line_field("Other exploitation suspected", max_length=MAX_LINE), "Needed when other exploitation is chosen."
    )

    def __init__(self, *args: Any, partnership_id: Any, connected: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonField, self.fields["referred_by"]).choose_among(partnership_id, RECORDERS, connected=connected)

    def submit(self, child: Any, *, by: Any) -> NrmReferral:
        return services.make_referral(child, **self.cleaned_data, by=by)


class DecisionForm(VersionedForm):
    reasonable_grounds = _decision_field(
        "Reasonable grounds decision", "Choose the reasonable grounds decision, or awaited"
    )
    reasonable_grounds_on = required_when(
        date_field("Date of the reasonable grounds decision", required=False),
        "Needed once the decision is made.",
    )
    conclusive_grounds = _decision_field(
        "Conclusive grounds decision", "Choose the conclusive grounds decision, or awaited"
    )
    conclusive_grounds_on = required_when(
        date_field("Date of the conclusive grounds decision", required=False),
        "Needed once the decision is made, which is only after a positive reasonable grounds decision.",
    )
    reconsideration_requested_on = date_field(
        "Date a reconsideration was asked for",
        required=False,
        help_text="Only after a negative decision, if one was asked for. For example, 27 3 2026",
    )

    def submit(self, referral: NrmReferral, *, by: Any) -> list[str]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return services.record_decisions(referral, **data, expected_version=self.expected_version, by=by)


class GuardianForm(VersionedForm):
    guardian_name = line_field("Guardian's name", max_length=MAX_LINE)
    guardian_organisation = line_field("Guardian's organisation", max_length=MAX_LINE)
    guardian_allocated_on = date_field("Date the guardian was allocated", required=False)

    def submit(self, referral: NrmReferral, *, by: Any) -> list[str]:
        data = dict(self.cleaned_data)
        data.pop("version")
        return services.record_guardian(referral, **data, expected_version=self.expected_version, by=by)


class OutcomeForm(VersionedForm):
    outcome = text_field("Outcome and notes", max_length=MAX_TEXT, required=False)
    closed_on = date_field(
        "Date the referral was closed",
        required=False,
        help_text="Leave empty while the partnership still follows the referral. For example, 27 3 2026",
    )

    def submit(self, referral: NrmReferral, *, by: Any) -> list[str]:
        data = self.cleaned_data
        return services.record_outcome(
            referral,
            outcome=data["outcome"],
            closed_on=data["closed_on"],
            expected_version=self.expected_version,
            by=by,
        )


def decision_initial(referral: NrmReferral) -> dict[str, Any]:
    return {name: getattr(referral, name) for name in (*services.DECISION_FIELDS, "version")}


def guardian_initial(referral: NrmReferral) -> dict[str, Any]:
    return {name: getattr(referral, name) for name in (*services.GUARDIAN_FIELDS, "version")}


def outcome_initial(referral: NrmReferral) -> dict[str, Any]:
    return {name: getattr(referral, name) for name in (*services.OUTCOME_FIELDS, "version")}
