"""Helpers the apps' API routers share: one validation path (the pages' own forms) and errors."""

from datetime import date
from typing import Any

from django import forms


class FormInvalid(Exception):
    """A payload failed the same validation the page applies; answered as 422 with field errors."""

    def __init__(self, form: forms.Form | None = None) -> None:
        super().__init__("invalid")
        self.errors: dict[str, list[str]] = {}
        if form is not None:
            self.errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}

    @classmethod
    def with_errors(cls, errors: dict[str, list[str]]) -> "FormInvalid":
        invalid = cls()
        invalid.errors = errors
        return invalid


def form_data(form_class: type[forms.Form], payload: dict[str, Any], **form_kwargs: Any) -> dict[str, Any]:
    """Turn a JSON payload into the POST data the page's form expects (dates split into parts)."""
    probe = form_class(**form_kwargs)
    data: dict[str, Any] = {}
    for name, value in payload.items():
        field = probe.fields.get(name)
        widget = getattr(field, "widget", None)
        if isinstance(widget, forms.MultiWidget) and value is not None:
            data.update(_date_parts(name, widget, value))
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        elif value is not None:
            data[name] = value
    return data


def _date_parts(name: str, widget: forms.MultiWidget, value: Any) -> dict[str, str]:
    """Split an ISO date (even an impossible one, so the form can say why) into day, month, year."""
    if isinstance(value, date):
        parts = [str(value.day), str(value.month), str(value.year)]
    else:
        pieces = str(value).split("-")
        parts = [pieces[2], pieces[1], pieces[0]] if len(pieces) == 3 else ["", "", ""]
    names = [f"{name}{suffix}" for suffix in widget.widgets_names]  # type: ignore[attr-defined]
    return dict(zip(names, parts, strict=True))


def validated(form_class: type[forms.Form], payload: dict[str, Any], **form_kwargs: Any) -> Any:
    form = form_class(form_data(form_class, payload, **form_kwargs), **form_kwargs)
    if not form.is_valid():
        raise FormInvalid(form)
    return form
