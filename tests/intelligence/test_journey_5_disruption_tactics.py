"""Step 5 (the partnership's side): the administrator keeps the list of disruption tactics the
handlers choose from. They reach it from the navigation, add a tactic, take one out of use (it
stays on the disruptions already recorded with it) and are told when someone else saved first.
Nobody else changes the list, and no partnership sees another's."""

from datetime import date

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import DisruptionTactic, PersonOfConcern
from cepathway.intelligence.registers.disruption import record_disruption, tactics_for
from cepathway.people.models import Role

LIST = reverse("intelligence:disruption-tactics")


@pytest.fixture
def world(shared_world):
    return shared_world


def _edit_url(tactic):
    return reverse("intelligence:disruption-tactic-edit", args=[tactic.pk])


def test_the_administrator_adds_a_tactic_from_the_navigation_and_handlers_can_choose_it(world, client_for):
    admin = client_for(world.users[Role.ADMINISTRATOR])
    assert LIST in admin.get(reverse("my-work")).text  # in the navigation
    page = admin.get(LIST).text
    assert "Child Abduction Warning Notice" in page  # the toolkit's list, the first time
    refused = admin.post(reverse("intelligence:disruption-tactic-new"), {"name": "", "order": "5"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.text
    added = admin.post(
        reverse("intelligence:disruption-tactic-new"), {"name": "Fictional: youth club patrol", "order": "5"}
    )
    assert added.status_code == 302
    tactic = DisruptionTactic.objects.get(partnership=world.home, name="Fictional: youth club patrol")
    assert tactics_for(world.home)[0] == tactic  # first, by its position
    assert AuditEvent.objects.filter(action="created", record_id=str(tactic.pk)).exists()
    assert tactic not in tactics_for(world.elsewhere)


def test_a_name_the_partnership_has_is_refused_beside_the_field(world, client_for):
    admin = client_for(world.users[Role.ADMINISTRATOR])
    existing = tactics_for(world.home)[0]
    page = admin.post(reverse("intelligence:disruption-tactic-new"), {"name": existing.name.upper(), "order": "1"})
    assert page.status_code == 200 and "already has a tactic called this" in page.text
    assert DisruptionTactic.objects.filter(partnership=world.home, name__iexact=existing.name).count() == 1


def test_a_tactic_taken_out_of_use_stays_on_the_disruptions_recorded_with_it(world, client_for):
    officer = world.users[Role.INTELLIGENCE_OFFICER]
    person = PersonOfConcern(partnership=world.home, first_name="Fictional", last_name="Tacticperson")
    person.save_tracked(officer)
    tactic = tactics_for(world.home)[0]
    done = record_disruption(person, tactic=tactic, by_whom="Fictional team", started_on=date.today(), by=officer)
    admin = client_for(world.users[Role.ADMINISTRATOR])
    data = {"name": tactic.name, "order": tactic.order, "version": tactic.version}  # in_use unticked
    assert admin.post(_edit_url(tactic), data).status_code == 302
    assert tactic not in tactics_for(world.home)
    done.refresh_from_db()
    assert done.tactic == tactic
    assert "Not in use" in admin.get(LIST).text


def test_the_second_of_two_saves_is_told_and_overwrites_nothing(world, client_for):
    tactic = tactics_for(world.home)[1]
    admin = client_for(world.users[Role.ADMINISTRATOR])
    opened = tactic.version
    first = {"name": "Fictional: first name", "order": 1, "in_use": "on", "version": opened}
    assert admin.post(_edit_url(tactic), first).status_code == 302
    second = admin.post(_edit_url(tactic), {**first, "name": "Fictional: second name"})
    assert second.status_code == 200 and "Someone else saved this record" in second.text
    tactic.refresh_from_db()
    assert tactic.name == "Fictional: first name"


@pytest.mark.parametrize("role", [Role.CERAR_LEAD, Role.INTELLIGENCE_OFFICER, Role.PARTNER_PROFESSIONAL])
def test_nobody_but_the_administrator_changes_the_list(world, client_for, role):
    client = client_for(world.users[role])
    tactic = tactics_for(world.home)[0]
    assert client.get(LIST).status_code == 403
    assert (
        client.post(_edit_url(tactic), {"name": "Fictional", "order": 1, "version": tactic.version}).status_code == 403
    )
    tactic.refresh_from_db()
    assert tactic.name != "Fictional"


def test_another_partnerships_tactic_is_not_found(world, client_for):
    theirs = tactics_for(world.elsewhere)[0]
    assert client_for(world.users[Role.ADMINISTRATOR]).get(_edit_url(theirs)).status_code == 404
