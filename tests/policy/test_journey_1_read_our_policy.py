"""Journey 1: anyone working in the partnership reads its policy (how often reviews are held and who
chairs them, who each child must have allocated, Level 2, reminders, the checklist's weighting and
the contacts), its version, and its history. Each partnership reads only its own."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from cepathway.policy import services, wording
from cepathway.policy.models import PolicyVersion
from tests.factories import UserFactory
from tests.policy.helpers import CURRENT, EDIT, HISTORY, text_of


def publish_four_weekly_medium(world, reason="Follow the parents' guide"):
    current = services.policy_for(world.home)
    medium = replace(current.reviews["medium"], every=timedelta(weeks=4))
    changed = replace(current, reviews={**current.reviews, "medium": medium})
    return services.publish(
        world.home, changed, based_on=current.number, reason=reason, by=world.users[Role.ADMINISTRATOR]
    )


def test_a_school_reads_the_partnerships_policy_in_plain_sentences(world, client_for):
    response = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(CURRENT)
    assert response.status_code == 200
    page = text_of(response.text)
    policy = services.policy_for(world.home)
    for sentence in (
        wording.review_sentence(policy, "high"),
        wording.review_sentence(policy, "medium"),
        wording.review_sentence(policy, "low"),
        wording.allocation_sentence(policy),
        wording.level1_chair_sentence(policy),
        wording.level2_agenda_sentence(policy),
        wording.level2_day_sentence(policy),
    ):
        assert sentence in page
    assert "A Medium review is held every 8 weeks" in page
    assert "Version 1, set up by the service on" in page
    assert policy.contacts.hub_urgent_phone in page and policy.contacts.complaints_email in page
    assert "Change the policy" not in page
    assert f'href="{HISTORY}"' in response.text


def test_the_tables_say_where_each_review_may_and_may_not_be_held(world, client_for):
    page = text_of(client_for(world.users[Role.SOCIAL_WORKER]).get(CURRENT).text)
    assert (
        "Medium Every 8 weeks Complex Safeguarding Team Manager Children's services office, School or college, "
        "Police station, Online and Other place Early Help"
    ) in page
    assert "Low A lead professional" in page and "High An allocated social worker" in page
    assert "Level 2 meets on The second Tuesday of each month" in page
    assert "Medium 6" in page and "A suspected answer 0.5" in page


def test_the_administrator_is_offered_the_change(world, client_for):
    response = client_for(world.users[Role.ADMINISTRATOR]).get(CURRENT)
    assert "Change the policy" in response.text and f'href="{EDIT}"' in response.text


def test_reading_the_policy_is_audited(world, client_for):
    hub = world.users[Role.HUB_PRACTITIONER]
    client_for(hub).get(CURRENT)
    version = PolicyVersion.objects.get(partnership=world.home)
    assert AuditEvent.objects.filter(user=hub, action="viewed", record_id=str(version.pk)).exists()


def test_the_navigation_links_to_the_policy(world, client_for):
    response = client_for(world.users[Role.POLICE_OFFICER]).get(reverse("my-work"))
    assert f'href="{CURRENT}"' in response.text


def test_someone_who_belongs_to_no_agency_reads_no_policy(world, client_for):
    stray = UserFactory(role=Role.PARTNER_PROFESSIONAL, agency=None)
    client = client_for(stray)
    assert client.get(CURRENT).status_code == 403
    assert client.get(HISTORY).status_code == 403
    assert f'href="{CURRENT}"' not in client.get(reverse("my-work")).text


def test_each_partnership_reads_its_own_policy(world, client_for):
    publish_four_weekly_medium(world, reason="Fictional reason only home knows")
    home = text_of(client_for(world.users[Role.LEVEL2_MEMBER]).get(CURRENT).text)
    elsewhere = text_of(client_for(world.elsewhere_lead).get(CURRENT).text)
    assert "A Medium review is held every 4 weeks" in home and "Version 2, published by" in home
    assert "A Medium review is held every 8 weeks" in elsewhere and "Version 1" in elsewhere
    elsewhere_history = text_of(client_for(world.elsewhere_lead).get(HISTORY).text)
    assert "Fictional reason only home knows" not in elsewhere_history and "Version 2" not in elsewhere_history


def test_the_unrelated_agency_reads_the_policy_but_sees_no_child_and_changes_nothing(world, client_for):
    client = client_for(world.unrelated)
    page = client.get(CURRENT).text
    assert "A Medium review is held" in text_of(page)
    for child in world.children().values():
        assert child.last_name not in page
    assert client.get(EDIT).status_code == 403


def test_the_history_lists_every_version_with_why_and_what_changed(world, client_for):
    publish_four_weekly_medium(world)
    response = client_for(world.users[Role.AUDITOR]).get(HISTORY)
    page = text_of(response.text)
    admin = world.users[Role.ADMINISTRATOR]
    assert "Version 2 In use" in page and admin.display_name in page
    assert "Follow the parents' guide Medium reviews: every 8 weeks → every 4 weeks" in page
    assert "Version 1" in page and "The first version." in page
    assert AuditEvent.objects.filter(user=world.users[Role.AUDITOR], action="listed").exists()
    for version in PolicyVersion.objects.filter(partnership=world.home):
        assert reverse("policy:version", args=[version.pk]) in response.text


def test_an_old_version_still_says_what_it_said(world, client_for):
    first = PolicyVersion.objects.get(partnership=world.home, number=1)
    publish_four_weekly_medium(world)
    page = text_of(client_for(world.users[Role.CERAR_LEAD]).get(reverse("policy:version", args=[first.pk])).text)
    assert "Policy version 1" in page and "A Medium review is held every 8 weeks" in page
    assert "A later version replaced this one" in page


@pytest.mark.parametrize("reader", ["elsewhere_lead", "home_cerar"])
def test_another_partnerships_version_is_not_found_and_the_refusal_is_audited(world, client_for, reader):
    user = world.elsewhere_lead if reader == "elsewhere_lead" else world.users[Role.CERAR_LEAD]
    theirs = world.home if reader == "elsewhere_lead" else world.elsewhere
    version = PolicyVersion.objects.get(partnership=theirs)
    response = client_for(user).get(reverse("policy:version", args=[version.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(user=user, action="denied", record_id=str(version.pk)).exists()
