"""Running as production runs (issue 11): a monitor asks /health whether this process can reach its
database; a kept connection is checked before reuse after a database restart; and an API operation
that fails unexpectedly answers in the API's JSON shape, not Django's HTML error page."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from cepathway.api import SERVER_ERROR
from cepathway.people.models import ApiToken, Role

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client):
    with mock.patch("cepathway.core.views.connection.cursor", side_effect=OperationalError("server closed")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert "server closed" not in response.text, "the monitor is told that, not why"


def test_a_kept_connection_is_checked_before_it_is_reused():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_an_unexpected_failure_in_the_api_is_json_and_still_reported(world):
    _, key = ApiToken.issue(world.users[Role.CERAR_LEAD], name="Test token")
    client = Client(raise_request_exception=False)
    reported = []
    from django.core.signals import got_request_exception

    def report(sender, **kwargs):
        reported.append(sender)

    got_request_exception.connect(report)
    try:
        with mock.patch("cepathway.children.api.Child.objects.visible_to", side_effect=RuntimeError("boom")):
            response = client.get("/api/children", headers={"Authorization": f"Bearer {key}"})
    finally:
        got_request_exception.disconnect(report)

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == SERVER_ERROR
    assert "boom" not in response.text
    assert reported, "error reporting (and the test client) still hear of it"
