"""Every refusal the API gives answers in one JSON shape, {"detail": ..., "errors": {field: [messages]}},
with each field named as the caller sent it (docs/api.md). Each status on a real route, as a partner
system meets it."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role
from cepathway.referrals.models import Referral, ReferralStatus
from tests.factories import World
from tests.referrals.helpers import contact_payload, indicators

JSON = "application/json"


@pytest.fixture
def world(shared_world: World) -> World:
    return shared_world


def refusal(response: Any, status: int) -> dict[str, Any]:
    """The response's body, having checked it is a refusal with `status` in the one shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(JSON), response["Content-Type"]
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values()), body
    return body


def send(client: Client, method: str, url: str, body: Any) -> Any:
    return client.generic(method, url, json.dumps(body, default=str), content_type=JSON)


# --- 401 ------------------------------------------------------------------------------------------


def test_no_token_is_401_in_the_shape(world: World) -> None:
    response = Client().get("/api/children")
    assert refusal(response, 401)["errors"] == {}
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_401_in_the_shape(world: World, api_client_for: Callable) -> None:
    client = api_client_for(world.users[Role.CERAR_LEAD])
    world.users[Role.CERAR_LEAD].api_tokens.update(revoked_at=timezone.now())
    refusal(client.get(f"/api/children/{world.child.pk}"), 401)


def test_a_signed_in_session_without_a_token_is_401_not_a_page(world: World, client_for: Callable) -> None:
    refusal(client_for(world.users[Role.CERAR_LEAD]).get("/api/referrals"), 401)


# --- 403 ------------------------------------------------------------------------------------------


def test_a_role_that_may_not_is_403_in_the_shape(world: World, api_client_for: Callable) -> None:
    police = api_client_for(world.users[Role.POLICE_OFFICER])  # sees the child: invited to its meeting
    referral = world.awaiting_decision[world.child.pk]
    body = refusal(send(police, "POST", f"/api/referrals/{referral.pk}/decision", _decision()), 403)
    assert body["detail"] == "Your role may not do this."
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.AWAITING_DECISION


# --- 404 ------------------------------------------------------------------------------------------


def test_out_of_scope_is_the_same_404_as_no_such_record_and_is_audited(world: World, api_client_for: Callable) -> None:
    unrelated = api_client_for(world.unrelated)
    hidden = refusal(unrelated.get(f"/api/children/{world.child.pk}"), 404)
    missing = refusal(unrelated.get("/api/children/00000000-0000-4000-8000-000000000000"), 404)
    assert hidden == missing, "a refusal must not tell a hidden record from a missing one"
    assert world.child.first_name not in json.dumps(hidden)
    assert AuditEvent.objects.filter(user=world.unrelated, action=AuditAction.DENIED).exists()


def test_the_elsewhere_lead_gets_404_for_a_home_referral(world: World, api_client_for: Callable) -> None:
    referral = world.referral[world.child.pk]
    refusal(api_client_for(world.elsewhere_lead).get(f"/api/referrals/{referral.pk}"), 404)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/children/not-a-uuid",
        "/api/children/not-a-uuid/chronology",
        "/api/referrals/12345/decision",
        "/api/no-such-thing",
        "/api/",
    ],
)
def test_a_malformed_id_or_unknown_address_is_a_json_404(
    url: str, debug: bool, world: World, api_client_for: Callable
) -> None:
    with override_settings(DEBUG=debug):
        signed_in = refusal(api_client_for(world.users[Role.CERAR_LEAD]).get(url), 404)
        anonymous = refusal(Client().post(url, "{}", content_type=JSON), 404)
    assert signed_in == anonymous, "an unknown address says the same to everyone"


def test_a_malformed_path_parameter_is_named_by_its_name(world: World, api_client_for: Callable) -> None:
    """A route whose id is not typed in its path (the meetings API, for now) validates it instead."""
    response = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/meetings/not-a-uuid/family-summary")
    body = refusal(response, response.status_code)
    assert response.status_code in (404, 422)
    if response.status_code == 422:
        assert list(body["errors"]) == ["meeting_id"]


# --- 405 ------------------------------------------------------------------------------------------


def test_a_method_the_path_does_not_answer_is_405_in_the_shape(world: World, api_client_for: Callable) -> None:
    response = api_client_for(world.users[Role.CERAR_LEAD]).delete(f"/api/children/{world.child.pk}")
    body = refusal(response, 405)
    assert response["Allow"] == "GET"
    assert "DELETE" in body["detail"]
    assert Child.objects.filter(pk=world.child.pk).exists()


# --- 409 ------------------------------------------------------------------------------------------


def test_a_stale_version_is_409_and_nothing_is_saved(world: World, api_client_for: Callable) -> None:
    client = api_client_for(world.users[Role.CERAR_LEAD])
    url = f"/api/children/{world.child.pk}/allocation"
    assert send(client, "PATCH", url, {"version": world.child.version, "school": "Fictional First"}).status_code == 200
    body = refusal(send(client, "PATCH", url, {"version": world.child.version, "school": "Fictional Second"}), 409)
    assert "Nothing was saved" in body["detail"]
    assert Child.objects.get(pk=world.child.pk).school == "Fictional First"


def test_a_triage_step_already_taken_is_409_in_the_shape(world: World, api_client_for: Callable) -> None:
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    url = f"/api/referrals/{world.awaiting_decision[world.child.pk].pk}/decision"
    assert send(cerar, "POST", url, _decision()).status_code == 200
    body = refusal(send(cerar, "POST", url, _decision(decision="level1")), 409)
    assert "already been decided" in body["detail"]
    assert body["errors"] == {"__all__": [body["detail"]]}


# --- 413 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_body_over_the_limit_is_413_not_a_500(debug: bool, world: World, api_client_for: Callable) -> None:
    """Django refuses to read the body (RequestDataTooBig): by itself a 400 page, or a 500 in DEBUG."""
    school = api_client_for(world.users[Role.PARTNER_PROFESSIONAL])
    payload = contact_payload(world.home, concern="Fictional. " * 500)
    before = Referral.objects.count()
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_000, DEBUG=debug):
        body = refusal(send(school, "POST", "/api/referrals", payload), 413)
    assert body["detail"] == "The request body is larger than the service accepts."
    assert Referral.objects.count() == before


# --- 422 ------------------------------------------------------------------------------------------


def test_validation_errors_name_the_fields_the_caller_sent(world: World, api_client_for: Callable) -> None:
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    indicator = indicators(world.home)[0]
    payload = {"child_id": "not-an-id", "answers": [{"indicator_id": str(indicator.pk), "recency": 5}]}
    body = refusal(send(worker, "POST", "/api/referrals/consultation-requests", payload), 422)
    assert body["errors"] == {
        "child_id": [body["errors"]["child_id"][0]],
        "reason": ["This field is required."],
        "answers.0.recency": ["Input should be a valid string."],
        "answers.0.evidence": ["This field is required."],
    }
    assert "UUID" in body["errors"]["child_id"][0]


def test_a_field_of_two_types_is_named_once_without_pydantics_labels(world: World, api_client_for: Callable) -> None:
    school = api_client_for(world.users[Role.PARTNER_PROFESSIONAL])
    body = refusal(send(school, "POST", "/api/referrals", contact_payload(world.home, date_of_birth=2012)), 422)
    assert list(body["errors"]) == ["date_of_birth"]


def test_a_body_that_is_not_json_or_missing_is_422_about_the_whole_request(
    world: World, api_client_for: Callable
) -> None:
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    url = "/api/referrals/consultation-requests"
    garbled = refusal(worker.post(url, "{not json", content_type=JSON), 422)
    assert garbled["errors"] == {"__all__": ["The request body is not valid JSON."]}
    empty = refusal(worker.post(url, "", content_type=JSON), 422)
    assert empty["errors"] == {"__all__": ["Send a JSON object as the request body."]}


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/referrals?status=bogus", "status"),
        ("/api/people?role=bogus", "role"),
        ("/api/people?agency_id=bogus", "agency_id"),
        ("/api/audit?date_from=yesterday", "date_from"),
    ],
)
def test_an_unknown_filter_value_is_422_not_everything(
    url: str, parameter: str, world: World, api_client_for: Callable
) -> None:
    who = Role.AUDITOR if url.startswith("/api/audit") else Role.CERAR_LEAD
    body = refusal(api_client_for(world.users[who]).get(url), 422)
    assert list(body["errors"]) == [parameter]


def test_a_known_filter_value_still_filters(world: World, api_client_for: Callable) -> None:
    got = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/referrals?status=awaiting_decision").json()
    assert got and {referral["status"] for referral in got} == {"awaiting_decision"}


def test_a_checklist_answer_the_form_refuses_is_an_error_in_answers_naming_the_indicator(
    world: World, api_client_for: Callable
) -> None:
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    indicator = indicators(world.home)[0]
    payload = {
        "child_id": str(world.child.pk),
        "reason": "Fictional reason.",
        "answers": [{"indicator_id": str(indicator.pk), "recency": "last year", "evidence": "evidenced"}],
    }
    before = Referral.objects.count()
    body = refusal(send(worker, "POST", "/api/referrals/consultation-requests", payload), 422)
    assert body["errors"] == {
        "answers": [
            f"Indicator {indicator.pk} ({indicator.text}): send recency as current or past, "
            "and evidence as evidenced or suspected"
        ]
    }
    assert Referral.objects.count() == before


def test_a_form_error_about_a_person_is_named_by_the_id_the_caller_sent(world: World, api_client_for: Callable) -> None:
    cerar = api_client_for(world.users[Role.CERAR_LEAD])
    body = refusal(
        send(
            cerar,
            "PATCH",
            f"/api/children/{world.child.pk}/allocation",
            {"version": world.child.version, "allocated_social_worker_id": str(world.elsewhere_lead.pk)},
        ),
        422,
    )
    assert list(body["errors"]) == ["allocated_social_worker_id"]


def test_no_error_is_ever_keyed_by_the_operations_own_names(world: World, api_client_for: Callable) -> None:
    school = api_client_for(world.users[Role.PARTNER_PROFESSIONAL])
    payload = contact_payload(world.home, first_name=None, legal_basis=7)
    payload["answers"][0]["recency"] = "bogus"
    body = refusal(send(school, "POST", "/api/referrals", payload), 422)
    assert not [key for key in body["errors"] if key.split(".")[0] in {"body", "payload", "query", "path"}]
    assert not [key for key in body["errors"] if key.startswith("indicator_")]


def _decision(**changes: Any) -> dict[str, Any]:
    return {
        "decision": "end",
        "judged_level": "none",
        "rationale": "Fictional rationale: the worries were explained.",
        "end_reason": "Fictional: no concern found.",
        "advice_given": "Fictional advice.",
        **changes,
    }
