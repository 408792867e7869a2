"""Helpers the apps' API routers share: one validation path (the pages' own forms), one shape for
every error, and the error responses each operation declares in the OpenAPI document."""

from datetime import date
from typing import Any

from django import forms
from ninja import Field, Schema


class ErrorOut(Schema):
    """Every 4xx answer of the API has this shape."""

    detail: str = Field(description="What went wrong, in a sentence.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="For a request that was refused for what it said: the messages about each field, "
        "by the name the caller sent ('__all__' for the request as a whole). Empty otherwise.",
    )


# What each error status means for a caller; every operation declares the ones it can give.
ERRORS = {
    401: "No valid bearer token was sent.",
    403: "Your role may not do this.",
    404: "No such record, or not one you may see.",
    409: "The record changed since you read it (send the version you read), or has moved on.",
    413: "The request body is larger than the service accepts.",
    422: "The request has errors: see `errors`.",
}


def responds(ok: Any, *codes: int, status: int = 200) -> dict[int, Any]:
    """An operation's `response=`: its success schema at `status`, and the error statuses it can give
    (401 always: every operation needs a token)."""
    return {status: ok, **dict.fromkeys(sorted({401, *codes}), ErrorOut)}


class Extended:
    """A record with a few more things for its schema to show: what it was given here, and every other
    attribute read through to the record (a Level 2 meeting with how many items its refresh added)."""

    def __init__(self, record: Any, **more: Any) -> None:
        self.__dict__.update(more, record=record)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "record" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["record"], name)


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


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


def form_name(fields: Any, name: str) -> str:
    """The form's field a payload key fills: itself, or for `owner_id` the form's `owner`."""
    if name not in fields and name.endswith("_id") and name[:-3] in fields:
        return name[:-3]
    return name


def form_data(form_class: type[forms.Form], payload: dict[str, Any], **form_kwargs: Any) -> dict[str, Any]:
    """Turn a JSON payload into the POST data the page's form expects (dates split into parts; a
    person or agency sent as `owner_id` fills the form's `owner`)."""
    probe = form_class(**form_kwargs)
    data: dict[str, Any] = {}
    for key, value in payload.items():
        name = form_name(probe.fields, key)
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
    """The page's form, filled from a JSON payload and valid; else FormInvalid with the errors keyed by
    the names the caller sent."""
    form = form_class(form_data(form_class, payload, **form_kwargs), **form_kwargs)
    if not form.is_valid():
        sent = {form_name(form.fields, key): key for key in payload}
        invalid = FormInvalid(form)
        invalid.errors = {sent.get(name, name): messages for name, messages in invalid.errors.items()}
        raise invalid
    return form
