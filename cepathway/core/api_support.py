"""Helpers the apps' API routers share: one validation path (the pages' own forms), one shape for
every error, and the error responses each operation declares in the OpenAPI document.

How errors are keyed (docs/api.md): always by the name the caller sent. A body field is its path
through the JSON joined with dots (`answers.0.recency`), a query or path parameter is its name,
and '__all__' is the request as a whole. A payload key `X_id` (`X_ids`) stands for the page form's
field `X` (`Xs`) when the form has no field of the key's own name; `validated` maps it there and
its errors back.
"""

import types
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin
from uuid import UUID

from django import forms
from django.db.models import QuerySet
from ninja import Field, Query, Schema
from pydantic import BaseModel, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from cepathway.ui.listing import API_LIMIT, API_MAX_LIMIT, CursorInvalid, api_page


class ErrorOut(Schema):
    """Every 4xx answer of the API has this shape."""

    detail: str = Field(description="What went wrong, in a sentence.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description="For a request that was refused for what it said: the messages about each field, "
        "by the name the caller sent ('answers.0.recency' for a field inside the body, a query or path "
        "parameter by its name, '__all__' for the request as a whole). Empty otherwise.",
    )


# What each error status means for a caller; every operation declares the ones it can give.
ERRORS = {
    401: "No valid bearer token was sent.",
    403: "Your role may not do this.",
    404: "No such record, or not one you may see.",
    405: "This address does not answer that method.",
    409: "The record changed since you read it (send the version you read), or has moved on.",
    413: "The request body is larger than the service accepts.",
    422: "The request has errors: see `errors`.",
}

WHOLE_REQUEST = "__all__"


# --- What a caller sends: booleans are not numbers --------------------------------------------------

NUMBER_NOT_BOOLEAN = "Send a number here, not true or false"
BOOLEAN_ONLY = "Send true or false here"
_NUMBERS = (int, float, Decimal)


class In(Schema):
    """The base of every schema the API reads from a caller (a body, or an object inside one).

    pydantic, left to itself, reads `false` sent for a number as 0 and `1` or `"yes"` sent for a
    true/false field as true: a caller's mistake silently stored as something else. Here a number
    field refuses true and false, and a true/false field takes only true or false; each is a 422
    naming the field. One validator for every field of every input schema, rather than StrictInt and
    StrictBool field by field, so a new field cannot forget it; pydantic's strict mode is not used
    because it would also refuse the ISO strings JSON sends for dates and UUIDs.
    tests/production/test_bad_input_types.py checks every schema the API reads derives from this.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        problem = field and type_problem(field.annotation, value)
        if problem:
            raise PydanticCustomError("strict_type", problem)
        return value


def type_problem(annotation: Any, value: Any) -> str:
    """What is wrong with `value` for a field of type `annotation` ("" when nothing is): true or
    false where only a number goes, anything but true or false where only they go. Looks inside lists."""
    kinds = _kinds(annotation)
    if isinstance(value, list | tuple):
        items = [get_args(kind)[0] for kind in kinds if get_origin(kind) in (list, tuple) and get_args(kind)]
        return next((problem for item in items for each in value if (problem := type_problem(item, each))), "")
    if isinstance(value, bool):
        numbers = [kind for kind in kinds if isinstance(kind, type) and issubclass(kind, _NUMBERS)]
        return NUMBER_NOT_BOOLEAN if numbers and bool not in kinds else ""
    if value is not None and bool in kinds and all(kind in (bool, type(None)) for kind in kinds):
        return BOOLEAN_ONLY
    return ""


def _kinds(annotation: Any) -> list[Any]:
    """The types a field's annotation allows: the members of a union, without Annotated's extras."""
    if get_origin(annotation) is Annotated:
        return _kinds(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return [kind for member in get_args(annotation) for kind in _kinds(member)]
    return [annotation]


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


# --- Paging a list (keyset: docs/api.md "Paging") -------------------------------------------------

Item = TypeVar("Item")
CURSOR_HELP = "Leave out for the first page; then send the `next` of the page before."
LIMIT_HELP = f"At most this many (1 to {API_MAX_LIMIT})."


class PageOut(Schema, Generic[Item]):
    """One page of a list: its items, and the cursor of the next page (null on the last)."""

    items: list[Item]
    next: str | None = Field(description="Send as `cursor` for the next page; null when this is the last.")


def cursor_parameter() -> Any:
    return Query("", description=CURSOR_HELP, max_length=2000)


def limit_parameter(default: int = API_LIMIT) -> Any:
    return Query(default, ge=1, le=API_MAX_LIMIT, description=LIMIT_HELP)


def paged(
    rows: QuerySet, fields: Sequence[str], *, cursor: str = "", limit: int = API_LIMIT, parameter: str = "cursor"
) -> dict[str, Any]:
    """A page of `rows` ordered by `fields` (order_by() fields; the pk breaks ties) after `cursor`:
    `{"items", "next"}`. A cursor this list did not make is refused (422, keyed by `parameter`)."""
    try:
        return api_page(rows, fields, cursor=cursor, limit=limit, parameter=parameter)
    except CursorInvalid as invalid:
        message = "This cursor is not one this list made: leave it out to start from the first page."
        raise FormInvalid.with_errors({invalid.parameter: [message]}) from invalid


# --- Form errors --------------------------------------------------------------------------------


class FormInvalid(Exception):
    """A payload failed the same validation the page applies; answered as 422 with field errors,
    keyed by the caller's names (`caller_names` maps a form field's name to the one the caller sent)."""

    def __init__(self, form: forms.BaseForm | None = None, caller_names: Mapping[str, str] | None = None) -> None:
        super().__init__("invalid")
        self.form = form
        self.errors: dict[str, list[str]] = {}
        names = caller_names or {}
        if form is not None:
            for field, messages in form.errors.items():
                self.errors.setdefault(names.get(field, field), []).extend(str(message) for message in messages)

    @classmethod
    def with_errors(cls, errors: dict[str, list[str]]) -> "FormInvalid":
        invalid = cls()
        invalid.errors = errors
        return invalid


def form_field_name(key: str, fields: Mapping[str, Any]) -> str:
    """The form field a payload key fills: the field of the same name, else for `X_id` the field `X`
    and for `X_ids` the field `Xs` (an API names a person or record by its id; the page's form by
    the choice). A key that matches nothing keeps its name."""
    if key in fields:
        return key
    if key.endswith("_ids") and f"{key[:-4]}s" in fields:
        return f"{key[:-4]}s"
    if key.endswith("_id") and key[:-3] in fields:
        return key[:-3]
    return key


def form_data(form_class: type[forms.BaseForm], payload: dict[str, Any], **form_kwargs: Any) -> dict[str, Any]:
    """Turn a JSON payload into the POST data the page's form expects: keys renamed to the form's
    fields (`form_field_name`), dates split into parts, booleans as a checkbox sends them, ids as
    text, and nulls left out (an empty field)."""
    return _post_data(form_class(**form_kwargs).fields, payload)


def _post_data(fields: Mapping[str, forms.Field], payload: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in payload.items():
        name = form_field_name(key, fields)
        widget = getattr(fields.get(name), "widget", None)
        if isinstance(widget, forms.MultiWidget) and value is not None:
            data.update(_date_parts(name, widget, value))
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        elif isinstance(value, list | tuple):
            data[name] = [_text(item) for item in value]
        elif value is not None:
            data[name] = _text(value)
    return data


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, UUID) else value


def _date_parts(name: str, widget: forms.MultiWidget, value: Any) -> dict[str, str]:
    """Split an ISO date (even an impossible one, so the form can say why) into day, month, year."""
    if isinstance(value, date):
        parts = [str(value.day), str(value.month), str(value.year)]
    else:
        pieces = str(value).split("-")
        parts = [pieces[2], pieces[1], pieces[0]] if len(pieces) == 3 else ["", "", ""]
    names = [f"{name}{suffix}" for suffix in widget.widgets_names]  # type: ignore[attr-defined]
    return dict(zip(names, parts, strict=True))


def validated(form_class: type[forms.BaseForm], payload: dict[str, Any], **form_kwargs: Any) -> Any:
    """The page's form, bound to the payload and valid, or FormInvalid with the form's messages keyed
    by the payload's own names (`owner_id`, not the form's `owner`)."""
    fields = form_class(**form_kwargs).fields
    caller_names = {form_field_name(key, fields): key for key in payload}
    form = form_class(_post_data(fields, payload), **form_kwargs)
    if not form.is_valid():
        raise FormInvalid(form, caller_names)
    return form


# --- Validation errors (django-ninja, pydantic) ---------------------------------------------------


def caller_field(model: type[BaseModel], loc: Sequence[Any], *, single_body: str | None = None) -> str:
    """The name the caller sent for what a pydantic error `loc` points at in one of django-ninja's
    parameter models (`loc` without its source: ("payload", "answers", 0, "recency")).

    The body's parameter name (`single_body`, "payload") is the operation's, not the caller's, so it
    is dropped; so are the labels pydantic adds for the members of a union (`date_of_birth.date`).
    What is left is joined with dots: "answers.0.recency". Nothing left means the request as a whole.
    """
    parts = list(loc)
    annotation: Any = model
    if single_body is not None and parts[:1] == [single_body]:
        annotation = model.model_fields[single_body].annotation
        parts = parts[1:]
    names = _walk(annotation, parts)
    if not names and parts and annotation is model:
        names = [str(parts[0])]  # a name django-ninja flattened; it is the caller's already
    return ".".join(names) or WHOLE_REQUEST


def _walk(annotation: Any, parts: Sequence[Any]) -> list[str]:
    names: list[str] = []
    for part in parts:
        annotation = _without_none(annotation)
        if isinstance(part, int) and get_origin(annotation) in (list, tuple, set, frozenset):
            annotation = next(iter(get_args(annotation)), Any)
        elif isinstance(part, str) and isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next((f for n, f in annotation.model_fields.items() if part in (n, f.alias)), None)
            if field is None:
                break
            annotation = field.annotation
        elif isinstance(part, str) and get_origin(annotation) is dict:
            annotation = get_args(annotation)[1] if get_args(annotation) else Any
        else:
            break  # a union member's label, or anything else that is pydantic's and not the caller's
        names.append(str(part))
    return names


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        members = [member for member in get_args(annotation) if member is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def errors_by_field(errors: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """django-ninja's list of validation errors as our `errors`: the messages by the caller's names
    (each error's `field`, set by the API, or its `loc` without the source)."""
    keyed: dict[str, list[str]] = {}
    for error in errors:
        field = error.get("field") or ".".join(str(part) for part in error["loc"][1:]) or WHOLE_REQUEST
        keyed.setdefault(field, []).append(_message(error, field))
    return keyed


def _message(error: Mapping[str, Any], field: str) -> str:
    if error.get("type") == "missing":
        return "Send a JSON object as the request body." if field == WHOLE_REQUEST else "This field is required."
    message = str(error.get("msg", "This value is not valid."))
    return message if message.endswith(".") else f"{message}."
