"""The GOV.UK form layer: a renderer that draws every field as a GOV.UK form group, and a GOV.UK date field.

`{{ form }}` and `{{ form.name.as_field_group }}` use the templates in templates/ui/forms/. Each field template
reads a FieldView, which works out the ids, classes and aria-describedby for one bound field, so that the
templates stay plain HTML.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from .pickers import FIND, PickerCheckboxes, PickerSelect, search_name

DATE_PARTS = ("day", "month", "year")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# GOV.UK asks services to accept month names as well as numbers: "March" and "mar" both mean 3.
MONTH_NAMES = {name: number for number, month in enumerate(MONTHS, start=1) for name in (month, month[:3])}
# The GOV.UK class of each kind of text control; "--error" is added to it when the field has an error.
CONTROL_CLASSES = {
    "input": "govuk-input",
    "file": "govuk-file-upload",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "picker": "govuk-select",
}


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "ui/forms/form.html"
    field_template_name = "ui/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes. Drawn by ui/forms/fields/date.html; submitted as name_day, name_month, name_year."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        parts: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS
        }
        super().__init__(parts, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed into day, month and year boxes, with GOV.UK's error messages.

    Messages name the field by `error_label` (else `label`, else "Date"), as in "Date of birth must be a real
    date". Each error records which parts are wrong, so that only those boxes are marked and the error summary
    links to the first of them.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter %(noun)s",
        "incomplete": "%(label)s must include a %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year_digits": "Year must include 4 numbers",
        "past": "%(label)s must be in the past",
        "past_or_today": "%(label)s must be today or in the past",
        "future": "%(label)s must be in the future",
        "future_or_today": "%(label)s must be today or in the future",
        "min": "%(label)s must be the same as or after %(min)s",
        "max": "%(label)s must be the same as or before %(max)s",
        "between": "%(label)s must be between %(min)s and %(max)s",
    }

    def __init__(
        self,
        *,
        must_be_past: bool = False,
        must_be_future: bool = False,
        allow_today: bool = False,
        min_date: dt.date | None = None,
        max_date: dt.date | None = None,
        error_label: str = "",
        **kwargs: Any,
    ) -> None:
        parts = tuple(forms.CharField(required=False) for _ in DATE_PARTS)
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        self.must_be_past = must_be_past
        self.must_be_future = must_be_future
        self.allow_today = allow_today
        self.min_date = min_date
        self.max_date = max_date
        self.error_label = error_label or str(self.label or "Date")

    def clean(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):  # a disabled field is cleaned from its initial value
            return value
        parts = value if isinstance(value, list | tuple) and len(value) == 3 else [None] * 3
        day, month, year = (str(part).strip() if part is not None else "" for part in parts)
        if not (day or month or year):
            if self.required:
                raise self._error("required", DATE_PARTS)
            return None
        missing = [part for part, text in zip(DATE_PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("incomplete", missing, missing=" and ".join(missing))
        date = self._parse(day, month, year)
        self._check_range(date)
        self.run_validators(date)
        return date

    def compress(self, data_list: list[Any]) -> Any:
        raise NotImplementedError("GovukDateField.clean() does the work")  # clean() never calls it

    def _parse(self, day: str, month: str, year: str) -> dt.date:
        day_number, month_number, year_number = _number(day), _month_number(month), _number(year)
        wrong = [
            part
            for part, number, top in (("day", day_number, 31), ("month", month_number, 12), ("year", year_number, 9999))
            if number is None or not 1 <= number <= top
        ]
        if wrong:
            raise self._error("invalid", wrong)
        if len(year) != 4:
            raise self._error("year_digits", ["year"])
        try:
            return dt.date(year_number, month_number, day_number)  # type: ignore[arg-type]
        except ValueError:  # a day the month does not have, such as 31 February
            raise self._error("invalid", ["day"]) from None

    def _check_range(self, date: dt.date) -> None:
        today = timezone.localdate()
        if self.must_be_past and (date > today if self.allow_today else date >= today):
            raise self._error("past_or_today" if self.allow_today else "past", DATE_PARTS)
        if self.must_be_future and (date < today if self.allow_today else date <= today):
            raise self._error("future_or_today" if self.allow_today else "future", DATE_PARTS)
        too_early = self.min_date is not None and date < self.min_date
        too_late = self.max_date is not None and date > self.max_date
        if (too_early or too_late) and self.min_date and self.max_date:
            raise self._error("between", DATE_PARTS)
        if too_early:
            raise self._error("min", DATE_PARTS)
        if too_late:
            raise self._error("max", DATE_PARTS)

    def _error(self, code: str, parts: Any, **params: str) -> ValidationError:
        label = self.error_label
        noun = label if label[:2].isupper() else label[:1].lower() + label[1:]
        params |= {"label": label, "noun": noun, "min": _long_date(self.min_date), "max": _long_date(self.max_date)}
        return ValidationError(self.error_messages[code], code=code, params={**params, "parts": tuple(parts)})


# Which field template draws a widget: the first match wins, so subclasses come before their parents.
WIDGET_KINDS: list[tuple[type[forms.Widget], str]] = [
    (GovukDateWidget, "date"),
    (PickerSelect, "picker"),
    (PickerCheckboxes, "picker_checkboxes"),
    (forms.CheckboxSelectMultiple, "checkboxes"),  # a subclass of RadioSelect
    (forms.RadioSelect, "radios"),
    (forms.CheckboxInput, "checkbox"),
    (forms.Textarea, "textarea"),
    (forms.Select, "select"),
    (forms.FileInput, "file"),
    (widgets.Input, "input"),
]


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _month_number(text: str) -> int | None:
    return _number(text) or MONTH_NAMES.get(text.lower())


def _long_date(date: dt.date | None) -> str:
    return dateformat.format(date, "j F Y") if date else ""


def required_when(field: forms.Field, when: str) -> forms.Field:
    """Mark a field the form requires only on another answer (the form or its service checks it).

    Its label does not say "(optional)", which would be untrue, and its hint starts with `when`
    ("Needed when …"), so the page says when it is needed with or without JavaScript.
    """
    field.required_when = when  # type: ignore[attr-defined]
    field.help_text = f"{when} {field.help_text}".strip() if field.help_text else when
    return field


def reveal(form: forms.BaseForm, radios: str, value: str, *names: str) -> None:
    """GOV.UK conditional reveal: draw the fields `names` inside option `value` of the radios `radios`.

    Without JavaScript they show under the option; with it they show when the option is chosen. A
    page that draws fields one by one draws the radios only; `{{ form }}` leaves the revealed fields
    out of the top level. Put the revealed fields straight after the radios in the form's field order,
    so that the error summary lists them where they are on the page.
    """
    reveals: dict[str, dict[str, list[str]]] = form.__dict__.setdefault("reveals", {})
    reveals.setdefault(radios, {}).setdefault(value, []).extend(names)


def revealed_names(form: forms.BaseForm) -> set[str]:
    """The fields drawn inside another field's options."""
    reveals: dict[str, dict[str, list[str]]] = getattr(form, "reveals", {})
    return {name for by_value in reveals.values() for names in by_value.values() for name in names}


def page_order(form: forms.BaseForm) -> list[BoundField]:
    """The form's visible fields in the order a page shows them: each revealed field straight after
    the radios that reveal it (option by option), the others in the form's field order."""
    reveals: dict[str, dict[str, list[str]]] = getattr(form, "reveals", {})
    inside = revealed_names(form)
    ordered: list[BoundField] = []
    for field in form.visible_fields():
        if field.name in inside:
            continue
        ordered.append(field)
        ordered += [form[name] for names in reveals.get(field.name, {}).values() for name in names]
    ordered += [field for field in form.visible_fields() if field not in ordered]
    return ordered


@dataclass(frozen=True)
class Option:
    """One radio or checkbox, and the fields it reveals (GOV.UK conditional reveal)."""

    id: str
    name: str
    value: str
    label: str
    checked: bool
    reveals: tuple[BoundField, ...] = ()

    @property
    def conditional_id(self) -> str:
        return f"conditional-{self.id}"


@dataclass(frozen=True)
class DatePart:
    """One box of a date input."""

    key: str
    id: str
    name: str
    value: str
    has_error: bool

    @property
    def label(self) -> str:
        return self.key.capitalize()

    @property
    def width(self) -> int:
        return 4 if self.key == "year" else 2


class FieldView:
    """What a GOV.UK field template needs to know about one bound field.

    Ids follow GOV.UK Frontend: the hint is `<id>-hint`, the error `<id>-error`, the first radio or checkbox takes
    the field's id and the others `<id>-2`, `<id>-3`, and the date boxes `<id>-day`, `<id>-month`, `<id>-year`.
    """

    def __init__(self, field: BoundField, size: str = "") -> None:
        self.field = field
        self.size = size  # "s", "m", "l" or "xl": the GOV.UK label or legend size; plain when empty

    @cached_property
    def kind(self) -> str:
        widget = self.field.field.widget
        if widget.is_hidden:
            return "hidden"
        return next((kind for widget_class, kind in WIDGET_KINDS if isinstance(widget, widget_class)), "other")

    @property
    def template_name(self) -> str:
        return f"ui/forms/fields/{self.kind}.html"

    @property
    def id(self) -> str:
        return self.field.field.widget.attrs.get("id") or self.field.auto_id or ""

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def info_id(self) -> str:
        return f"{self.id}-info"

    @property
    def label(self) -> str:
        label = str(self.field.label)
        field = self.field.field
        if field.required or self.kind == "checkbox" or label.endswith("(optional)"):
            return label
        if getattr(field, "required_when", ""):  # required on another answer: its hint says when
            return label
        if self.kind == "radios" and any(option.value == "" for option in self.options):
            return label  # "none of these" is one of the answers ("Not a concern"): nothing is left empty
        return f"{label} (optional)"

    @property
    def label_class(self) -> str:
        return f"govuk-label govuk-label--{self.size}" if self.size else "govuk-label"

    @property
    def legend_class(self) -> str:
        return f"govuk-fieldset__legend govuk-fieldset__legend--{self.size}" if self.size else "govuk-fieldset__legend"

    @property
    def error(self) -> str:
        """The first error: GOV.UK shows one message per field."""
        return str(self.field.errors[0]) if self.field.errors else ""

    @property
    def max_length(self) -> int | None:
        """The limit a character count shows, for a textarea whose field has max_length."""
        return getattr(self.field.field, "max_length", None) if self.kind == "textarea" else None

    @property
    def describedby(self) -> str:
        ids = [self.info_id] if self.max_length else []
        if self.field.help_text:
            ids.append(self.hint_id)
        if self.field.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def target_id(self) -> str:
        """Where the error summary's link goes: the first wrong date box, else the field (first option)."""
        if self.kind == "date":
            wrong = [part for part in self.date_parts if part.has_error]
            return (wrong or self.date_parts)[0].id
        if self.kind.startswith("picker") and (getattr(self.field.form, "finding", False) or not self.options):
            return self.picker.search_id  # what a search said, or nothing to tick yet: the search box
        return self.id

    @property
    def control(self) -> SafeString:
        """The input, textarea or select, drawn by Django's widget template with GOV.UK attributes."""
        widget = self.field.field.widget
        base_class = CONTROL_CLASSES[self.kind]
        classes = [base_class, f"{base_class}--error" if self.field.errors else ""]
        if self.max_length:
            classes.append("govuk-js-character-count")
        classes.append(widget.attrs.get("class", ""))
        attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c), "id": self.id or False}
        attrs |= self._state_attrs()
        if self.kind == "textarea":
            # No cols (GOV.UK sizes textareas in CSS). No maxlength when a character count shows the limit:
            # the browser would silently cut pasted text instead of letting the person see and fix it.
            attrs["cols"] = False
            if self.max_length:
                attrs["maxlength"] = False
        return widget.render(self.field.html_name, self.field.value(), attrs=attrs, renderer=self.field.form.renderer)

    def _state_attrs(self) -> dict[str, Any]:
        # Built here rather than by BoundField.as_widget(), which would add `required`: GOV.UK forms leave
        # checking to the server (forms are novalidate) and mark optional fields instead.
        attrs: dict[str, Any] = {"disabled": self.field.field.disabled}
        if self.describedby:
            attrs["aria-describedby"] = self.describedby
        if self.field.errors:
            attrs["aria-invalid"] = "true"
        return attrs

    @property
    def options(self) -> list[Option]:
        reveals = self._reveals
        form = self.field.form
        return [
            Option(
                id=self.id if index == 0 else f"{self.id}-{index + 1}",
                name=self.field.html_name,
                value=str(option.data["value"]),
                label=str(option.choice_label),
                checked=bool(option.data["selected"]),
                reveals=tuple(form[name] for name in reveals.get(str(option.data["value"]), ())),
            )
            for index, option in enumerate(self.field.subwidgets)
        ]

    @cached_property
    def picker(self) -> "PickerView":
        return PickerView(self)

    @property
    def _reveals(self) -> dict[str, list[str]]:
        return getattr(self.field.form, "reveals", {}).get(self.field.name, {})

    @property
    def inline(self) -> bool:
        """GOV.UK puts two short radios side by side, unless one reveals more questions."""
        return len(self.field.subwidgets) <= 2 and not self._reveals

    @property
    def widget_class(self) -> str:
        """Classes given on the widget, for the radios or checkboxes (govuk-radios--small, say)."""
        return str(self.field.field.widget.attrs.get("class", ""))

    @property
    def checked(self) -> bool:
        """For a single checkbox."""
        return bool(self.field.field.widget.check_test(self.field.value()))

    @cached_property
    def date_parts(self) -> list[DatePart]:
        widget = self.field.field.widget
        values = self.field.value()
        if not isinstance(values, list | tuple):
            values = widget.decompress(values)
        wrong = self._wrong_date_parts()
        return [
            DatePart(
                key=key,
                id=f"{self.id}-{key}",
                name=self.field.html_name + suffix,
                value="" if value is None else str(value),
                has_error=key in wrong,
            )
            for key, suffix, value in zip(DATE_PARTS, widget.widgets_names, values, strict=True)
        ]

    def _wrong_date_parts(self) -> tuple[str, ...]:
        """The boxes to mark: those the first error names, or all three for an error from elsewhere."""
        errors = self.field.errors.as_data()
        if not errors:
            return ()
        return (errors[0].params or {}).get("parts", DATE_PARTS)


class PickerView:
    """What a picker's template draws beside its list: the search box and the Find button."""

    find_name = FIND

    def __init__(self, view: FieldView) -> None:
        self.view = view
        self.field: Any = view.field.field

    @property
    def search_id(self) -> str:
        return f"{self.view.id}-search"

    @property
    def search_hint_id(self) -> str:
        return f"{self.view.id}-search-hint"

    @property
    def search_name(self) -> str:
        return search_name(self.view.field)

    @property
    def search_text(self) -> str:
        form = self.view.field.form
        return str(form.data.get(self.search_name, "")) if form.is_bound else ""

    @property
    def find_value(self) -> str:
        return self.view.field.name

    @property
    def found(self) -> int:
        return len(self.field.found)

    @property
    def more_found(self) -> bool:
        return bool(self.field.more_found)


def govuk_required_messages(form: forms.BaseForm) -> None:
    """Replace Django's "This field is required." with GOV.UK's "Enter …" or "Select …" per field."""
    default = forms.Field.default_error_messages["required"]
    for field in form.fields.values():
        if field.error_messages.get("required") != default:
            continue
        label = str(field.label or "this").lower()
        choosing = isinstance(field.widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple)
        field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} {label}"
