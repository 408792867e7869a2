"""Journeys through the training pages and API: a professional records their own training and
watches it lapse as the policy's months pass; the administrator sees who is untrained or lapsed by
organisation, and nobody in another partnership does; a partner finds their CE champion; a Level 1
meeting notes an invitee whose training has lapsed; bad input and stale edits save nothing."""

import html
from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.core.policy import Timescales
from cepathway.meetings import invitations, invitee_notes
from cepathway.people.models import AgencyKind, Role
from cepathway.policy.services import policy_for
from cepathway.training import services
from cepathway.training.models import (
    ChampionAppointment,
    Level,
    Standing,
    TrainingRecord,
    earliest_current_completion,
    expires_on,
    standing_of,
)
from cepathway.training.standing import counts_by_agency
from tests.factories import UserFactory, adopt_policy

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _with_months(world: Any, level1: int, level2: int = 36) -> None:
    current = policy_for(world.home)
    timescales = Timescales(
        **{**vars(current.timescales), "training_level1_valid_months": level1, "training_level2_valid_months": level2}
    )
    from dataclasses import replace

    adopt_policy(world.home, replace(current, timescales=timescales))


def test_the_expiry_rule_at_the_end_of_a_month() -> None:
    assert expires_on(date(2024, 1, 31), 1) == date(2024, 2, 29)
    # Training done on 31 January with one month's validity lapses on 29 February, not a day later.
    assert standing_of(date(2024, 1, 31), date(2024, 2, 28), 1) == Standing.CURRENT
    assert standing_of(date(2024, 1, 31), date(2024, 2, 29), 1) == Standing.LAPSED
    for today in (date(2026, 3, 1), date(2026, 2, 28), date(2025, 12, 31)):
        cutoff = earliest_current_completion(today, 36)
        assert expires_on(cutoff, 36) > today >= expires_on(cutoff - timedelta(days=1), 36)
    assert standing_of(None, date(2026, 1, 1), 36) == Standing.NEVER


def test_i_record_my_training_and_it_lapses_when_the_policy_months_pass(world, clock, client_for) -> None:
    partner = world.users[Role.PARTNER_PROFESSIONAL]
    client = client_for(partner)
    page = client.get(reverse("training:mine")).content.decode()
    assert "Never trained" in page
    assert "Level 1 training (eLearning) is current for 36 months." in page

    done = clock.today - timedelta(days=10)
    form = {"level": "level1", **_date("completed_on", done), "provider": "Fictional eLearning"}
    response = client.post(reverse("training:record-mine"), form)
    assert response.status_code == 302
    record = TrainingRecord.objects.get(person=partner)
    assert (record.level, record.completed_on, record.created_by) == (Level.LEVEL1, done, partner)
    assert AuditEvent.objects.filter(action="created", record_id=str(record.pk), user=partner).exists()
    page = client.get(reverse("training:mine")).content.decode()
    expiry = done + relativedelta(months=36)
    assert "Current until" in page and f"{expiry.day} {expiry:%B %Y}" in page

    clock.travel_to(expiry - timedelta(days=1))
    client = client_for(partner)  # three years on: a new session
    assert "Lapsed" not in client.get(reverse("training:mine")).content.decode()
    clock.travel_to(expiry)
    client = client_for(partner)
    response = client.get(reverse("training:mine"))
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    page = response.content.decode()
    assert "Lapsed on" in page

    # The partnership allows 48 months instead: the same record is current again, nothing re-entered.
    _with_months(world, 48)
    page = client_for(partner).get(reverse("training:mine")).content.decode()
    assert "Lapsed on" not in page and "Level 1 training (eLearning) is current for 48 months." in page


def test_bad_input_is_refused_and_nothing_is_saved(world, clock, client_for, api_client_for) -> None:
    partner = world.users[Role.PARTNER_PROFESSIONAL]
    client = client_for(partner)
    before = TrainingRecord.objects.count()
    future = {"level": "level1", **_date("completed_on", clock.today + timedelta(days=3))}
    page = client.post(reverse("training:record-mine"), future).content.decode()
    assert "govuk-error-summary" in page and "Date completed must be today or in the past" in page
    page = client.post(reverse("training:record-mine"), {"level": "level9", **_date("completed_on", clock.today)})
    assert "Choose Level 1 or Level 2" in page.content.decode()
    page = client.post(reverse("training:record-mine"), {"completed_on_day": "31", "completed_on_month": "2"})
    assert page.status_code == 200 and "Choose which training" in page.content.decode()
    # The same completion twice is refused beside the date.
    client.post(reverse("training:record-mine"), {"level": "level2", **_date("completed_on", clock.today)})
    again = client.post(reverse("training:record-mine"), {"level": "level2", **_date("completed_on", clock.today)})
    assert services.SAME_AGAIN in again.content.decode()
    assert TrainingRecord.objects.count() == before + 1

    api = api_client_for(partner)
    refused = api.post(
        "/api/training/mine", {"level": "level1", "completed_on": "2099-01-01"}, content_type="application/json"
    )
    assert refused.status_code == 422 and "completed_on" in refused.json()["errors"]
    assert TrainingRecord.objects.count() == before + 1


def test_my_training_through_the_api(world, clock, api_client_for) -> None:
    police = world.users[Role.POLICE_OFFICER]
    api = api_client_for(police)
    assert [level["standing"] for level in api.get("/api/training/mine").json()["levels"]] == ["never", "never"]
    created = api.post(
        "/api/training/mine",
        {"level": "level2", "completed_on": str(clock.today - timedelta(days=1)), "provider": "Fictional course"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["self_recorded"] is True and body["expires_on"] == str(
        clock.today - timedelta(days=1) + relativedelta(months=36)
    )
    mine = api.get("/api/training/mine").json()
    assert [level["standing"] for level in mine["levels"]] == ["never", "current"]
    assert AuditEvent.objects.filter(action="listed", user=police, channel="api").exists()


def _train(person: Any, level: str, on: date, by: Any) -> TrainingRecord:
    record = TrainingRecord(person=person, level=level, completed_on=on)
    record.save_tracked(by)
    return record


def test_the_administrator_sees_who_is_untrained_or_lapsed_by_agency(world, clock, client_for, api_client_for):
    admin = world.users[Role.ADMINISTRATOR]
    school = world.agencies[AgencyKind.SCHOOL]
    teacher_current = UserFactory(
        role=Role.PARTNER_PROFESSIONAL, agency=school, first_name="Current", last_name="Teacher"
    )
    teacher_lapsed = UserFactory(
        role=Role.PARTNER_PROFESSIONAL, agency=school, first_name="Lapsed", last_name="Teacher"
    )
    _train(teacher_current, Level.LEVEL1, clock.today - timedelta(days=30), admin)
    _train(teacher_lapsed, Level.LEVEL1, clock.today - relativedelta(months=40), admin)

    client = client_for(admin)
    page = client.get(reverse("training:overview")).content.decode()
    assert school.name in page and world.elsewhere_agency.name not in page
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in page.split('<tr class="govuk-table__row">')}
    assert ">Yes<" in rows[school.name]  # the world's school has a CE champion
    assert ">None<" in rows[world.agencies[AgencyKind.HEALTH].name]
    counts = {row.agency_name: row for row in counts_by_agency(world.home.pk)}
    school_row = counts[school.name]
    # The school has the world's partner professional (never trained) and the two teachers.
    assert (school_row.people, school_row.level1.current, school_row.level1.lapsed, school_row.level1.never) == (
        3,
        1,
        1,
        1,
    )
    assert school_row.level2.never == 3
    assert world.users[Role.ADMINISTRATOR].agency.name not in counts or all(row.people for row in counts.values())
    assert AuditEvent.objects.filter(action="listed", user=admin, detail="training by agency").exists()

    lapsed = client.get(reverse("training:agency", args=[school.pk]), {"level1": "lapsed"}).content.decode()
    assert "Lapsed Teacher" in lapsed and "Current Teacher" not in lapsed
    bad = client.get(reverse("training:agency", args=[school.pk]), {"level1": "sometimes"})
    assert bad.status_code == 400

    # The administrator records and corrects someone's training.
    person_url = reverse("training:record-for-person", args=[teacher_lapsed.pk])
    response = client.post(person_url, {"level": "level1", **_date("completed_on", clock.today)})
    assert response.status_code == 302
    record = TrainingRecord.objects.filter(person=teacher_lapsed).order_by("-completed_on").first()
    assert record.created_by == admin and not record.self_recorded

    api = api_client_for(admin).get("/api/training/partnership").json()
    assert {row["agency_name"] for row in api} >= {school.name}
    assert world.elsewhere_agency.name not in {row["agency_name"] for row in api}

    # Another partnership's administrator sees none of it.
    elsewhere_admin = UserFactory(role=Role.ADMINISTRATOR, agency=world.elsewhere_agency)
    other = client_for(elsewhere_admin)
    page = other.get(reverse("training:overview")).content.decode()
    assert school.name not in page and "Teacher" not in page
    assert other.get(reverse("training:agency", args=[school.pk])).status_code == 404
    assert other.get(reverse("training:person", args=[teacher_lapsed.pk])).status_code == 404
    assert other.post(person_url, {"level": "level1", **_date("completed_on", clock.today)}).status_code == 404
    assert AuditEvent.objects.filter(action="denied", user=elsewhere_admin).exists()
    assert school.name not in {
        row["agency_name"] for row in api_client_for(elsewhere_admin).get("/api/training/partnership").json()
    }
    # And a professional who is not an administrator is refused.
    assert client_for(teacher_current).get(reverse("training:overview")).status_code == 403


def test_a_stale_correction_is_told_and_nothing_is_overwritten(world, clock, client_for):
    admin = world.users[Role.ADMINISTRATOR]
    partner = world.users[Role.PARTNER_PROFESSIONAL]
    record = _train(partner, Level.LEVEL1, clock.today - timedelta(days=50), partner)
    url = reverse("training:record", args=[record.pk])
    assert client_for(admin).get(url).status_code == 200
    services.correct_training(
        record,
        level=Level.LEVEL1,
        completed_on=clock.today - timedelta(days=40),
        provider="Theirs",
        version=1,
        by=partner,
    )
    mine = {
        "level": "level2",
        **_date("completed_on", clock.today - timedelta(days=5)),
        "provider": "Mine",
        "version": "1",
    }
    page = client_for(admin).post(url, mine).content.decode()
    assert "Someone else saved this record" in page
    record.refresh_from_db()
    assert (record.level, record.provider, record.version) == (Level.LEVEL1, "Theirs", 2)
    # Another professional may not correct it.
    assert client_for(world.users[Role.POLICE_OFFICER]).get(url).status_code == 403


def test_a_partner_finds_their_champion(world, clock, client_for, api_client_for):
    admin = world.users[Role.ADMINISTRATOR]
    school = world.agencies[AgencyKind.SCHOOL]
    teacher = UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=school)
    champion = world.champion[world.home.pk]  # the school's: the world's partner professional
    police_champion = ChampionAppointment.objects.create(
        person=world.users[Role.POLICE_OFFICER],
        agency=world.agencies[AgencyKind.POLICE],
        since=clock.today - timedelta(days=5),
        contact_email="ce-champion@police.example.org",
    )
    page = html.unescape(client_for(teacher).get(reverse("training:champions")).content.decode())
    own_at = page.index(str(champion.person))
    assert own_at < page.index(str(police_champion.person)) and "ce-champion@police.example.org" in page
    assert str(world.elsewhere_lead) not in page
    mine = html.unescape(client_for(teacher).get(reverse("training:mine")).content.decode())
    assert str(champion.person) in mine

    listed = api_client_for(teacher).get("/api/training/champions").json()
    assert listed[0]["name"] == str(champion.person) and listed[0]["own_organisation"] is True
    assert {row["name"] for row in listed} == {str(champion.person), str(police_champion.person)}

    # The administrator ends the school's champion: they are no longer shown.
    url = reverse("training:champion", args=[champion.pk])
    form = {**_date("since", champion.since), **_date("until", clock.today), "version": str(champion.version)}
    assert client_for(admin).post(url, form).status_code == 302
    after = html.unescape(client_for(teacher).get(reverse("training:champions")).content.decode())
    assert str(champion.person) not in after
    # ...and appoints the teacher instead.
    new = {"person": str(teacher.pk), **_date("since", clock.today)}
    assert client_for(admin).post(reverse("training:champion-new"), new).status_code == 302
    assert ChampionAppointment.objects.current().filter(person=teacher, agency=school).exists()
    again = client_for(admin).post(reverse("training:champion-new"), new).content.decode()
    assert services.ALREADY_CHAMPION in again
    # An end date before the start is refused, nothing saved.
    appointment = ChampionAppointment.objects.get(person=teacher)
    bad = {**_date("since", clock.today), **_date("until", clock.today - timedelta(days=3)), "version": "1"}
    assert (
        services.UNTIL_BEFORE_SINCE
        in client_for(admin).post(reverse("training:champion", args=[appointment.pk]), bad).content.decode()
    )
    appointment.refresh_from_db()
    assert appointment.until is None


def test_a_level1_meeting_notes_an_invitee_whose_training_has_lapsed(world, clock, client_for):
    meeting = world.meeting[world.child.pk]
    invitee = world.users[Role.POLICE_OFFICER]  # invited to the world child's Level 1
    _train(invitee, Level.LEVEL1, date(2022, 6, 1), invitee)
    chair = meeting.chair
    page = client_for(chair).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Level 1 CE training lapsed on 1 June 2025" in page

    _train(invitee, Level.LEVEL1, clock.today - timedelta(days=2), invitee)
    page = client_for(chair).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Level 1 CE training lapsed" not in page


def test_invitee_notes_cost_the_same_for_one_or_many(world, clock):
    people = [world.users[role] for role in Role]
    for person in people[:4]:
        _train(person, Level.LEVEL1, date(2020, 1, 1), person)
    policy_for(world.home)
    with CaptureQueriesContext(connection) as one:
        invitee_notes.notes_for(people[:1])
    with CaptureQueriesContext(connection) as many:
        notes = invitee_notes.notes_for(people)
    assert len(one) == len(many)
    assert notes[people[0].pk] == ["Level 1 CE training lapsed on 1 January 2023"]
    assert notes[people[-1].pk] == ["No Level 1 CE training recorded"]


def test_my_work_reminds_me_when_my_level1_has_lapsed(world, clock, client_for):
    police = world.users[Role.POLICE_OFFICER]
    page = html.unescape(client_for(police).get(reverse("my-work")).content.decode())
    assert "You have no Level 1 child exploitation training recorded." in page
    _train(police, Level.LEVEL1, date(2022, 6, 1), police)
    page = html.unescape(client_for(police).get(reverse("my-work")).content.decode())
    assert "Your Level 1 child exploitation training lapsed on 1 June 2025." in page
    _train(police, Level.LEVEL1, clock.today, police)
    assert "child exploitation training" not in client_for(police).get(reverse("my-work")).content.decode()
    # Administrators, who are not counted, are not reminded.
    admin_page = client_for(world.users[Role.ADMINISTRATOR]).get(reverse("my-work")).content.decode()
    assert "Your child exploitation training" not in admin_page


def test_the_invite_page_notes_a_suggested_invitee_without_current_training(world, clock, client_for):
    meeting = world.meeting[world.child.pk]
    page = client_for(meeting.chair).get(reverse("meetings:invite", args=[meeting.pk])).content.decode()
    suggested = invitations.suggested_invitees(meeting)
    assert suggested, "the world's child has people working with them not yet invited"
    assert "Before you invite them:" in page
    assert f"{suggested[0]}: No Level 1 CE training recorded" in page

    for person in suggested:
        _train(person, Level.LEVEL1, clock.today - timedelta(days=2), person)
    page = client_for(meeting.chair).get(reverse("meetings:invite", args=[meeting.pk])).content.decode()
    assert "Before you invite them:" not in page
