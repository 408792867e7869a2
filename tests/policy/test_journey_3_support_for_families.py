"""Journey 3: the partnership administrator keeps the support the family summary points parents and
carers to (the charities the parents' guide names): a new partnership starts with PACE and the NSPCC,
the administrator adds, changes or removes a link on the policy form, and a link nobody could follow
is refused beside the row it was typed on."""

from dataclasses import replace

import pytest

from cepathway.core.policy import NATIONAL_SUPPORT_LINKS, SupportLink
from cepathway.people.models import Role
from cepathway.policy import services
from tests.policy.helpers import CURRENT, EDIT, HISTORY, policy_post, text_of


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users[Role.ADMINISTRATOR])


def test_a_partnership_starts_with_the_national_charities_the_parents_guide_names(world, client_for):
    links = services.policy_for(world.home).contacts.support_links
    assert links == NATIONAL_SUPPORT_LINKS
    assert [link.name.split()[0] for link in links] == ["PACE", "NSPCC:", "NSPCC:"]
    page = client_for(world.users[Role.SOCIAL_WORKER]).get(CURRENT).text
    assert '<a class="govuk-link" href="https://paceuk.info/">PACE (Parents Against Child Exploitation)</a>' in page


def test_the_administrator_adds_a_local_support_link_in_a_spare_row(world, admin):
    before = services.policy_for(world.home)
    spare = len(before.contacts.support_links)
    typed = {
        f"contacts_support_links_{spare}_name": "Fictional Family Support Line",
        f"contacts_support_links_{spare}_phone": "01632 960555",
        f"contacts_support_links_{spare}_what_for": "Evenings and weekends",
    }
    response = admin.post(EDIT, policy_post(before, reason="Add our family line", **typed))

    assert response.status_code == 302
    after = services.policy_for(world.home)
    local = SupportLink("Fictional Family Support Line", phone="01632 960555", what_for="Evenings and weekends")
    assert after.contacts.support_links == (*before.contacts.support_links, local)
    assert after == replace(before, contacts=after.contacts), "nothing else changed"
    history = text_of(admin.get(HISTORY).text)
    assert "Support for families:" in history and "Fictional Family Support Line (01632 960555)" in history


def test_emptying_a_row_removes_its_link(world, admin):
    before = services.policy_for(world.home)
    emptied = {f"contacts_support_links_0_{part}": "" for part in ("name", "url", "phone", "what_for")}
    admin.post(EDIT, policy_post(before, **emptied))
    assert services.policy_for(world.home).contacts.support_links == before.contacts.support_links[1:]


def test_a_link_nobody_could_follow_is_refused_beside_its_own_row(world, admin):
    before = services.policy_for(world.home)
    emptied = {f"contacts_support_links_0_{part}": "" for part in ("name", "url", "phone", "what_for")}
    row = len(before.contacts.support_links)  # the first spare row, after an emptied one
    typed = {
        f"contacts_support_links_{row}_name": "A fictional charity",
        f"contacts_support_links_{row}_url": "http://x.invalid",
    }
    response = admin.post(EDIT, policy_post(before, **emptied, **typed))

    assert response.status_code == 200
    assert f'href="#id_contacts_support_links_{row}_url"' in response.text
    assert f"Enter support link {row + 1}&#x27;s web address, starting https://" in response.text
    assert services.policy_for(world.home) == before, "nothing saved"
