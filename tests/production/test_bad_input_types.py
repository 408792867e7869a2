"""Issue 11, bad input: booleans are not numbers. `"scale": false` was stored as a discussion scale
of 0; now every schema the API reads derives from `core.api_support.In`, whose one validator refuses
true or false sent for a number and anything but true or false sent for a true/false field (422)."""

import typing
from collections.abc import Iterator
from typing import Any

import django.utils.timezone
import pytest
from pydantic import BaseModel, ValidationError

from cepathway.api import api
from cepathway.core.api_support import BOOLEAN_ONLY, NUMBER_NOT_BOOLEAN, In, type_problem
from cepathway.people.models import Role
from tests.meetings.conftest import START, Clock, Pathway

pytestmark = pytest.mark.django_db


def _routers(router: Any) -> Iterator[Any]:
    yield router
    for _, child, *_ in router._routers:
        yield from _routers(child)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    stack = [annotation]
    while stack:
        kind = stack.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield kind
        stack.extend(typing.get_args(kind))


def input_schemas() -> list[type[BaseModel]]:
    """Every schema the API reads from a caller: each operation's body, and every schema inside one."""
    found: dict[type[BaseModel], None] = {}
    todo = [
        field.annotation
        for _, router, *_ in api._routers
        for each in _routers(router)
        for operations in each.path_operations.values()
        for operation in operations.operations
        for model in operation.models
        if model.__ninja_param_source__ == "body"
        for field in model.model_fields.values()
    ]
    while todo:
        for model in _models_in(todo.pop()):
            if model not in found:
                found[model] = None
                todo.extend(field.annotation for field in model.model_fields.values())
    return list(found)


SCHEMAS = input_schemas()


def _kinds(annotation: Any) -> set[Any]:
    args = typing.get_args(annotation)
    return (
        {annotation} if not args else {kind for arg in args for kind in _kinds(arg)} | {typing.get_origin(annotation)}
    )


def _errors(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    try:
        model.model_validate(data)
    except ValidationError as invalid:
        return {".".join(map(str, error["loc"][:1])): error["msg"] for error in invalid.errors()}
    return {}


def test_the_walk_finds_the_api_s_input_schemas():
    names = {model.__name__ for model in SCHEMAS}
    assert {"DiscussionIn", "OutcomeIn", "ContactIn", "AnswerIn", "SubjectIn"} <= names
    assert len(SCHEMAS) > 40


@pytest.mark.parametrize("model", SCHEMAS, ids=lambda model: f"{model.__module__}.{model.__name__}")
def test_every_input_schema_refuses_booleans_for_numbers_and_numbers_for_booleans(model):
    assert issubclass(model, In), f"{model.__name__} must derive from cepathway.core.api_support.In"
    for name, field in model.model_fields.items():
        kinds = _kinds(field.annotation)
        if bool in kinds:
            assert NUMBER_NOT_BOOLEAN not in _errors(model, {name: True}).get(name, "")
            assert _errors(model, {name: 1}).get(name, "").startswith(BOOLEAN_ONLY), (model, name)
            assert _errors(model, {name: "yes"}).get(name, "").startswith(BOOLEAN_ONLY), (model, name)
        elif kinds & {int, float}:
            assert _errors(model, {name: False}).get(name, "").startswith(NUMBER_NOT_BOOLEAN), (model, name)
            assert name not in _errors(model, {name: 3}), (model, name)


def test_the_rule_looks_inside_lists_and_optional_fields():
    assert type_problem(list[int], [1, True]) == NUMBER_NOT_BOOLEAN
    assert type_problem(int | None, None) == ""
    assert type_problem(float, 2) == ""
    assert type_problem(bool | None, 0) == BOOLEAN_ONLY
    assert type_problem(str, True) == ""  # pydantic itself refuses a boolean for text


@pytest.fixture
def pathway(world, monkeypatch):
    clock = Clock(START)
    monkeypatch.setattr(django.utils.timezone, "now", clock)
    return Pathway(world, clock)


def test_a_discussion_scale_sent_as_false_is_refused_not_stored_as_0(world, pathway, api_client_for):
    meeting = pathway.hold(pathway.level1())
    api = api_client_for(meeting.chair)
    url = f"/api/meetings/{meeting.pk}/discussion"
    body = {"version": meeting.version, "strengths": "Fictional strengths", "scale": False}
    refused = api.put(url, body, content_type="application/json")
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"] == {"scale": [f"{NUMBER_NOT_BOOLEAN}."]}
    meeting.refresh_from_db()
    assert meeting.scale is None and meeting.strengths == ""

    saved = api.put(url, {**body, "scale": 4}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    meeting.refresh_from_db()
    assert meeting.scale == 4


def test_a_version_sent_as_true_and_a_flag_sent_as_1_are_refused(world, pathway, api_client_for):
    meeting = pathway.hold(pathway.level1())
    api = api_client_for(meeting.chair)
    moved = api.put(
        f"/api/meetings/{meeting.pk}/discussion", {"version": True, "scale": 3}, content_type="application/json"
    )
    assert moved.status_code == 422 and "version" in moved.json()["errors"]
    hub = api_client_for(world.users[Role.HUB_PRACTITIONER])
    assessed = hub.post(
        f"/api/referrals/{world.referral[world.child.pk].pk}/hub-assessment",
        {"ce_concern": 1, "assessment": "Fictional"},
        content_type="application/json",
    )
    assert assessed.status_code == 422, assessed.content
    assert assessed.json()["errors"]["ce_concern"] == [f"{BOOLEAN_ONLY}."]
