"""Forms of this part: what may be shared with a child's family. Each submits to its service
(cepathway.intelligence.around_child.sharing); pages and the API use the same forms."""

from typing import Any

from django import forms

from cepathway.meetings.forms import VersionedForm
from cepathway.meetings.models import MAX_TEXT

from ..models import PersonOfConcern, PlaceOfConcern
from . import sharing

MAX_WITH_WHOM = 200


def _text(label: str, missing: str, *, required: bool = True, rows: int = 5, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing, "max_length": f"{label} must be {MAX_TEXT:,} characters or fewer"},
        **kwargs,
    )


class SharingForm(forms.Form):
    what = _text(
        "What may be shared with the family",
        "Enter what may be shared with the family",
        help_text="In the words the family will hear. Never say who gave the information or how it is known.",
    )
    with_whom = forms.CharField(
        label="Who it may be shared with",
        max_length=MAX_WITH_WHOM,
        help_text="For example, mother and stepfather",
        error_messages={
            "required": "Enter who it may be shared with",
            "max_length": f"Who it may be shared with must be {MAX_WITH_WHOM} characters or fewer",
        },
    )
    why = _text("Why it may be shared", "Enter why it may be shared", rows=3)
    handling_conditions = _text(
        "Handling conditions that allow it",
        "",
        required=False,
        rows=3,
        help_text="The conditions the information was graded with, or how it must be shared (say, in person only)",
    )
    person = forms.ModelChoiceField(
        label="Is it about a person of concern?",
        queryset=PersonOfConcern.objects.none(),
        required=False,
        empty_label="Not about one person",
    )
    place = forms.ModelChoiceField(
        label="Is it about a place of concern?",
        queryset=PlaceOfConcern.objects.none(),
        required=False,
        empty_label="Not about one place",
    )

    def __init__(self, *args: Any, child: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        place = self.fields["place"]
        assert isinstance(person, forms.ModelChoiceField) and isinstance(place, forms.ModelChoiceField)
        person.queryset = sharing.linked_records(PersonOfConcern, child, user)
        place.queryset = sharing.linked_records(PlaceOfConcern, child, user)

    def fields_to_save(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("what", "with_whom", "why", "handling_conditions", "person", "place")
        }

    def submit(self, child: Any, *, by: Any) -> Any:
        return sharing.record(child, by=by, **self.fields_to_save())


class SharingChangeForm(VersionedForm, SharingForm):
    def submit(self, decision: Any, *, by: Any) -> Any:
        return sharing.change(decision, by=by, expected_version=self.expected_version, **self.fields_to_save())


class WithdrawForm(VersionedForm):
    def submit(self, decision: Any, *, by: Any) -> Any:
        return sharing.withdraw(decision, by=by, expected_version=self.expected_version)
