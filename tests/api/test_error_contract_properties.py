"""Whatever a partner system sends, the API answers with a success or a refusal in the one shape,
never a 500 and never an error keyed by the operation's own names. Property tests: hypothesis sends
any JSON, and JSON shaped like each operation's payload with values of any type."""

import json
import string
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cepathway.people.models import Role
from tests.factories import World

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
)
NAMES = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)

# Each operation's own field names (so hypothesis reaches the forms and services, not only pydantic).
OPERATIONS = {
    "allocation": (Role.CERAR_LEAD, "PATCH", lambda w: f"/api/children/{w.child.pk}/allocation"),
    "consultation request": (Role.SOCIAL_WORKER, "POST", lambda w: "/api/referrals/consultation-requests"),
    "decision": (Role.CERAR_LEAD, "POST", lambda w: f"/api/referrals/{w.awaiting_decision[w.child.pk].pk}/decision"),
    "contact": (Role.PARTNER_PROFESSIONAL, "POST", lambda w: "/api/referrals"),
}
FIELDS = {
    "allocation": ["version", "open_to_childrens_services", "allocated_social_worker_id", "lead_professional_id"],
    "consultation request": ["child_id", "reason", "answers", "protective_factors"],
    "decision": ["decision", "judged_level", "rationale", "end_reason", "advice_given"],
    "contact": ["first_name", "last_name", "date_of_birth", "concern", "legal_basis", "answers", "sex"],
}
OPERATIONS_AND_BODIES = st.sampled_from(sorted(OPERATIONS)).flatmap(
    lambda name: st.tuples(
        st.just(name),
        JSON_VALUES
        | st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS[name], JSON_VALUES))
        | st.dictionaries(NAMES, JSON_VALUES, max_size=5),
    )
)
INTERNAL = {"body", "payload", "query", "path"}


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


def assert_in_the_one_shape(response: Any) -> None:
    assert response.status_code < 500, response.content
    if response.status_code < 400:
        return
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str)
    for field, messages in body["errors"].items():
        assert field.split(".")[0] not in INTERNAL and not field.startswith("indicator_"), field
        assert messages and all(isinstance(message, str) for message in messages)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operation_and_body=OPERATIONS_AND_BODIES)
def test_any_body_is_answered_in_the_one_shape(
    operation_and_body: tuple[str, Any], world: World, api_client_for: Callable
) -> None:
    name, body = operation_and_body
    role, method, url = OPERATIONS[name]
    client = api_client_for(world.users[role])
    response = client.generic(method, url(world), json.dumps(body), content_type="application/json")
    assert_in_the_one_shape(response)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(["status", "role", "agency_id", "q"]), st.text(max_size=20)))
def test_any_filter_is_answered_in_the_one_shape(query: dict[str, str], world: World, api_client_for: Callable) -> None:
    client = api_client_for(world.users[Role.CERAR_LEAD])
    for url in ("/api/referrals", "/api/people", "/api/children"):
        assert_in_the_one_shape(client.get(url, query))
