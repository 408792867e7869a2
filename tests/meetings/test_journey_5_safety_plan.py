"""Step 5: a safety plan of actions (what, owner person and agency, due date, status) is agreed;
owners see their actions on their own work page (overdue ones stand out) and record progress."""

from datetime import timedelta

from django.urls import reverse

from cepathway.children.models import CEStatus, Child
from cepathway.meetings import invitations, safety_plan
from cepathway.meetings.models import Action, ActionStatus, ActionUpdate
from cepathway.people.models import AgencyKind, Role

from .conftest import form_date


def test_a_plan_is_agreed_and_its_owner_works_it_through_the_pages(world, clock, client_for, pathway):
    meeting = pathway.hold(pathway.level1(invite=False))
    owner = world.users[Role.POLICE_OFFICER]
    cerar = client_for(pathway.cerar)
    url = reverse("meetings:add-action", args=[meeting.pk])

    assert client_for(owner).get(reverse("meetings:child", args=[meeting.child_id])).status_code == 404
    past = cerar.post(
        url, {"description": "Visit", "owner": str(owner.pk), **form_date("due_on", clock.today - timedelta(days=1))}
    )
    assert "must be today or in the future" in past.content.decode()
    due = clock.today + timedelta(days=14)
    added = cerar.post(
        url,
        {
            "description": "Share what can be shared with the parents.",
            "owner": str(owner.pk),
            **form_date("due_on", due),
        },
    )
    assert added.status_code == 302
    action = Action.objects.get(meeting=meeting)
    assert (action.owner, action.owner_agency, action.due_on, action.status) == (
        owner,
        world.agencies[AgencyKind.POLICE],
        due,
        ActionStatus.NOT_STARTED,
    )

    work = client_for(owner).get(reverse("my-work")).content.decode()
    assert "Safety plan actions I own" in work and "Share what can be shared" in work and "Overdue" not in work
    assert client_for(owner).get(reverse("meetings:child", args=[meeting.child_id])).status_code == 200

    clock.travel_to(due + timedelta(days=3))
    overdue_work = client_for(owner).get(reverse("my-work")).content.decode()
    assert "govuk-tag--red" in overdue_work and "Overdue" in overdue_work
    manager_work = client_for(world.users[Role.TEAM_MANAGER]).get(reverse("my-work")).content.decode()
    assert "Overdue across the partnership" in manager_work and "Share what can be shared" in manager_work

    progress_url = reverse("meetings:action-progress", args=[action.pk])
    owner_page = client_for(owner)
    done = owner_page.post(
        progress_url, {"version": action.version, "note": "Spoke to both parents.", "status": "done"}
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.DONE, clock.today)
    update = ActionUpdate.objects.get(action=action)
    assert (update.status_before, update.status_after, update.created_by) == ("not_started", "done", owner)
    assert "Spoke to both parents." in owner_page.get(reverse("meetings:action", args=[action.pk])).content.decode()

    stale = owner_page.post(progress_url, {"version": 1, "note": "Again", "status": "in_progress"})
    assert "Someone else saved this record" in stale.content.decode()
    assert ActionUpdate.objects.filter(action=action).count() == 1

    school_user = world.users[Role.PARTNER_PROFESSIONAL]
    school = client_for(school_user)
    assert school.get(reverse("meetings:action", args=[action.pk])).status_code == 404
    invitations.invite(meeting, [school_user], by=pathway.cerar)
    assert school.get(reverse("meetings:action", args=[action.pk])).status_code == 200
    assert school.get(progress_url).status_code == 403


def test_a_plan_through_the_api(world, clock, api_client_for, pathway):
    meeting = pathway.hold(pathway.level1(invite=False))
    owner = world.users[Role.PARTNER_PROFESSIONAL]
    cerar = api_client_for(pathway.cerar)
    body = {"description": "Daily check-in at school.", "owner_id": str(owner.pk), "due_on": str(clock.today)}
    created = cerar.post(f"/api/meetings/{meeting.pk}/actions", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["owner_agency"] == str(owner.agency)
    action_id = created.json()["id"]
    mine = api_client_for(owner)
    assert mine.get(f"/api/meetings/actions/{action_id}").json()["overdue"] is False
    update = mine.post(
        f"/api/meetings/actions/{action_id}/updates",
        {"version": 1, "note": "Started.", "status": "in_progress"},
        content_type="application/json",
    )
    assert update.status_code == 201 and update.json()["status"] == "in_progress"
    clock.advance(2)
    assert mine.get(f"/api/meetings/actions/{action_id}").json()["overdue"] is True
    assert api_client_for(world.unrelated).get(f"/api/meetings/actions/{action_id}").status_code == 404


def test_open_actions_close_with_the_pathway_and_their_owners_lose_sight(world, clock, pathway):
    level1 = pathway.hold(pathway.level1(invite=False))
    owner = world.users[Role.POLICE_OFFICER]
    open_action = safety_plan.add_action(
        level1, description="Disruption visit.", owner=owner, due_on=clock.today + timedelta(days=20), by=pathway.cerar
    )
    done = safety_plan.add_action(level1, description="Call school.", owner=owner, due_on=clock.today, by=pathway.cerar)
    safety_plan.update_action(done, note="Called.", status=ActionStatus.DONE, expected_version=done.version, by=owner)
    assert Child.objects.visible_to(owner).filter(pk=level1.child_id).exists()

    pathway.decide(level1, CEStatus.NONE)

    open_action.refresh_from_db()
    done.refresh_from_db()
    assert (open_action.status, done.status) == (ActionStatus.NO_LONGER_NEEDED, ActionStatus.DONE)
    assert "pathway ended" in open_action.updates.latest("created_at").note
    assert not Child.objects.visible_to(owner).filter(pk=level1.child_id).exists()


def test_my_actions_through_the_api(world, clock, api_client_for, pathway):
    """What the "Safety plan actions I own" panel lists: open actions, overdue first, in scope."""
    meeting = pathway.hold(pathway.level1(invite=False))
    owner = world.users[Role.POLICE_OFFICER]
    later = safety_plan.add_action(
        meeting, description="Later visit.", owner=owner, due_on=clock.today + timedelta(days=20), by=pathway.cerar
    )
    sooner = safety_plan.add_action(
        meeting, description="Sooner visit.", owner=owner, due_on=clock.today + timedelta(days=2), by=pathway.cerar
    )
    done = safety_plan.add_action(
        meeting, description="Done already.", owner=owner, due_on=clock.today + timedelta(days=1), by=pathway.cerar
    )
    safety_plan.update_action(done, note="Done.", status=ActionStatus.DONE, expected_version=done.version, by=owner)
    clock.advance(5)  # `sooner` is now overdue
    mine = api_client_for(owner)

    got = mine.get("/api/meetings/my-actions")
    assert got.status_code == 200
    assert [(a["id"], a["overdue"]) for a in got.json()] == [(str(sooner.pk), True), (str(later.pk), False)]
    assert api_client_for(pathway.cerar).get("/api/meetings/my-actions").json() == [], "only actions I own"
    assert api_client_for(world.unrelated).get("/api/meetings/my-actions").json() == []

    assert mine.get(f"/api/meetings/actions/{sooner.pk}").status_code == 200
    assert api_client_for(world.unrelated).get(f"/api/meetings/actions/{sooner.pk}").status_code == 404
