"""Issue 11, bad input: dates no one could mean. A meeting or an action's due date may be set at most
the partnership's `book_ahead_within` ahead (365 days by default; an administrator changes it on the
Policy page), on the page and through the API, with GOV.UK's "Enter a date no later than ..."."""

from dataclasses import replace
from datetime import date, timedelta

import django.utils.timezone
import pytest
from django.urls import reverse

from cepathway.core.errors import RuleError
from cepathway.core.policy import DEFAULT_POLICY, Venue, from_document, policy_problems, to_document
from cepathway.meetings import booking, safety_plan
from cepathway.meetings.level2 import services as level2
from cepathway.meetings.models import Action, Meeting
from cepathway.missing.models import MissingEpisode
from cepathway.people.models import Role
from cepathway.policy.services import PolicyInvalid, policy_for, publish
from cepathway.policy.wording import long_date
from tests.meetings.conftest import START, Clock, Pathway, at, form_date, new_child, working_day_after
from tests.policy.helpers import CURRENT, EDIT, HISTORY, policy_post, text_of

pytestmark = pytest.mark.django_db

FAR = date(9999, 12, 31)


@pytest.fixture
def clock(monkeypatch):
    """The meetings tests' clock, on a working Monday."""
    fake = Clock(START)
    monkeypatch.setattr(django.utils.timezone, "now", fake)
    return fake


@pytest.fixture
def pathway(world, clock):
    return Pathway(world, clock)


def _latest(today: date, days: int = 365) -> str:
    return f"Enter a date no later than {long_date(today + timedelta(days=days))}"


def test_a_level1_dated_9999_is_refused_on_the_page_with_the_policy_bound(world, clock, client_for):
    child = new_child(world)
    page = client_for(world.users[Role.CERAR_LEAD])
    url = reverse("meetings:schedule-level1", args=[child.pk])
    refused = page.post(url, {**form_date("date", FAR), "time": "10:00", "venue": "online"})
    assert refused.status_code == 200
    assert _latest(clock.today) in text_of(refused.content.decode())
    assert not Meeting.objects.filter(child=child).exists()


def test_a_level1_dated_9999_is_refused_through_the_api(world, clock, api_client_for):
    child = new_child(world)
    api = api_client_for(world.users[Role.CERAR_LEAD])
    body = {"child_id": str(child.pk), "date": FAR.isoformat(), "time": "10:00", "venue": "online"}
    refused = api.post("/api/meetings/level1", body, content_type="application/json")
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"]["date"][0].startswith(_latest(clock.today))
    assert not Meeting.objects.filter(child=child).exists()


def test_the_last_day_policy_allows_is_accepted_and_the_day_after_is_not(world, clock):
    cerar = world.users[Role.CERAR_LEAD]
    latest = clock.today + timedelta(days=365)
    last_working = latest
    while last_working.weekday() >= 5:
        last_working -= timedelta(days=1)
    after = working_day_after(latest, 1)
    with pytest.raises(RuleError) as error:
        booking.schedule_level1(new_child(world), booking.Details(at(after), Venue.ONLINE, "", cerar), by=cerar)
    assert error.value.field == "date"
    meeting = booking.schedule_level1(
        new_child(world), booking.Details(at(last_working), Venue.ONLINE, "", cerar), by=cerar
    )
    assert meeting.scheduled_on == last_working


def test_moving_a_meeting_to_year_9999_is_refused(world, clock, pathway):
    meeting = pathway.level1()
    details = booking.Details(at(FAR), Venue.ONLINE, "", meeting.chair)
    with pytest.raises(RuleError) as error:
        booking.change_details(meeting, details, expected_version=meeting.version, by=meeting.chair)
    assert error.value.field == "date" and error.value.message.startswith(_latest(clock.today))


def test_a_level2_meeting_for_a_month_years_ahead_is_refused(world, clock):
    organiser = world.users[Role.CERAR_LEAD]
    with pytest.raises(RuleError) as error:
        level2.create_level2(world.home, month=date(2099, 6, 1), chair=organiser, by=organiser)
    assert error.value.field == "date"


def test_an_action_due_in_year_9999_is_refused_through_the_api_and_in_the_service(
    world, clock, pathway, api_client_for
):
    meeting = pathway.level1()
    owner = world.users[Role.SOCIAL_WORKER]
    api = api_client_for(meeting.chair)
    body = {"description": "Fictional action", "owner_id": str(owner.pk), "due_on": FAR.isoformat()}
    refused = api.post(f"/api/meetings/{meeting.pk}/actions", body, content_type="application/json")
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"]["due_on"][0].startswith(_latest(clock.today))
    assert not Action.objects.filter(meeting=meeting).exists()

    action = safety_plan.add_action(
        meeting, description="Fictional", owner=owner, due_on=clock.today + timedelta(days=7), by=meeting.chair
    )
    with pytest.raises(RuleError) as error:
        safety_plan.update_action(
            action, note="Moved", status=action.status, due_on=FAR, expected_version=action.version, by=owner
        )
    assert error.value.field == "due_on"


def test_the_administrator_changes_the_bound_and_the_pages_say_so(world, clock, client_for, api_client_for):
    admin = world.users[Role.ADMINISTRATOR]
    page = client_for(admin)
    before = policy_for(world.home.pk)
    changed = page.post(EDIT, policy_post(before, book_ahead_within="120", reason="Fictional: book nearer"))
    assert changed.status_code == 302, text_of(changed.content.decode())
    assert policy_for(world.home.pk).book_ahead_within == timedelta(days=120)
    current = text_of(page.get(CURRENT).content.decode())
    assert "A meeting may be booked, or an action be due, up to 120 days ahead" in current
    history = text_of(page.get(HISTORY).content.decode())
    assert "A meeting may be booked, or an action be due, up to: 365 days ahead → 120 days ahead" in history

    child = new_child(world)
    day = working_day_after(clock.today, 150)
    body = {"child_id": str(child.pk), "date": day.isoformat(), "time": "10:00", "venue": "online"}
    refused = api_client_for(world.users[Role.CERAR_LEAD]).post(
        "/api/meetings/level1", body, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["date"][0].startswith(_latest(clock.today, 120))


def test_the_bound_must_leave_room_for_the_longest_gap_between_meetings(world):
    policy = policy_for(world.home.pk)
    too_short = replace(policy, book_ahead_within=timedelta(days=30))
    problems = policy_problems(too_short, roles=[role.value for role in Role])
    assert "between 84 (the longest gap between meetings) and 730" in problems["book_ahead_within"]
    with pytest.raises(PolicyInvalid) as refused:
        publish(world.home, too_short, based_on=policy.number, reason="Fictional", by=world.users[Role.ADMINISTRATOR])
    assert "book_ahead_within" in refused.value.problems


def test_a_policy_stored_before_the_bound_existed_reads_back_with_a_year():
    document = to_document(DEFAULT_POLICY)
    del document["book_ahead_within_days"]
    assert from_document(document).book_ahead_within == timedelta(days=365)


def test_a_missing_episode_before_the_child_was_born_is_refused(world, api_client_for):
    child = world.other_child
    api = api_client_for(world.users[Role.TEAM_MANAGER])
    before = MissingEpisode.objects.filter(child=child).count()
    body = {"missing_from": "home", "started_on": "1902-05-01", "started_time": "20:00"}
    refused = api.post(f"/api/missing/children/{child.pk}/episodes", body, content_type="application/json")
    assert refused.status_code == 422, refused.content
    born = f"{child.date_of_birth:%-d %B %Y}"
    assert refused.json()["errors"]["started_on"] == [f"Enter a date no earlier than the child's date of birth, {born}"]
    assert MissingEpisode.objects.filter(child=child).count() == before
