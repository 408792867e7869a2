"""Journey 11: a partner system works the meetings through the API alone, and meets the same error
contract as everywhere else (docs/api.md): people named by id, refusals named as the caller sent
them, malformed ids answered in JSON, the flags waiting for Level 2 listed, and each outcome saying
which version of the partnership's policy set its review."""

import json
from typing import Any

from cepathway.children.models import CEStatus
from cepathway.meetings.level2 import flags
from cepathway.people.models import Role
from cepathway.policy.services import policy_for

JSON = "application/json"


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body, default=str), content_type=JSON)


def test_people_found_in_the_directory_are_named_by_id_and_refusals_use_the_callers_names(
    world, clock, api_client_for, pathway
):
    level1 = pathway.hold(pathway.level1())
    cerar = api_client_for(pathway.cerar)
    people = cerar.get("/api/people", {"role": "police_officer"}).json()
    police_id = next(person["id"] for person in people if person["id"] == str(world.users[Role.POLICE_OFFICER].pk))

    added = post(
        cerar,
        f"/api/meetings/{level1.pk}/actions",
        {"description": "Fictional patrol near the station.", "owner_id": police_id, "due_on": clock.today},
    )
    assert added.status_code == 201 and added.json()["owner_id"] == police_id

    elsewhere = post(
        cerar,
        f"/api/meetings/{level1.pk}/actions",
        {"description": "Fictional.", "owner_id": str(world.elsewhere_lead.pk), "due_on": clock.today},
    )
    assert elsewhere.status_code == 422
    assert set(elsewhere.json()["errors"]) == {"owner_id"}, "named as sent, never the form's 'owner'"


def test_attendance_errors_name_the_entries_not_the_forms_fields(world, clock, api_client_for, pathway):
    level1 = pathway.hold(pathway.level1())
    invitation = level1.invitations.first()
    response = api_client_for(pathway.cerar).put(
        f"/api/meetings/{level1.pk}/attendance",
        json.dumps({"version": level1.version, "entries": [{"invitation_id": str(invitation.pk), "attendance": "x"}]}),
        content_type=JSON,
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"entries"} and str(invitation.pk) in errors["entries"][0]


def test_a_malformed_meeting_id_is_a_json_404(world, api_client_for):
    response = api_client_for(world.users[Role.CERAR_LEAD]).get("/api/meetings/not-a-meeting/family-summary")
    assert response.status_code == 404 and response["Content-Type"].startswith(JSON)
    assert set(response.json()) == {"detail", "errors"}


def test_the_flags_waiting_for_level2_are_listed_to_the_panel_and_organisers_only(
    world, clock, api_client_for, pathway
):
    low = pathway.decide(pathway.level1(), CEStatus.LOW).review.child
    low.refresh_from_db()
    flag = flags.flag_for_level2(low, reason="Fictional: seen with older youths.", by=pathway.cerar)
    listed = api_client_for(world.users[Role.TEAM_MANAGER]).get("/api/meetings/level2-flags")
    assert listed.status_code == 200
    assert [(row["id"], row["reason"], row["level2_meeting_id"]) for row in listed.json()] == [
        (str(flag.pk), flag.reason, None)
    ]
    assert api_client_for(world.users[Role.SOCIAL_WORKER]).get("/api/meetings/level2-flags").status_code == 403
    assert api_client_for(world.unrelated).get("/api/meetings/level2-flags").status_code == 403
    assert api_client_for(world.elsewhere_lead).get("/api/meetings/level2-flags").json() == [], "not elsewhere's"


def test_an_outcome_through_the_api_says_which_policy_version_set_its_review(world, clock, api_client_for, pathway):
    level1 = pathway.hold(pathway.level1())
    manager = world.users[Role.TEAM_MANAGER]
    response = post(
        api_client_for(pathway.cerar),
        f"/api/meetings/{level1.pk}/outcome",
        {
            "version": level1.version,
            "status": "high",
            "ce_types": ["cse"],
            "rationale": "Fictional.",
            "review_venue": "online",
            "review_chair_id": str(manager.pk),
        },
    )
    assert response.status_code == 201, response.content
    policy = policy_for(world.home)
    decision = response.json()["decision"]
    assert (decision["policy_version"], decision["policy_version_id"]) == (policy.number, str(policy.version_id))
    detail = api_client_for(pathway.cerar).get(f"/api/meetings/{level1.pk}").json()
    assert detail["decision"]["policy_version"] == policy.number
