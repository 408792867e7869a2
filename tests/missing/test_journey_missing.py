"""Missing episodes, return home interviews and triggers, through the pages and the API.

A police officer records a child missing while the child is still missing; the child's social
worker and lead professional are told. The return is recorded; the interview is due 72 hours later
(the policy's hours) and becomes overdue 72 hours after the return: then it is on the work pages of
the child's workers and the team manager, never on an unrelated person's. Three episodes in 90 days
prompt CERAR; a decision clears the prompt; a fourth episode prompts again; a policy of two
episodes changes the trigger. The child's social worker cannot conduct the interview. The history
shows in the chronology, on the child's page and on the Level 2 agenda item."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.missing.models import InterviewState, MissingEpisode, ReturnInterview, TriggerConsideration
from cepathway.notifications.models import Notification
from cepathway.people.models import AgencyKind, Role
from cepathway.policy.services import policy_for
from tests.factories import AgencyFactory, ChildFactory, UserFactory, adopt_policy

from .world_missing import make_episode

MY_WORK = reverse("my-work")
OVERDUE = "Return home interviews overdue"
CONSIDER = "Children to consider for the checklist"


def pass_time(monkeypatch, to):  # type: ignore[no-untyped-def]
    """From now on, `timezone.now()` answers `to` (a fixed moment)."""
    monkeypatch.setattr(timezone, "now", lambda: to)


def local_parts(moment):  # type: ignore[no-untyped-def]
    local = timezone.localtime(moment)
    return {"day": str(local.day), "month": str(local.month), "year": str(local.year), "time": f"{local:%H:%M}"}


def episode_post(started, returned=None, **more):  # type: ignore[no-untyped-def]
    s = local_parts(started)
    data = {
        "kind": "missing",
        "missing_from": "care",
        "started_on_day": s["day"],
        "started_on_month": s["month"],
        "started_on_year": s["year"],
        "started_time": s["time"],
        "reported_to_police": "yes",
        "police_reference": "FICT-2026-77",
        "risk_grading": "medium",
        "reported_by_name": "Fictional Carer",
        "reported_by_organisation": "Fictional Children's Home",
        **more,
    }
    if returned is not None:
        r = local_parts(returned)
        data.update(
            returned_on_day=r["day"], returned_on_month=r["month"], returned_on_year=r["year"], returned_time=r["time"]
        )
    return data


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_record_while_missing_then_the_return_and_the_interview_becomes_overdue(world, client_for, monkeypatch):
    child = world.child
    police, worker = world.users[Role.POLICE_OFFICER], world.users[Role.SOCIAL_WORKER]
    lead = world.users[Role.LEAD_PROFESSIONAL]
    started = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=5)
    # The world's earlier interview for the child was declined: only the new one can fall due.
    ReturnInterview.objects.filter(child=child).update(state=InterviewState.DECLINED)

    page = client_for(police).get(reverse("missing:record-episode", args=[child.pk]))
    assert page.status_code == 200 and "Record a missing episode" in text_of(page)
    saved = client_for(police).post(reverse("missing:record-episode", args=[child.pk]), episode_post(started))
    assert saved.status_code == 302, text_of(saved)
    episode = MissingEpisode.objects.filter(child=child, police_reference="FICT-2026-77").get()
    assert episode.is_still_missing and episode.started_at == started
    assert not ReturnInterview.objects.filter(episode=episode).exists()
    # The child's workers are told; the police officer who recorded it is not.
    told = set(
        Notification.objects.filter(link=reverse("missing:history", args=[child.pk])).values_list(
            "recipient", flat=True
        )
    )
    assert {worker.pk, lead.pk} <= told and police.pk not in told

    history = client_for(worker).get(reverse("missing:history", args=[child.pk]))
    assert "Still missing" in text_of(history) and "Fictional Carer" in text_of(history)

    returned = started + timedelta(hours=4)
    post = {
        "version": str(episode.version),
        **{k: v for k, v in episode_post(started, returned).items() if k.startswith("returned")},
        "where_found": "Fictional: bus station",
        "police_reference": "FICT-2026-77",
        "risk_grading": "medium",
    }
    done = client_for(worker).post(reverse("missing:record-return", args=[episode.pk]), post)
    assert done.status_code == 302, text_of(done)
    interview = ReturnInterview.objects.get(episode=episode)
    hours = policy_for(child.partnership_id).timescales.return_interview_hours
    assert hours == 72 and interview.due_by == returned + timedelta(hours=72)
    assert interview.state == InterviewState.TO_OFFER

    def on_work_page(user) -> bool:  # type: ignore[no-untyped-def]
        page = text_of(client_for(user).get(MY_WORK))
        return OVERDUE in page and child.full_name in page.split(OVERDUE, 1)[1]

    # A minute before the 72 hours: due, not overdue.
    pass_time(monkeypatch, returned + timedelta(hours=72) - timedelta(minutes=1))
    assert not ReturnInterview.objects.filter(pk=interview.pk).overdue().exists()
    assert not on_work_page(worker)
    # A minute after: overdue, on the work pages of those responsible and their manager.
    pass_time(monkeypatch, returned + timedelta(hours=72, minutes=1))
    assert ReturnInterview.objects.filter(pk=interview.pk).overdue().exists()
    for user in (worker, lead, world.users[Role.TEAM_MANAGER]):
        assert on_work_page(user), user.role
    for user in (world.unrelated, world.users[Role.PARTNER_PROFESSIONAL], police):
        assert OVERDUE not in text_of(client_for(user).get(MY_WORK)), user
    listing = client_for(world.users[Role.TEAM_MANAGER]).get(reverse("missing:interviews"))
    assert child.full_name in text_of(listing) and "Overdue" in text_of(listing)
    history = text_of(client_for(worker).get(reverse("missing:history", args=[child.pk])))
    assert "Overdue" in history and "Fictional: bus station" in history


def test_the_interview_recorded_and_it_mentions_exploitation_prompts_cerar(world, client_for):
    child, hub, cerar = world.child, world.users[Role.HUB_PRACTITIONER], world.users[Role.CERAR_LEAD]
    interview = world.return_interview[child.pk]
    returned = interview.episode.returned_at
    c = local_parts(returned + timedelta(hours=3))
    post = {
        "version": str(interview.version),
        "state": "completed",
        "interviewer_name": "Fictional Interviewer",
        "interviewer_organisation": "Fictional Missing Service",
        "offered_on_day": c["day"],
        "offered_on_month": c["month"],
        "offered_on_year": c["year"],
        "offered_time": c["time"],
        "completed_on_day": c["day"],
        "completed_on_month": c["month"],
        "completed_on_year": c["year"],
        "completed_time": c["time"],
        "child_said": "Fictional: an older boy gave me a phone and asked me to carry things.",
        "mentions_exploitation": "on",
    }
    assert CONSIDER not in text_of(client_for(cerar).get(MY_WORK))
    saved = client_for(hub).post(reverse("missing:interview", args=[interview.pk]), post)
    assert saved.status_code == 302, text_of(saved)
    interview.refresh_from_db()
    assert interview.state == InterviewState.COMPLETED and interview.mentions_exploitation
    work = text_of(client_for(cerar).get(MY_WORK))
    assert CONSIDER in work and "mentions exploitation" in work
    assert Notification.objects.filter(recipient=cerar, message__contains="mentions exploitation").exists()
    history = text_of(client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("missing:history", args=[child.pk])))
    assert "asked me to carry things" in history and "Mentions exploitation" in history
    # Starting the checklist takes CERAR to the contact form, filled in with the child's name.
    started = client_for(cerar).post(reverse("missing:consider", args=[child.pk]), {"outcome": "checklist_started"})
    assert started.status_code == 302 and started["Location"].startswith(reverse("referrals:new") + "?")
    assert f"first_name={child.first_name}" in started["Location"]
    form = text_of(client_for(cerar).get(started["Location"]))
    assert child.last_name in form
    assert CONSIDER not in text_of(client_for(cerar).get(MY_WORK))


def record_by_api(api, child, started, returned=None):  # type: ignore[no-untyped-def]
    body = {"missing_from": "home", "started_on": started.date().isoformat(), "started_time": "20:00"}
    if returned:
        body.update(returned_on=returned.date().isoformat(), returned_time="09:00")
    return api.post(f"/api/missing/children/{child.pk}/episodes", body, content_type="application/json")


def test_three_episodes_in_90_days_prompt_cerar_until_considered_and_a_fourth_prompts_again(
    world, client_for, api_client_for
):
    child, cerar = world.other_child, world.users[Role.CERAR_LEAD]
    api = api_client_for(world.users[Role.TEAM_MANAGER])
    today = timezone.localdate()
    # The world's child already has one episode, 30 hours ago: with one more, two in 90 days.
    for days in (40,):
        made = record_by_api(
            api, child, timezone.now() - timedelta(days=days), timezone.now() - timedelta(days=days - 1)
        )
        assert made.status_code == 201, made.json()
    assert CONSIDER not in text_of(client_for(cerar).get(MY_WORK))
    third = record_by_api(api, child, timezone.now() - timedelta(days=3))
    assert third.status_code == 201 and third.json()["returned_at"] is None and third.json()["interview"] is None
    work = text_of(client_for(cerar).get(MY_WORK))
    assert CONSIDER in work and child.full_name in work.split(CONSIDER, 1)[1]
    assert Notification.objects.filter(recipient=cerar, message__contains="missing trigger").exists()
    assert today  # the window counts back from today

    # No further action needs a reason.
    refused = client_for(cerar).post(reverse("missing:consider", args=[child.pk]), {"outcome": "no_further_action"})
    assert refused.status_code == 200 and "Say why no further action is needed" in text_of(refused)
    ok = client_for(cerar).post(
        reverse("missing:consider", args=[child.pk]),
        {"outcome": "no_further_action", "reason": "Fictional: already open to the CE team; discussed at Level 1."},
    )
    assert ok.status_code == 302
    assert TriggerConsideration.objects.filter(child=child).count() == 1
    assert CONSIDER not in text_of(client_for(cerar).get(MY_WORK))

    assert record_by_api(api, child, timezone.now() - timedelta(days=1)).status_code == 201
    work = text_of(client_for(cerar).get(MY_WORK))
    assert CONSIDER in work and "4 missing episodes in 90 days" in work


def test_the_partnerships_policy_sets_the_trigger(world, client_for, api_client_for):
    child, cerar = world.other_child, world.users[Role.CERAR_LEAD]
    api = api_client_for(world.users[Role.HUB_PRACTITIONER])
    # With the world's episode, two in 90 days: not enough for the starting policy's three.
    assert record_by_api(api, child, timezone.now() - timedelta(days=20)).status_code == 201
    assert CONSIDER not in text_of(client_for(cerar).get(MY_WORK))
    policy = policy_for(world.home)
    adopt_policy(world.home, replace(policy, timescales=replace(policy.timescales, missing_trigger_episodes=2)))
    work = text_of(client_for(cerar).get(MY_WORK))
    assert CONSIDER in work and "2 missing episodes in 90 days" in work
    history = text_of(client_for(cerar).get(reverse("missing:history", args=[child.pk])))
    assert "after 2 missing episodes in 90 days" in history


def test_the_childs_allocated_social_worker_cannot_conduct_the_interview(world, client_for, api_client_for):
    child, worker, manager = world.child, world.users[Role.SOCIAL_WORKER], world.users[Role.TEAM_MANAGER]
    assert child.allocated_social_worker_id == worker.pk
    interview = world.return_interview[child.pk]
    c = local_parts(interview.episode.returned_at + timedelta(hours=1))
    post = {
        "version": str(interview.version),
        "state": "offered",
        "interviewer": str(worker.pk),
        "offered_on_day": c["day"],
        "offered_on_month": c["month"],
        "offered_on_year": c["year"],
        "offered_time": c["time"],
    }
    refused = client_for(manager).post(reverse("missing:interview", args=[interview.pk]), post)
    assert refused.status_code == 200
    assert "allocated social worker cannot conduct" in text_of(refused)
    interview.refresh_from_db()
    assert interview.state == InterviewState.TO_OFFER and interview.interviewer_id is None

    body = {
        "version": interview.version,
        "state": "offered",
        "interviewer_id": str(worker.pk),
        "offered_on": (interview.episode.returned_at + timedelta(hours=1)).date().isoformat(),
        "offered_time": c["time"],
    }
    answer = api_client_for(manager).post(
        f"/api/missing/interviews/{interview.pk}", body, content_type="application/json"
    )
    assert answer.status_code == 422 and "interviewer_id" in answer.json()["errors"]

    # Someone independent (the lead professional) may: they are now involved, and it saves.
    body["interviewer_id"] = str(world.users[Role.LEAD_PROFESSIONAL].pk)
    answer = api_client_for(manager).post(
        f"/api/missing/interviews/{interview.pk}", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["state"] == "offered" and answer.json()["interviewer_id"] == str(
        world.users[Role.LEAD_PROFESSIONAL].pk
    )
    stale = api_client_for(manager).post(
        f"/api/missing/interviews/{interview.pk}", body, content_type="application/json"
    )
    assert stale.status_code == 409


def test_the_history_in_the_chronology_on_the_childs_page_and_the_level2_item(world, client_for):
    child, cerar = world.child, world.users[Role.CERAR_LEAD]
    make_episode(child, cerar, started_at=timezone.now() - timedelta(days=2), still_missing=True)
    page = text_of(client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[child.pk])))
    assert "Missing episodes (2, missing now)" in page
    assert reverse("missing:history", args=[child.pk]) in page
    # A partner professional sees the child, not the missing history.
    school_page = text_of(
        client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(reverse("children:detail", args=[child.pk]))
    )
    assert reverse("missing:history", args=[child.pk]) not in school_page
    chronology = text_of(client_for(cerar).get(reverse("children:chronology", args=[child.pk])))
    assert "Missing from home" in chronology and "Returned (6 hours)" in chronology
    level2 = world.level2[world.home.pk]
    agenda = text_of(client_for(cerar).get(reverse("meetings:level2", args=[level2.month.year, level2.month.month])))
    assert "2 missing episodes" in agenda and "in the last 90 days" in agenda and "Missing now" in agenda


def test_the_overdue_api_and_the_childs_episodes(world, api_client_for, monkeypatch):
    child = world.child
    interview = world.return_interview[child.pk]
    pass_time(monkeypatch, interview.due_by + timedelta(minutes=1))
    mine = api_client_for(world.users[Role.LEAD_PROFESSIONAL]).get("/api/missing/interviews/overdue").json()
    assert [row["id"] for row in mine] == [str(interview.pk)] and mine[0]["overdue"] is True
    assert api_client_for(world.users[Role.INTELLIGENCE_OFFICER]).get("/api/missing/interviews/overdue").json() == []
    managers = api_client_for(world.users[Role.TEAM_MANAGER]).get("/api/missing/interviews/overdue").json()
    assert str(world.return_interview[world.other_child.pk].pk) in {row["id"] for row in managers}
    episodes = api_client_for(world.users[Role.POLICE_OFFICER]).get(f"/api/missing/children/{child.pk}/episodes").json()
    assert episodes[0]["interview"]["overdue"] is True and episodes[0]["police_reference"] == "FICT-0001"


@pytest.mark.parametrize("role", [Role.PARTNER_PROFESSIONAL, Role.LEVEL2_MEMBER])
def test_need_to_know_partners_do_not_read_the_missing_history(world, client_for, role):
    assert client_for(world.users[role]).get(reverse("missing:history", args=[world.child.pk])).status_code == 403


def test_a_child_not_yet_on_the_pathway_can_have_episodes(world, client_for):
    child = ChildFactory(partnership=world.home)
    hub = world.users[Role.HUB_PRACTITIONER]
    started = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    saved = client_for(hub).post(reverse("missing:record-episode", args=[child.pk]), episode_post(started))
    assert saved.status_code == 302
    assert MissingEpisode.objects.filter(child=child).count() == 1


def test_a_return_before_the_child_went_missing_is_refused(world, client_for):
    child, police = world.child, world.users[Role.POLICE_OFFICER]
    started = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    data = episode_post(started, started - timedelta(hours=1))
    refused = client_for(police).post(reverse("missing:record-episode", args=[child.pk]), data)
    assert refused.status_code == 200 and "The return must be after the child went missing" in text_of(refused)
    assert not MissingEpisode.objects.filter(child=child, police_reference="FICT-2026-77").exists()


def test_a_colleague_from_a_voluntary_service_conducts_the_interview(world, client_for):
    """A return worker with an account (a partner professional in a voluntary service, who did not
    see the child) is chosen as interviewer: from then on they see the child and the missing
    history, and record the interview themselves."""
    child, manager = world.child, world.users[Role.TEAM_MANAGER]
    charity = AgencyFactory(partnership=world.home, kind=AgencyKind.VOLUNTARY, name="Fictional Return Service")
    worker = UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=charity)
    interview = world.return_interview[child.pk]
    history = reverse("missing:history", args=[child.pk])
    assert client_for(worker).get(history).status_code == 404
    c = local_parts(interview.episode.returned_at + timedelta(hours=1))
    when = {"offered_on_day": c["day"], "offered_on_month": c["month"], "offered_on_year": c["year"]}
    post = {"version": str(interview.version), "state": "offered", "interviewer": str(worker.pk), **when}
    post["offered_time"] = c["time"]
    saved = client_for(manager).post(reverse("missing:interview", args=[interview.pk]), post)
    assert saved.status_code == 302, text_of(saved)
    assert client_for(worker).get(history).status_code == 200
    interview.refresh_from_db()
    done = {
        **post,
        "version": str(interview.version),
        "state": "completed",
        "completed_on_day": c["day"],
        "completed_on_month": c["month"],
        "completed_on_year": c["year"],
        "completed_time": c["time"],
        "child_said": "Fictional: went to see a friend; felt safe.",
    }
    recorded = client_for(worker).post(reverse("missing:interview", args=[interview.pk]), done)
    assert recorded.status_code == 302, text_of(recorded)
    interview.refresh_from_db()
    assert interview.state == InterviewState.COMPLETED and interview.interviewer_id == worker.pk
    # Another partner professional who sees the child still may not read the history.
    assert client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(history).status_code == 403


def test_an_episode_is_corrected_and_a_second_save_from_an_old_page_is_told(world, client_for):
    child, police, worker = world.child, world.users[Role.POLICE_OFFICER], world.users[Role.SOCIAL_WORKER]
    episode = world.missing_episode[child.pk]
    url = reverse("missing:episode", args=[episode.pk])
    assert "Correct the episode" in text_of(client_for(police).get(url))
    started = timezone.localtime(episode.started_at)
    post = {
        "version": str(episode.version),
        "kind": "absent",
        "missing_from": "school",
        "started_on_day": str(started.day),
        "started_on_month": str(started.month),
        "started_on_year": str(started.year),
        "started_time": f"{started:%H:%M}",
        "reported_to_police": "yes",
        "notes": "Fictional: left school at lunchtime.",
    }
    assert client_for(police).post(url, post).status_code == 302
    episode.refresh_from_db()
    assert (episode.kind, episode.missing_from, episode.version) == ("absent", "school", 2)
    stale = client_for(worker).post(url, {**post, "missing_from": "home"})
    assert stale.status_code == 200 and "Someone else saved this record" in text_of(stale)
    episode.refresh_from_db()
    assert episode.missing_from == "school"
