"""Pickers: choosing one or a few among many (a partnership's staff, thousands of people) without
drawing them all.

A picker field cleans its value against its whole queryset, so anyone eligible may be chosen, but
draws only a short list: the records already connected to what the form is about (`connected`),
the current value, and what a search found, at most `MATCHES_SHOWN` of them. Beside the list, a
"Search for someone else" box and a Find button resubmit the form without saving it (`find`); with
JavaScript, the list becomes a type-ahead that asks the field's `source` (a JSON address).
Subclasses say how a search matches (`matches`).
"""

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import ErrorDict

FIND = "picker-find"  # the name of every Find button; its value is the picker's name
MATCHES_SHOWN = 20


class PickerSelect(forms.Select):
    """A select of the field's short list only (drawn by ui/forms/fields/picker.html)."""

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        return _with_short_list(self, super().optgroups, name, value, attrs)


class PickerCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for the field's short list only (drawn by ui/forms/fields/picker_checkboxes.html)."""

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        return _with_short_list(self, super().optgroups, name, value, attrs)


def _with_short_list(widget: Any, draw: Callable[..., Any], *args: Any) -> Any:
    whole = widget.choices
    field = getattr(whole, "field", None)
    if not isinstance(field, Picker):
        return draw(*args)
    widget.choices = field.short_list(args[1])
    try:
        return draw(*args)
    finally:
        widget.choices = whole


class Picker:
    """What the single and the multiple picker share. Mixed into a ModelChoiceField."""

    queryset: Any
    empty_label: Any
    default_error_messages: ClassVar[dict[str, Any]] = {
        "invalid_choice": "That choice cannot be made here: search for someone else",
        "invalid_pk_value": "That choice cannot be made here: search for someone else",
    }
    source = ""  # the JSON address the type-ahead asks (?q=…), or "" for none
    search_label = "Search for someone else"
    search_hint = "Type part of their name, then choose Find."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connected: set[Any] = set()
        self.found: list[Any] = []
        self.more_found = False

    def matches(self, text: str) -> QuerySet[Any]:
        """The records of the queryset that a search for `text` finds, best first."""
        raise NotImplementedError

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)

    def find(self, text: str) -> None:
        rows = list(self.matches(text)[: MATCHES_SHOWN + 1])
        self.found, self.more_found = rows[:MATCHES_SHOWN], len(rows) > MATCHES_SHOWN

    def short_list(self, values: Iterable[Any]) -> list[tuple[str, str]]:
        """The choices drawn: the empty one, then the connected, the chosen and the found, in the queryset's order."""
        ids = set(self.connected) | {row.pk for row in self.found} | self._ids(values)
        rows = self.queryset.filter(pk__in=ids) if ids else []
        empty = [] if self.empty_label is None else [("", str(self.empty_label))]
        return empty + [(str(row.pk), self.label_from_instance(row)) for row in rows]

    def _ids(self, values: Iterable[Any]) -> set[Any]:
        pk = self.queryset.model._meta.pk
        ids = set()
        for value in values or ():
            try:
                ids.add(pk.to_python(value))
            except ValidationError:
                continue  # something typed by hand: nothing to show, cleaning refuses it
        return ids - {None, ""}


class PickerField(Picker, forms.ModelChoiceField):
    widget = PickerSelect


class PickerMultipleField(Picker, forms.ModelMultipleChoiceField):
    widget = PickerCheckboxes


def search_name(field: Any) -> str:
    """The name of a picker's search box in the submitted form."""
    return f"{field.html_name}-search"


def pickers(form: forms.BaseForm) -> list[Any]:
    return [form[name] for name, field in form.fields.items() if isinstance(field, Picker)]


def find(form: Any) -> bool:
    """When the form was sent with a Find button: search every picker whose box has text, put what
    each found in its list (or say nothing matched), and keep everything else as typed, unchecked
    and unsaved. False for any other submission, which the form handles as usual.

    A view whose form has a picker calls this before validating; `core.pages.submit` does."""
    if not form.is_bound or FIND not in form.data or not pickers(form):
        return False
    form.cleaned_data = {}
    form._errors = ErrorDict()  # nothing else is checked: only what the search says shows
    form.finding = True
    searched = [(picker, text) for picker in pickers(form) if (text := _search_text(form, picker))]
    if not searched:
        form.add_error(_asked(form).name, "Enter part of a name to search for")
    for picker, text in searched:
        picker.field.find(text)
        if not picker.field.found:
            form.add_error(picker.name, f"No one called ‘{text}’ can be chosen here: check the spelling")
    return True


def _search_text(form: Any, picker: Any) -> str:
    return str(form.data.get(search_name(picker), "")).strip()


def _asked(form: Any) -> Any:
    """The picker whose Find button was pressed (the first, when the button names none of them)."""
    return next((picker for picker in pickers(form) if picker.name == form.data.get(FIND)), pickers(form)[0])
