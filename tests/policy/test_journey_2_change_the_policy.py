"""Journey 2: the partnership administrator changes the policy. The form starts from the policy as
it is; a change becomes a new version, with the reason, and applies from now on. A change the
service could not run is refused beside the field, and nothing is saved. If someone else published
meanwhile, the second change is refused and shown what is now saved. Nobody else changes it, and one
partnership's change never touches another's."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from cepathway.policy import services
from cepathway.policy.models import PolicyVersion
from tests.factories import UserFactory
from tests.policy.helpers import CURRENT, EDIT, policy_post, text_of


@pytest.fixture
def admin(world):
    return world.users[Role.ADMINISTRATOR]


def versions(partnership):
    return list(PolicyVersion.objects.filter(partnership=partnership).order_by("number").values_list("pk", "document"))


def test_the_form_starts_from_the_policy_as_it_is(world, admin, client_for):
    response = client_for(admin).get(EDIT)
    assert response.status_code == 200
    page = response.text
    assert 'name="based_on" value="1"' in page
    assert 'name="reviews_medium_every" value="8"' in page
    assert 'name="reviews_medium_chair_role" type="radio" value="team_manager" checked' in page.replace("\n", " ")
    assert 'value="early_help"' in page and 'name="default_meeting_time" value="10:00"' in page
    assert 'name="contacts_hub_urgent_phone" value="01632 960000"' in page


def test_the_administrator_makes_medium_four_weekly(world, admin, client_for):
    before = services.policy_for(world.home)
    client = client_for(admin)
    response = client.post(EDIT, policy_post(before, reason="Follow the parents' guide", reviews_medium_every="4"))

    assert response.status_code == 302 and response.url == CURRENT
    after = services.policy_for(world.home)
    medium = replace(before.reviews["medium"], every=timedelta(weeks=4))
    assert after == replace(before, reviews={**before.reviews, "medium": medium}), "nothing else changed"
    version = PolicyVersion.objects.get(partnership=world.home, number=2)
    assert (version.reason, version.created_by) == ("Follow the parents' guide", admin)
    assert AuditEvent.objects.filter(user=admin, action="created", record_id=str(version.pk)).exists()

    page = text_of(client.get(CURRENT).text)
    assert "Version 2 of the policy is published" in page
    assert "apply to meetings scheduled from now on" in page and "reviews already scheduled keep their dates" in page
    assert "A Medium review is held every 4 weeks" in page


def test_the_contact_form_gives_the_hub_line_the_policy_now_holds(world, admin, client_for):
    before = services.policy_for(world.home)
    client_for(admin).post(EDIT, policy_post(before, contacts_hub_urgent_phone="01632 960777"))
    form = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(reverse("referrals:new")).text
    assert "01632 960777" in form and before.contacts.hub_urgent_phone not in form


def test_the_administrator_can_change_every_part_at_once(world, admin, client_for):
    before = services.policy_for(world.home)
    data = policy_post(
        before,
        name="Fictional partnership policy 2027",
        reviews_low_chair_role="team_manager",
        reviews_low_venues=["online", "school"],
        status_requires_low="nobody",
        level1_chair_role="team_manager",
        level2_statuses=["high"],
        level2_by_exception_statuses=["medium", "low"],
        level2_week_of_month="1",
        level2_weekday="0",
        level2_organiser_roles=["cerar_lead"],
        reminder_window="10",
        overdue_review_rebook_within="21",
        late_recording_within="45",
        default_meeting_time="14:30",
        checklist_suspected="0.25",
        checklist_high_from="15",
        contacts_complaints_url="https://complaints.example.invalid/fictional",
    )
    assert client_for(admin).post(EDIT, data).status_code == 302
    after = services.policy_for(world.home)
    assert after.name == "Fictional partnership policy 2027"
    assert (after.reviews["low"].chair_role, after.reviews["low"].venues) == ("team_manager", ("online", "school"))
    assert after.status_requires == {"high": "social_worker", "medium": "social_worker"}
    assert (after.level1_chair_role, after.level2_statuses, after.level2_by_exception_statuses) == (
        "team_manager",
        ("high",),
        ("medium", "low"),
    )
    assert (after.level2_week_of_month, after.level2_weekday, after.level2_organiser_roles) == (1, 0, ("cerar_lead",))
    assert (after.reminder_window.days, after.overdue_review_rebook_within.days) == (10, 21)
    assert after.late_recording_within.days == 45
    assert f"{after.default_meeting_time:%H:%M}" == "14:30"
    assert (after.checklist.suspected, after.checklist.high_from) == (0.25, 15.0)
    assert after.contacts.complaints_url == "https://complaints.example.invalid/fictional"
    changes = services.history(world.home)[0].changes
    assert "Level 2 meets on: the second Tuesday of each month → the first Monday of each month" in changes
    assert "Who a Low status needs allocated: a lead professional → nobody" in changes


REFUSALS = [
    ("reviews_high_every", "0", "How often High reviews are held must be at least 1 week"),
    ("reviews_medium_every", "60", "How often Medium reviews are held must be 52 weeks or fewer"),
    ("reviews_medium_every", "eight", "Enter how often Medium reviews are held, in whole weeks like 4"),
    ("reviews_low_venues", [], "Select at least one place a Low review may be held"),
    ("reviews_high_chair_role", "", "Select who chairs a High review"),
    ("reviews_high_chair_role", "auditor", "Select who chairs a High review"),
    ("status_requires_medium", "police_officer", "Select who a child with a Medium status must have allocated"),
    ("level1_chair_role", "", "Select who chairs a Level 1 meeting"),
    ("level2_statuses", [], "Select the statuses always on the Level 2 agenda"),
    (
        "level2_by_exception_statuses",
        ["low", "medium"],
        "A status is either always on the Level 2 agenda or discussed by exception, not both",
    ),
    ("level2_week_of_month", "6", "Select the week of the month Level 2 meets"),
    ("level2_weekday", "5", "Select the day Level 2 meets"),
    ("level2_organiser_roles", [], "Select who organises Level 2"),
    ("level2_organiser_roles", ["police_officer"], "Select who organises Level 2"),
    ("reminder_window", "0", "How many days ahead reminders go out must be between 1 and 90"),
    ("overdue_review_rebook_within", "120", "must be between 1 and 90"),
    ("late_recording_within", "0", "must be between 1 and 365"),
    ("default_meeting_time", "25:00", "Enter the time like 10:00 or 14:30"),
    ("checklist_medium_from", "0.5", "Medium must start at more points than Low"),
    ("checklist_suspected", "2", "A suspected answer cannot count more than an evidenced one"),
    ("checklist_current", "lots", "Enter how much a current answer counts, as a number like 0.5"),
    ("checklist_evidenced", "0", "An evidenced answer must count for more than 0"),
    ("contacts_cerar_email", "cerar at the council", "Enter CERAR's email address in the correct format"),
    ("contacts_complaints_url", "http://complaints.example.invalid", "starting https://"),
    ("name", "", "Enter the name of the policy"),
    ("reason", "", "Say why you are changing the policy"),
    ("reason", "   ", "Say why you are changing the policy"),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), [pytest.param(*refusal, id=f"{refusal[0]}={refusal[1]!r}") for refusal in REFUSALS]
)
def test_a_change_the_service_could_not_run_is_refused_beside_its_field_and_nothing_is_saved(
    world, admin, client_for, field, value, message
):
    before = versions(world.home)
    response = client_for(admin).post(EDIT, policy_post(services.policy_for(world.home), **{field: value}))
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page and f'href="#id_{field}"' in page, "the error summary links to the field"
    inline = page.split(f'id="id_{field}-error"', 1)
    assert len(inline) == 2, f"no error beside {field}"
    assert message in inline[1].split("</p>", 1)[0].replace("&#x27;", "'")
    assert response.context["form"].errors.keys() == {field}, "only that field is wrong"
    assert versions(world.home) == before


def test_every_problem_with_the_policy_is_shown_at_once(world, admin, client_for):
    data = policy_post(
        services.policy_for(world.home), reviews_high_every="0", level2_weekday="9", checklist_high_from="1"
    )
    form = client_for(admin).post(EDIT, data).context["form"]
    assert set(form.errors) == {"level2_weekday"}, "what cannot be read is asked for first"
    form = client_for(admin).post(EDIT, data | {"level2_weekday": "1"}).context["form"]
    assert set(form.errors) == {"reviews_high_every", "checklist_high_from"}


def test_publishing_the_policy_unchanged_is_refused(world, admin, client_for):
    before = versions(world.home)
    response = client_for(admin).post(EDIT, policy_post(services.policy_for(world.home)))
    assert response.status_code == 200
    assert "This is what version 1 says already: change something first." in text_of(response.text)
    assert versions(world.home) == before


def test_the_second_of_two_administrators_is_told_and_nothing_is_overwritten(world, admin, client_for):
    other_admin = UserFactory(role=Role.ADMINISTRATOR, agency=admin.agency)
    started_from = services.policy_for(world.home)
    first = client_for(other_admin).post(
        EDIT, policy_post(started_from, reason="Six-weekly for now", reviews_medium_every="6")
    )
    assert first.status_code == 302

    response = client_for(admin).post(
        EDIT, policy_post(started_from, reason="Four-weekly", reviews_medium_every="4", contacts_cerar_phone="01632")
    )
    assert response.status_code == 200
    page = text_of(response.text)
    assert "Someone else changed the policy while you were editing" in page
    assert "Nothing you entered was saved." in page
    assert f"Version 2, published by {other_admin.display_name}" in page
    assert "Medium reviews: every 8 weeks → every 6 weeks" in page
    assert 'name="based_on" value="2"' in response.text and 'name="reviews_medium_every" value="6"' in response.text
    current = services.policy_for(world.home)
    assert current.number == 2 and current.reviews["medium"].every == timedelta(weeks=6)
    assert current.contacts.cerar_phone == started_from.contacts.cerar_phone
    assert not PolicyVersion.objects.filter(reason="Four-weekly").exists()

    again = client_for(admin).post(EDIT, policy_post(current, reason="Four-weekly", reviews_medium_every="4"))
    assert again.status_code == 302 and services.policy_for(world.home).number == 3


def test_history_keeps_every_version_as_it_was(world, admin, client_for):
    first = versions(world.home)
    client = client_for(admin)
    client.post(EDIT, policy_post(services.policy_for(world.home), reason="Four-weekly", reviews_medium_every="4"))
    client.post(EDIT, policy_post(services.policy_for(world.home), reason="Twelve-weekly", reviews_low_every="10"))
    now = versions(world.home)
    assert now[0] == first[0] and len(now) == 3
    entries = services.history(world.home)
    assert [entry.version.reason for entry in entries[:2]] == ["Twelve-weekly", "Four-weekly"]
    assert entries[0].changes == ["Low reviews: every 12 weeks → every 10 weeks"]


def test_one_partnerships_change_never_touches_another(world, admin, client_for):
    elsewhere_before = versions(world.elsewhere)
    elsewhere_policy = services.policy_for(world.elsewhere)
    client_for(admin).post(
        EDIT, policy_post(services.policy_for(world.home), reason="Home only", reviews_high_every="2")
    )
    assert services.policy_for(world.home).reviews["high"].every == timedelta(weeks=2)
    assert versions(world.elsewhere) == elsewhere_before
    assert services.policy_for(world.elsewhere) == elsewhere_policy
    page = text_of(client_for(world.elsewhere_lead).get(CURRENT).text)
    assert "A High review is held every 4 weeks" in page and "Home only" not in page


@pytest.mark.parametrize("who", ["unrelated", "elsewhere_lead", "cerar_lead", "team_manager", "auditor"])
def test_nobody_but_the_partnerships_administrator_changes_it(world, client_for, who):
    user = world.principals[who]
    before = (versions(world.home), versions(world.elsewhere))
    client = client_for(user)
    assert client.get(EDIT).status_code == 403
    data = policy_post(services.policy_for(user.partnership), reason="Not mine to change", reviews_high_every="1")
    assert client.post(EDIT, data).status_code == 403
    assert (versions(world.home), versions(world.elsewhere)) == before


def test_another_partnerships_administrator_changes_only_their_own(world, client_for):
    theirs = UserFactory(role=Role.ADMINISTRATOR, agency=world.elsewhere_agency)
    home_before = versions(world.home)
    response = client_for(theirs).post(
        EDIT, policy_post(services.policy_for(world.elsewhere), reason="Ours", reviews_high_every="3")
    )
    assert response.status_code == 302
    assert services.policy_for(world.elsewhere).reviews["high"].every == timedelta(weeks=3)
    assert versions(world.home) == home_before
    assert "Ours" not in text_of(client_for(world.users[Role.ADMINISTRATOR]).get(reverse("policy:history")).text)
