"""Step 3: the registers of persons, places, vehicles and phones of concern. A register role reaches
them from the navigation; each record shows its details, status, the children linked to it whom
the viewer may see, the submissions linked to it with their grading (sanitised unless the viewer
may read the original), its history. Handlers add and change records; two handlers changing the
same record at once do not overwrite each other. Everyone else sees nothing."""

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.intelligence.models import ConcernStatus, HandlingCode, PersonOfConcern, SubmissionSubject
from cepathway.people.models import Role
from tests.intelligence.world_registers import follow, href_of, make_submission

ORIGINAL = "Mrs Example"  # the source the original text names; never in sanitised text


@pytest.fixture
def world(shared_world):
    return shared_world


def _home(world):
    return world.registers[world.home.pk]


def test_a_cerar_lead_clicks_from_the_navigation_to_a_person_and_sees_what_links_them(world, client_for):
    client = client_for(world.users[Role.CERAR_LEAD])
    page = client.get(reverse("my-work")).content.decode()
    page = follow(client, page, "Registers")
    assert "OFFICIAL-SENSITIVE" in page
    page = follow(client, page, "Persons of concern")
    person = _home(world)["person"]
    page = follow(client, page, person.name)
    assert 'data-marking="top"' in page and 'data-marking="bottom"' in page  # marked at both ends
    assert world.child.full_name in page and world.other_child.full_name in page
    assert world.foreign_child.full_name not in page
    assert "1B P" in page
    # The handler of the submission's partnership may read the original.
    assert ORIGINAL in page
    assert "History" in page and "Added by" in page
    assert AuditEvent.objects.filter(action="viewed", record_id=str(person.pk), user=world.users[Role.CERAR_LEAD])


def test_a_register_role_who_is_not_a_handler_reads_the_sanitised_text_only(world, client_for):
    page = client_for(world.users[Role.TEAM_MANAGER]).get(
        reverse("intelligence:register-record", args=["persons", _home(world)["person"].pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Fictional sanitised account" in text and ORIGINAL not in text
    assert "Change details" not in text


def test_a_record_page_names_only_the_children_the_viewer_may_see(world, client_for):
    # The police officer is invited to world.child's meeting; they may not see other_child.
    page = client_for(world.users[Role.POLICE_OFFICER]).get(
        reverse("intelligence:register-record", args=["persons", _home(world)["person"].pk])
    )
    text = page.content.decode()
    assert world.child.full_name in text
    assert world.other_child.full_name not in text
    assert str(world.other_child.pk) not in text


def test_handling_c_material_is_withheld_from_those_its_conditions_do_not_name(world, client_for):
    person = _home(world)["person"]
    restricted = make_submission(
        world.home,
        world.users[Role.POLICE_OFFICER],
        world.users[Role.INTELLIGENCE_OFFICER],
        handling=HandlingCode.C,
        handling_conditions="Fictional: not to be shared beyond the intelligence unit.",
        sanitised_text="Fictional restricted sanitised line.",
    )
    SubmissionSubject(submission=restricted, kind="person_of_concern", first_name="X", person=person).save()
    url = reverse("intelligence:register-record", args=["persons", person.pk])
    team_manager = client_for(world.users[Role.TEAM_MANAGER]).get(url).content.decode()
    assert "Fictional restricted sanitised line." not in team_manager
    assert "handling conditions that do not name you" in team_manager
    handler = client_for(world.users[Role.INTELLIGENCE_OFFICER]).get(url).content.decode()
    assert ORIGINAL in handler


@pytest.mark.parametrize("who", ["unrelated", "social_worker", "partner_professional", "auditor"])
def test_anyone_outside_the_register_roles_sees_nothing(world, client_for, api_client_for, who):
    user = world.principals[who]
    client = client_for(user)
    page = client.get(reverse("my-work")).content.decode()
    assert reverse("intelligence:registers") not in page
    assert client.get(reverse("intelligence:registers")).status_code == 404
    assert client.get(reverse("intelligence:register-list", args=["persons"])).status_code == 404
    person = _home(world)["person"]
    assert client.get(reverse("intelligence:register-record", args=["persons", person.pk])).status_code == 404
    assert api_client_for(user).get("/api/intelligence/registers/person").status_code == 404
    assert api_client_for(user).get(f"/api/intelligence/registers/person/{person.pk}").status_code == 404


def test_another_partnerships_record_is_not_found_and_not_listed(world, client_for):
    client = client_for(world.users[Role.CERAR_LEAD])
    theirs = world.registers[world.elsewhere.pk]["person"]
    assert client.get(reverse("intelligence:register-record", args=["persons", theirs.pk])).status_code == 404
    listed = client.get(reverse("intelligence:register-list", args=["persons"])).content.decode()
    assert theirs.name not in listed and _home(world)["person"].name in listed


def test_the_list_filters_by_status_and_pages_by_keyset(world, client_for):
    handler = world.users[Role.INTELLIGENCE_OFFICER]
    for number in range(30):
        paged = PersonOfConcern(partnership=world.home, first_name="Paged", last_name=f"Person{number:02}")
        paged.save_tracked(handler)
    client = client_for(handler)
    url = reverse("intelligence:register-list", args=["persons"])
    first = client.get(url).content.decode()
    second = follow(client, first, "Next page", at=url)
    assert "Person29" not in first and "Person29" in second
    closed = _home(world)["phone"]
    closed.status = ConcernStatus.CLOSED
    closed.save_tracked(handler)
    phones = client.get(reverse("intelligence:register-list", args=["phones"]) + "?status=closed").content.decode()
    assert closed.number in phones
    active = client.get(reverse("intelligence:register-list", args=["phones"]) + "?status=active").content.decode()
    assert closed.number not in active
    assert client.get(url + "?status=nonsense").status_code == 400


def test_a_handler_adds_a_person_changes_it_and_the_history_says_so(world, client_for):
    handler = world.users[Role.INTELLIGENCE_OFFICER]
    client = client_for(handler)
    page = client.get(reverse("intelligence:register-list", args=["persons"])).content.decode()
    new_url = href_of(page, "Add a person of concern")
    assert "OFFICIAL-SENSITIVE" in client.get(new_url).content.decode()
    refused = client.post(new_url, {"description": "x"})
    assert refused.status_code == 200 and "Enter a name, part of a name or an alias" in refused.content.decode()
    made = client.post(new_url, {"first_name": "Jonny", "last_name": "Smyth", "aliases": "JJ", "description": "Tall"})
    assert made.status_code == 302
    person = PersonOfConcern.objects.get(last_name="Smyth")
    assert person.partnership_id == world.home.pk and "n:jonathan;" in person.name_keys
    page = client.get(made.url).content.decode()
    edit = client.post(
        href_of(page, "Change details"),
        {"first_name": "Jonathan", "last_name": "Smyth", "aliases": "JJ", "description": "Tall", "version": 1},
    )
    assert edit.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Jonathan" and person.version == 2
    # The change brings its search keys with it (save_versioned writes with an UPDATE).
    assert "n:jonathan;" in person.name_keys
    stale = client.post(
        reverse("intelligence:register-edit", args=["persons", person.pk]),
        {"first_name": "Jon", "last_name": "Smyth", "description": "", "version": 1},
    )
    assert "Someone else saved this record" in stale.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Jonathan"
    status = client.post(
        reverse("intelligence:register-status", args=["persons", person.pk]),
        {"status": "closed", "version": 2, "reason": "Fictional: moved away"},
    )
    assert status.status_code == 302
    page = client.get(made.url).content.decode()
    assert "Closed" in page and "Fictional: moved away" in page and "first_name" in page


def test_register_roles_who_are_not_handlers_cannot_add_or_change(world, client_for):
    client = client_for(world.users[Role.LEVEL2_MEMBER])
    person = _home(world)["person"]
    assert client.get(reverse("intelligence:register-new", args=["persons"])).status_code == 404
    changed = client.post(
        reverse("intelligence:register-edit", args=["persons", person.pk]), {"first_name": "Changed", "version": 1}
    )
    assert changed.status_code == 404
    person.refresh_from_db()
    assert person.first_name == "Fictional"


def test_the_registers_through_the_api(world, api_client_for):
    handler = api_client_for(world.users[Role.INTELLIGENCE_OFFICER])
    listed = handler.get("/api/intelligence/registers/person").json()
    assert _home(world)["person"].name in [item["label"] for item in listed["items"]]
    made = handler.post(
        "/api/intelligence/registers/vehicle",
        {"fields": {"registration": "ab 12cde", "make": "Fictional", "colour": "Blue"}},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    vehicle = made.json()
    assert vehicle["details"]["registration_normalised"] == "AB12CDE"
    url = f"/api/intelligence/registers/vehicle/{vehicle['id']}"
    changed = handler.patch(url, {"fields": {"colour": "Red"}, "version": 1}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["details"]["colour"] == "Red"
    stale = handler.patch(url, {"fields": {"colour": "Green"}, "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    got = api_client_for(world.users[Role.LEVEL2_MEMBER]).get(
        f"/api/intelligence/registers/person/{_home(world)['person'].pk}"
    )
    body = got.json()
    assert [child["id"] for child in body["children"]] == [str(world.child.pk)]
    assert body["submissions"][0]["grading"] == "1B P"
    assert ORIGINAL not in got.content.decode()
    refused = api_client_for(world.users[Role.TEAM_MANAGER]).post(
        "/api/intelligence/registers/phone", {"fields": {"number": "07700900111"}}, content_type="application/json"
    )
    assert refused.status_code == 404
