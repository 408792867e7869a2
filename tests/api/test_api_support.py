"""The helpers every router validates with (cepathway.core.api_support): a payload reaches the page's
form under the form's names, and every error comes back under the caller's."""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from django import forms
from ninja import Schema

from cepathway.core.api_support import (
    FormInvalid,
    caller_field,
    errors_by_field,
    form_data,
    form_field_name,
    validated,
)
from cepathway.people.models import Role, User
from tests.factories import UserFactory


class ActionForm(forms.Form):
    """A form as the pages write them: people are model choices, named without `_id`."""

    description = forms.CharField()
    owner = forms.ModelChoiceField(queryset=User.objects.filter(role=Role.SOCIAL_WORKER))
    members = forms.ModelMultipleChoiceField(queryset=User.objects.all(), required=False)
    urgent = forms.BooleanField(required=False)


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("owner_id", "owner"),
        ("member_ids", "members"),
        ("description", "description"),
        ("urgent", "urgent"),
        ("chair_id", "chair_id"),  # nothing to map to: the key stays as sent
    ],
)
def test_a_payload_key_fills_the_form_field_it_names(key: str, name: str) -> None:
    assert form_field_name(key, ActionForm().fields) == name


def test_a_form_field_named_with_id_is_filled_as_it_is() -> None:
    assert form_field_name("child_id", {"child_id": None, "child": None}) == "child_id"


@pytest.mark.django_db
def test_validated_maps_ids_to_the_forms_choices() -> None:
    owner, member = UserFactory(role=Role.SOCIAL_WORKER), UserFactory()
    payload = {"description": "Fictional", "owner_id": owner.pk, "member_ids": [member.pk], "urgent": True}
    form = validated(ActionForm, payload)
    assert (form.cleaned_data["owner"], list(form.cleaned_data["members"]), form.cleaned_data["urgent"]) == (
        owner,
        [member],
        True,
    )


@pytest.mark.django_db
def test_the_forms_errors_come_back_under_the_callers_names() -> None:
    not_a_worker = UserFactory(role=Role.POLICE_OFFICER)
    with pytest.raises(FormInvalid) as refused:
        validated(ActionForm, {"description": "", "owner_id": str(not_a_worker.pk), "member_ids": [str(uuid4())]})
    assert set(refused.value.errors) == {"description", "owner_id", "member_ids"}


@pytest.mark.django_db
def test_callers_that_map_names_themselves_keep_working() -> None:
    """The old way (payload keys already the form's): unchanged, errors under the form's names."""
    with pytest.raises(FormInvalid) as refused:
        validated(ActionForm, {"description": "Fictional", "owner": str(uuid4())})
    assert list(refused.value.errors) == ["owner"]


# --- Naming a validation error --------------------------------------------------------------------


class AnswerIn(Schema):
    recency: str


class PayloadIn(Schema):
    answers: list[AnswerIn] = []
    born: date | str
    tags: dict[str, int] = {}
    note: str | None = None


class Body(Schema):
    """As django-ninja wraps a single body schema: one field named after the operation's parameter."""

    payload: PayloadIn


class Query(Schema):
    status: str
    since: date | None = None


@pytest.mark.parametrize(
    ("model", "loc", "single_body", "field"),
    [
        (Body, ("payload", "answers", 0, "recency"), "payload", "answers.0.recency"),
        (Body, ("payload", "born", "date"), "payload", "born"),  # a union member's label is pydantic's
        (Body, ("payload", "tags", "x"), "payload", "tags.x"),
        (Body, ("payload", "note"), "payload", "note"),
        (Body, ("payload",), "payload", "__all__"),  # no body at all
        (Query, ("status",), None, "status"),
        (Query, ("since",), None, "since"),
        (Query, ("flattened_name",), None, "flattened_name"),  # django-ninja's own mapping: the caller's
    ],
)
def test_a_validation_error_is_named_as_the_caller_sent_it(
    model: Any, loc: tuple[Any, ...], single_body: str | None, field: str
) -> None:
    assert caller_field(model, loc, single_body=single_body) == field


def test_errors_are_grouped_by_field_with_readable_messages() -> None:
    errors = [
        {"loc": ("body", "payload", "reason"), "field": "reason", "type": "missing", "msg": "Field required"},
        {"loc": ("query", "status"), "field": "status", "type": "enum", "msg": "Input should be 'a' or 'b'"},
        {"loc": ("query", "status"), "field": "status", "type": "other", "msg": "And another."},
    ]
    assert errors_by_field(errors) == {
        "reason": ["This field is required."],
        "status": ["Input should be 'a' or 'b'.", "And another."],
    }


def test_the_ids_in_the_payload_reach_the_form_as_text() -> None:
    pk = UUID("12345678-1234-4234-8234-123456789012")
    assert form_data(ActionForm, {"owner_id": pk, "member_ids": [pk], "urgent": False, "gone": None}) == {
        "owner": str(pk),
        "members": [str(pk)],
        "urgent": "",
    }
