"""Every API operation's OpenAPI entry declares the errors it can give, each in the one error shape.

Generated from the OpenAPI document an integrator reads (/api/openapi.json) and the catalogue
(tests/catalogue.py): what an operation can answer follows from what it is (who may use it, what it
is about, what it takes), so a new operation that forgets to declare a refusal fails here, named.
How to declare: `responds(OkSchema, *codes)` from cepathway.core.api_support (docs/api.md).
"""

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.catalogue import ANYONE, CATALOGUE, by_key
from tests.factories import UserFactory

# The triage steps: each can find the referral already moved on by someone else (409).
TRIAGE_STEPS = ("/hub-assessment", "/consultation", "/decision")
ERROR_OUT = "#/components/schemas/ErrorOut"

# Marked so that pytest-django sets up the test database for the module's document, even alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_setup: None, django_db_blocker: Any) -> dict[str, Any]:
    """The OpenAPI document as a signed-in person reads it (the docs need a session)."""
    with django_db_blocker.unblock(), transaction.atomic():
        client = Client()
        client.force_login(UserFactory())
        response = client.get("/api/openapi.json")
        transaction.set_rollback(True)
    assert response.status_code == 200
    return response.json()


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each operation by its catalogue key, "METHOD /api/path"."""
    return {
        f"{method.upper()} {path}": operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


def body_schema(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def expected_errors(key: str, document: dict[str, Any], operation: dict[str, Any]) -> set[int]:
    """The error statuses an operation can give, from what it is."""
    path = key.split(" ", 1)[1]
    entry = by_key()[key]
    takes_body = "requestBody" in operation
    expected = {401}
    if entry.roles is not ANYONE:
        expected.add(403)
    if "{" in path or entry.about:
        expected.add(404)
    if takes_body or operation.get("parameters"):
        expected.add(422)
    if takes_body:
        expected.add(413)
    if "version" in body_schema(document, operation).get("properties", {}) or path.endswith(TRIAGE_STEPS):
        expected.add(409)
    return expected


def contract_problems(key: str, document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    declared = operation.get("responses", {})
    problems = [
        f"{key} can answer {status} but does not declare it"
        for status in sorted(expected_errors(key, document, operation))
        if str(status) not in declared
    ]
    for status, response in declared.items():
        if not 400 <= int(status) < 500:
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("$ref") != ERROR_OUT:
            problems.append(f"{key} declares {status} without the ErrorOut shape: {schema}")
    return problems


API_KEYS = [entry.key for entry in CATALOGUE if entry.api]


def test_every_operation_in_the_document_is_catalogued(document: dict[str, Any]) -> None:
    missing = sorted(set(operations(document)) - set(by_key()))
    assert not missing, f"Operations in the OpenAPI document with no catalogue entry: {missing}"


def test_every_catalogued_operation_is_in_the_document(document: dict[str, Any]) -> None:
    missing = sorted({entry.key for entry in CATALOGUE if entry.api} - set(operations(document)))
    assert not missing, f"Catalogued operations the OpenAPI document does not describe: {missing}"


@pytest.mark.parametrize("key", API_KEYS)
def test_the_operation_declares_its_errors_in_the_one_shape(key: str, document: dict[str, Any]) -> None:
    assert contract_problems(key, document, operations(document)[key]) == []


def test_error_responses_say_what_they_mean_here(document: dict[str, Any]) -> None:
    responses = operations(document)["PATCH /api/children/{pk}/allocation"]["responses"]
    assert responses["409"]["description"].startswith("The record changed since you read it")
    assert responses["404"]["description"] == "No such record, or not one you may see."


# --- The check can fail ---------------------------------------------------------------------------


def test_the_check_catches_an_operation_that_declares_too_little(document: dict[str, Any]) -> None:
    operation = operations(document)["POST /api/referrals/{pk}/decision"]
    bare = {**operation, "responses": {"200": operation["responses"]["200"]}}
    problems = contract_problems("POST /api/referrals/{pk}/decision", document, bare)
    assert [problem.split(" can answer ")[1] for problem in problems] == [
        f"{status} but does not declare it" for status in (401, 403, 404, 409, 413, 422)
    ]


def test_the_check_catches_an_error_in_another_shape(document: dict[str, Any]) -> None:
    operation = operations(document)["GET /api/children/{pk}"]
    plain = {"description": "Not Found", "content": {"application/json": {"schema": {"type": "object"}}}}
    problems = contract_problems("GET /api/children/{pk}", document, {**operation, "responses": {"404": plain}})
    assert any("declares 404 without the ErrorOut shape" in problem for problem in problems)
