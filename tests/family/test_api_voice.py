"""The family's voice through the API: issue a link (its address given once), list a meeting's links
(never a token or address), withdraw one (versioned); the family's page then refuses it."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.family.models import ViewsLink, ViewsLinkState, token_hash
from cepathway.people.models import Role


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_issue_list_and_withdraw_through_the_api(world, api_client_for):
    meeting = world.meeting[world.child.pk]
    api = api_client_for(world.users[Role.LEAD_PROFESSIONAL])
    links = f"/api/family/meetings/{meeting.pk}/views-links"

    refused = post(api, links, {"voice_of": "parent_carer", "first_name": "Jo"})
    assert refused.status_code == 422 and "relationship" in refused.json()["errors"]

    made = post(api, links, {"voice_of": "parent_carer", "first_name": "Jo", "relationship": "stepfather"})
    assert made.status_code == 201, made.content
    body = made.json()
    token = body["url"].rsplit("/", 2)[-2]
    assert body["url"].endswith(reverse("family:views", args=[token]))
    assert body["link"]["state"] == "waiting" and body["link"]["usable"] is True
    link = ViewsLink.objects.get(token_hash=token_hash(token))
    assert str(link.pk) == body["link"]["id"]

    listed = api.get(links)
    assert listed.status_code == 200
    text = listed.content.decode()
    assert token not in text and "url" not in listed.json()[0] and "token_hash" not in text
    assert {row["first_name"] for row in listed.json()} == {"Jo", "Fictionalparent"}

    assert Client().get(reverse("family:views", args=[token])).status_code == 200

    withdraw = f"/api/family/views-links/{link.pk}/withdraw"
    stale = post(api, withdraw, {"version": link.version + 5})
    assert stale.status_code == 409
    done = post(api, withdraw, {"version": link.version})
    assert done.status_code == 200 and done.json()["state"] == ViewsLinkState.WITHDRAWN
    again = post(api, withdraw, {"version": done.json()["version"]})
    assert again.status_code == 409

    assert Client().get(reverse("family:views", args=[token])).status_code == 404
    for entry in AuditEvent.objects.values("detail", "path"):
        assert token not in repr(entry) and "Jo " not in entry["detail"]


def test_a_team_manager_lists_but_may_not_issue(world, api_client_for):
    meeting = world.meeting[world.child.pk]
    api = api_client_for(world.users[Role.TEAM_MANAGER])
    links = f"/api/family/meetings/{meeting.pk}/views-links"
    assert api.get(links).status_code == 200
    assert post(api, links, {"voice_of": "child", "first_name": "Jo"}).status_code == 403
