"""Forms of the registers' pages, shared with the API (which validates its payloads with them).
Each form's `submit(record, *, by)` calls the service that does the work."""

from typing import Any

from django import forms

from cepathway.intelligence.models import (
    ConcernStatus,
    DisruptionTactic,
    MatchVerdict,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceOfConcern,
    VehicleOfConcern,
)
from cepathway.ui.forms import GovukDateField, govuk_required_messages

from . import decisions, disruption, records, tactics

DATE_HINT = "For example, 27 3 2026"
DESCRIPTION_HELP = "Sanitised: what wider audiences may read. Never name or hint at who gave the information."

FIELDS: dict[Any, list[str]] = {
    PersonOfConcern: ["first_name", "last_name", "aliases", "date_of_birth", "age_from", "age_to", "description"],
    PlaceOfConcern: ["kind", "name", "address", "postcode", "description"],
    VehicleOfConcern: ["registration", "make", "model", "colour", "description"],
    PhoneOfConcern: ["number", "description"],
}


class RecordForm(forms.ModelForm):
    """Create or change a register record; a change carries the version the handler opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "date_of_birth" in self.fields:
            self.fields["date_of_birth"] = GovukDateField(
                label="Date of birth", required=False, must_be_past=True, help_text=DATE_HINT
            )
            if self.instance.date_of_birth:
                self.initial["date_of_birth"] = self.instance.date_of_birth
        self.fields["description"].help_text = DESCRIPTION_HELP
        govuk_required_messages(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("age_from"), cleaned.get("age_to")
        if low is not None and high is not None and low > high:
            self.add_error("age_to", "The oldest age must be the same as or more than the youngest")
        if isinstance(self.instance, PersonOfConcern) and not any(
            cleaned.get(name) for name in ("first_name", "last_name", "aliases")
        ):
            self.add_error("first_name", "Enter a name, part of a name or an alias")
        return cleaned

    def submit(self, record: Any, *, by: Any) -> Any:
        record = self.save(commit=False)
        if record._state.adding:
            return records.create_record(record, by=by)
        return records.save_record(record, list(self.changed_data), self.cleaned_data["version"] or 0, by=by)


def record_form(model: Any) -> type[RecordForm]:
    labels = {"age_from": "Youngest age it could be", "age_to": "Oldest age it could be", "kind": "Type of place"}
    meta = type("Meta", (), {"model": model, "fields": FIELDS[model], "labels": labels})
    return type(f"{model.__name__}Form", (RecordForm,), {"Meta": meta})


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ConcernStatus.choices, widget=forms.RadioSelect, label="Status")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Why (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_required_messages(self)

    def submit(self, record: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        return records.change_status(record, data["status"], data["version"], by=by, reason=data["reason"])


class DecisionForm(forms.Form):
    """The handler's verdict on one candidate."""

    candidate = forms.UUIDField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=MatchVerdict.choices)

    def __init__(self, *args: Any, user: Any, part_kind: decisions.PartKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.part_kind = user, part_kind
        govuk_required_messages(self)

    def clean_candidate(self) -> Any:
        model = records.REGISTER_MODELS[self.part_kind.kind]
        found = records.register_rows(self.user, model).filter(pk=self.cleaned_data["candidate"]).first()
        if found is None:
            raise forms.ValidationError("Choose one of the records proposed")
        return found

    def submit(self, part: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        return decisions.decide(part, self.part_kind, data["candidate"], data["verdict"], by=by)


class MergeForm(forms.Form):
    into = forms.UUIDField(label="Merge into")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why these are the same")

    def __init__(self, *args: Any, user: Any, model: type, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.model = user, model
        govuk_required_messages(self)

    def clean_into(self) -> Any:
        found = records.register_rows(self.user, self.model).filter(pk=self.cleaned_data["into"]).first()
        if found is None:
            raise forms.ValidationError("Choose a record of this register to merge into")
        return found

    def submit(self, record: Any, *, by: Any) -> Any:
        return decisions.merge(record, self.cleaned_data["into"], by=by, reason=self.cleaned_data["reason"])


class DisruptionForm(forms.Form):
    tactic = forms.ModelChoiceField(queryset=DisruptionTactic.objects.none(), label="Tactic", empty_label=None)
    by_whom = forms.CharField(max_length=200, label="Who is taking it", help_text="An officer, a team or an agency.")
    started_on = GovukDateField(label="When it started", must_be_past=True, allow_today=True, help_text=DATE_HINT)
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Outcome so far")
    review_on = GovukDateField(label="Review date", required=False, help_text=DATE_HINT)

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tactics = disruption.tactics_for(partnership)
        field: Any = self.fields["tactic"]
        field.queryset = DisruptionTactic.objects.filter(pk__in=[tactic.pk for tactic in tactics]).order_by(
            "order", "name"
        )
        field.widget = forms.RadioSelect()
        field.widget.choices = field.choices
        govuk_required_messages(self)

    def submit(self, record: Any, *, by: Any) -> Any:
        return disruption.record_disruption(record, **self.cleaned_data, by=by)


class TacticForm(forms.Form):
    """Add a disruption tactic (no `version`), or change one (with the version it was read at)."""

    name = forms.CharField(max_length=200, label="Name of the tactic")
    order = forms.IntegerField(
        min_value=0, max_value=32000, initial=100, label="Position in the list",
        help_text="Tactics are listed from the lowest number to the highest.",
    )  # fmt: skip
    in_use = forms.BooleanField(
        required=False, initial=True, label="In use: handlers can choose it when they record a disruption"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, adding: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adding:
            del self.fields["in_use"], self.fields["version"]
        govuk_required_messages(self)

    def submit(self, record: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        if "version" not in self.fields:
            return tactics.add_tactic(record, name=data["name"], order=data["order"], by=by)
        return tactics.change_tactic(
            record, name=data["name"], order=data["order"], in_use=data["in_use"], version=data["version"] or 0, by=by
        )
