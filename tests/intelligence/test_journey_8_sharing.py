"""Journey 8: the child's lead professional (or allocated social worker, or CERAR) records what police
information may be shared with the family: what, with whom, who decided, why and the handling
conditions. It shows with the child's safety plan and on the family summary, until it is withdrawn.
Edits are versioned; every view and change is audited; someone unrelated sees nothing."""

from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import SharingDecision
from cepathway.people.models import Role

WHAT = "Fictional: please keep your child away from the Fictional Grill on the high street."


def _post_new(client, child, **more):
    data = {"what": WHAT, "with_whom": "Mother and stepfather", "why": "To help keep the child safe at weekends."}
    data |= {"handling_conditions": "Tell the family in person; no copies.", **more}
    return client.post(reverse("intelligence:sharing-new", args=[child.pk]), data)


def test_the_lead_professional_records_it_from_the_childs_page_and_it_shows_with_the_plan_and_summary(
    world, client_for
):
    lead = client_for(world.users[Role.LEAD_PROFESSIONAL])
    child_page = lead.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    sharing_url = reverse("intelligence:sharing", args=[world.child.pk])
    assert sharing_url in child_page  # reached by clicking, from the child's card
    listing = lead.get(sharing_url).content.decode()
    assert reverse("intelligence:sharing-new", args=[world.child.pk]) in listing
    place = world.concern_place[world.child.pk]
    response = _post_new(lead, world.child, place=str(place.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = SharingDecision.objects.get(what=WHAT)
    assert decision.decided_by == world.users[Role.LEAD_PROFESSIONAL] and decision.place == place
    assert AuditEvent.objects.filter(action="created", record_id=str(decision.pk), child_id=world.child.pk).exists()

    listing = lead.get(sharing_url).content.decode()
    assert "Mother and stepfather" in listing and "Tell the family in person" in listing
    assert (
        world.users[Role.LEAD_PROFESSIONAL].display_name in listing
        or str(world.users[Role.LEAD_PROFESSIONAL]) in listing
    )

    plan = lead.get(reverse("meetings:child", args=[world.child.pk])).content.decode()
    assert "What may be shared with the family" in plan and "Fictional Grill on the high street" in plan
    summary = lead.get(reverse("meetings:family-summary", args=[world.meeting[world.child.pk].pk])).content.decode()
    assert "Information we can share with you" in summary and "Fictional Grill on the high street" in summary
    assert "Mother and stepfather" in summary
    assert "Tell the family in person" not in summary  # the conditions are for professionals


def test_a_required_answer_missing_is_said_beside_its_field(world, client_for):
    response = _post_new(client_for(world.users[Role.SOCIAL_WORKER]), world.child, what="", with_whom="")
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Enter what may be shared with the family" in page and "Enter who it may be shared with" in page
    assert not SharingDecision.objects.filter(child=world.child, created_by=world.users[Role.SOCIAL_WORKER]).exists()


def test_changes_are_versioned_and_a_clash_loses_nothing(world, client_for):
    decision = world.sharing_decision[world.child.pk]
    url = reverse("intelligence:sharing-change", args=[decision.pk])
    data = {"what": "Fictional changed wording", "with_whom": "Parents", "why": "Safety", "version": decision.version}
    cerar, worker = client_for(world.users[Role.CERAR_LEAD]), client_for(world.users[Role.SOCIAL_WORKER])
    assert cerar.post(url, data).status_code == 302
    stale = worker.post(url, data | {"what": "Fictional second wording"})
    assert stale.status_code == 200 and "Someone else saved this record" in stale.content.decode()
    decision.refresh_from_db()
    assert decision.what == "Fictional changed wording" and decision.version == 2
    changes = AuditEvent.objects.filter(action="changed", record_id=str(decision.pk))
    assert any("what" in entry.fields for entry in changes)


def test_withdrawn_it_leaves_the_plan_and_the_summary_but_is_kept(world, client_for):
    decision = world.sharing_decision[world.child.pk]
    client = client_for(world.users[Role.LEAD_PROFESSIONAL])
    response = client.post(reverse("intelligence:sharing-withdraw", args=[decision.pk]), {"version": decision.version})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_at is not None
    summary = client.get(reverse("meetings:family-summary", args=[world.meeting[world.child.pk].pk])).content.decode()
    assert decision.what not in summary
    plan = client.get(reverse("meetings:child", args=[world.child.pk])).content.decode()
    assert decision.what not in plan
    listing = client.get(reverse("intelligence:sharing", args=[world.child.pk])).content.decode()
    assert "Withdrawn" in listing and "a takeaway on the high street" in listing


def test_who_may_record_and_who_sees_nothing(world, client_for):
    url = reverse("intelligence:sharing-new", args=[world.child.pk])
    for role in (Role.POLICE_OFFICER, Role.PARTNER_PROFESSIONAL, Role.LEVEL2_MEMBER, Role.TEAM_MANAGER):
        assert client_for(world.users[role]).get(url).status_code == 403, role
    police = client_for(world.users[Role.POLICE_OFFICER]).get(reverse("intelligence:sharing", args=[world.child.pk]))
    assert police.status_code == 200 and url not in police.content.decode()  # sees it, may not record it
    unrelated = client_for(world.unrelated)
    for address in (reverse("intelligence:sharing", args=[world.child.pk]), url):
        response = unrelated.get(address)
        assert response.status_code == 404 and "high street" not in response.content.decode()
    assert AuditEvent.objects.filter(action="denied", user=world.unrelated).exists()
    # The child's own social worker records; another child's sharing is not theirs to see.
    assert client_for(world.users[Role.SOCIAL_WORKER]).get(url).status_code == 200
    other = reverse("intelligence:sharing", args=[world.other_child.pk])
    assert client_for(world.users[Role.SOCIAL_WORKER]).get(other).status_code == 404


def test_the_api_records_lists_and_withdraws(world, api_client_for):
    worker = api_client_for(world.users[Role.SOCIAL_WORKER])
    base = f"/api/intelligence/children/{world.child.pk}/sharing"
    made = worker.post(
        base,
        {"what": WHAT, "with_whom": "Grandmother", "why": "She cares for him at weekends."},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["with_whom"] == "Grandmother" and body["decided_by"] == str(world.users[Role.SOCIAL_WORKER])
    refused = worker.post(base, {"what": "", "with_whom": "x", "why": "y"}, content_type="application/json")
    assert refused.status_code == 422 and "what" in refused.json()["errors"]
    listed = worker.get(base).json()
    assert {item["what"] for item in listed} >= {WHAT, world.sharing_decision[world.child.pk].what}
    withdraw = f"/api/intelligence/sharing/{body['id']}/withdraw"
    assert worker.post(withdraw, {"version": 1}, content_type="application/json").status_code == 200
    assert worker.post(withdraw, {"version": 1}, content_type="application/json").status_code in (409, 422)
    assert api_client_for(world.unrelated).get(base).status_code == 404
    assert (
        api_client_for(world.users[Role.POLICE_OFFICER])
        .post(base, {"what": "x", "with_whom": "y", "why": "z"}, content_type="application/json")
        .status_code
        == 403
    )


def test_the_family_summary_through_the_api_carries_it_too(world, api_client_for):
    decision = world.sharing_decision[world.child.pk]
    summary = api_client_for(world.users[Role.SOCIAL_WORKER]).get(
        f"/api/meetings/{world.meeting[world.child.pk].pk}/family-summary"
    )
    assert summary.status_code == 200
    shared = summary.json()["shared_information"]
    assert {"agency": f"{decision.decided_by.agency}, for Parents", "text": decision.what} in shared
    assert decision.handling_conditions not in str(summary.json())
