"""Journey 4: the partnership administrator sets the time limits and triggers of the work around the
meetings (how long a family's views link lasts, when missing episodes prompt CERAR, when a return
interview, an NRM decision, a complaint or training is due), everyone reads them on the policy page,
the history says what changed, and a limit outside what the service allows is refused beside its field."""

from dataclasses import replace

import pytest

from cepathway.core.policy import TIMESCALES, Timescales, from_document, to_document
from cepathway.people.models import Role
from cepathway.policy import services
from tests.policy.helpers import CURRENT, EDIT, HISTORY, policy_post, text_of


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users[Role.ADMINISTRATOR])


def test_a_new_partnership_starts_from_the_published_sources(world):
    timescales = services.policy_for(world.home).timescales
    assert timescales == Timescales()
    assert (timescales.views_link_days, timescales.return_interview_hours) == (14, 72)
    assert (timescales.missing_trigger_episodes, timescales.missing_trigger_days) == (3, 90)


def test_a_document_stored_before_the_time_limits_reads_back_with_the_defaults(world):
    document = to_document(services.policy_for(world.home))
    del document["timescales"]
    assert from_document(document).timescales == Timescales()


def test_everyone_reads_the_time_limits_on_the_policy_page(world, client_for):
    page = text_of(client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(CURRENT).text)
    assert "A link for the family's views lasts 14 days" in page
    assert "A return home interview is due within 72 hours" in page
    assert "An NRM reasonable grounds decision is expected within 5 working days" in page


def test_the_administrator_changes_a_trigger_and_the_history_says_so(world, admin):
    before = services.policy_for(world.home)
    response = admin.post(
        EDIT, policy_post(before, reason="Two episodes are enough", timescales_missing_trigger_episodes="2")
    )

    assert response.status_code == 302
    after = services.policy_for(world.home)
    assert after.timescales.missing_trigger_episodes == 2
    assert after == replace(before, timescales=after.timescales), "nothing else changed"
    assert "CERAR is prompted after: 3 episodes → 2 episodes" in text_of(admin.get(HISTORY).text)


@pytest.mark.parametrize("name", list(TIMESCALES))
def test_a_limit_outside_what_the_service_allows_is_refused_beside_its_field(world, admin, name):
    before = services.policy_for(world.home)
    too_many = str(TIMESCALES[name].highest + 1)
    response = admin.post(EDIT, policy_post(before, **{f"timescales_{name}": too_many}))

    assert response.status_code == 200
    assert f'id="timescales_{name}-error"' in response.text or f"timescales_{name}-error" in response.text
    assert services.policy_for(world.home) == before
