"""Journey: the guide for parents and carers is public, one for each partnership, and says what that
partnership's policy says: each status's cadence and chair, Level 2, the complaint steps and their
time limits, and the partnership's own contacts and support. Publish a new policy and the guide says
the new thing. Professionals reach it by clicking, from the meeting's page and the family summary."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse

from cepathway.core.policy import Contacts, SupportLink
from cepathway.people.models import Role
from cepathway.policy import services as policy_services
from tests.meetings.conftest import clock, pathway  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def guide_text(client, partnership) -> str:
    response = client.get(reverse("family:guide", args=[partnership.code]))
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    main = page[page.find("<main") : page.find("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def publish(partnership, change):
    current = policy_services.policy_for(partnership)
    policy_services.publish(
        partnership, change(current), based_on=current.number, reason="Fictional change for a test", by=None
    )


def test_anyone_reads_a_partnerships_guide_without_signing_in(world, client):
    text = guide_text(client, world.home)
    assert world.home.name in text
    # The home partnership starts from the practitioner briefing: Medium every 8 weeks, by a team manager.
    assert "Medium The meeting is worried that your child may be being exploited." in text
    assert "The meeting looks again every 8 weeks. A Complex Safeguarding Team Manager chairs it." in text
    assert "The meeting looks again every 12 weeks. A lead professional chairs it." in text
    assert "It looks at every child with a High or Medium status." in text
    assert "only when someone asks it to" in text
    assert "cerar@example.invalid" in text and "01632 960002" in text
    assert "within 10 working days" in text and "within 3 working days" in text and "within 25 working days" in text
    assert "PACE (Parents Against Child Exploitation)" in text
    assert "It works for 14 days, or until the meeting starts." in text


def test_an_unknown_partnership_is_a_404(client):
    assert client.get(reverse("family:guide", args=["no-such-partnership"])).status_code == 404


def test_the_guide_follows_the_policy_when_it_changes(world, client):
    def change(policy):
        reviews = dict(policy.reviews)
        reviews["medium"] = replace(reviews["medium"], every=timedelta(weeks=4), chair_role=Role.CERAR_LEAD)
        contacts = Contacts(
            cerar_email="new-cerar@example.invalid",
            complaints_phone="01632 960999",
            support_links=(SupportLink(name="Fictional Family Helpline", phone="01632 960998"),),
        )
        timescales = replace(
            policy.timescales, complaint_formal_working_days=20, complaint_informal_working_days=5, views_link_days=7
        )
        return replace(
            policy,
            reviews=reviews,
            contacts=contacts,
            timescales=timescales,
            level2_statuses=("high",),
            level2_by_exception_statuses=("medium", "low"),
        )

    publish(world.home, change)
    text = guide_text(client, world.home)
    assert "The meeting looks again every 4 weeks. A CERAR lead chairs it." in text
    assert "every 8 weeks" not in text
    assert "new-cerar@example.invalid" in text and "cerar@example.invalid" not in text.replace("new-cerar", "")
    assert "01632 960999" in text and "complaints@example.invalid" not in text
    assert "Fictional Family Helpline" in text and "PACE" not in text
    assert "within 5 working days" in text and "within 20 working days" in text
    assert "It works for 7 days" in text
    assert "It looks at every child with a High status." in text
    assert "Medium or Low status only when someone asks it to" in text
    # The other partnership's guide is its own.
    assert "every 8 weeks" in guide_text(client, world.elsewhere)


def test_professionals_reach_the_guide_from_the_family_summary(world, pathway, client_for):  # noqa: F811
    meeting = pathway.level1()
    pathway.decide(meeting, "medium")
    client = client_for(world.users[Role.SOCIAL_WORKER])
    summary = client.get(reverse("meetings:family-summary", args=[meeting.pk])).content.decode()
    guide = reverse("family:guide", args=[world.home.code])
    assert f'href="{guide}"' in summary
    assert f"http://testserver{guide}" in summary  # the address in full, for a printed summary


def test_the_sign_in_pages_footer_leads_to_the_guides(world, client):
    index = reverse("family:guide-index")
    page = client.get(reverse("login")).content.decode()
    footer = page[page.find("<footer") :]
    assert f'<a class="govuk-footer__link" href="{index}">Guide for parents and carers</a>' in footer
    guides = client.get(index).content.decode()
    for partnership in (world.home, world.elsewhere):
        assert f'href="{reverse("family:guide", args=[partnership.code])}"' in guides
