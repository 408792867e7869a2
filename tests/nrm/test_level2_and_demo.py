"""The Level 2 line costs one query whatever the number of children; the demo adds its two
fictional referrals once (one awaited past the expected time, one with conclusive grounds awaited)."""

from datetime import UTC, date, datetime

import pytest

from cepathway.nrm import demo
from cepathway.nrm.agenda_notes import level2_lines
from cepathway.nrm.models import Decision, NrmReferral
from cepathway.people.models import Role
from tests.factories import ChildFactory
from tests.nrm.world_referrals import make_referral

pytestmark = pytest.mark.django_db


def test_the_level2_line_in_one_query(world, django_assert_num_queries) -> None:
    worker = world.users[Role.SOCIAL_WORKER]
    children = [ChildFactory(partnership=world.home) for _ in range(5)]
    for number, child in enumerate(children):
        make_referral(
            child,
            worker,
            referred_on=date(2026, 3, 3),
            reasonable_grounds=Decision.POSITIVE if number % 2 else Decision.AWAITED,
            reasonable_grounds_on=date(2026, 3, 10) if number % 2 else None,
        )
    closed = make_referral(children[0], worker, referred_on=date(2026, 1, 5), closed_on=date(2026, 2, 1))
    with django_assert_num_queries(1):
        one = level2_lines([children[0].pk], datetime(2026, 2, 15, tzinfo=UTC))
    with django_assert_num_queries(1):
        lines = level2_lines([child.pk for child in children], datetime(2026, 1, 15, tzinfo=UTC))
    assert one[children[0].pk] == ["NRM: referred 3 March 2026; reasonable grounds awaited"]
    assert lines[children[1].pk] == [
        "NRM: referred 3 March 2026; reasonable grounds positive 10 March 2026; conclusive awaited"
    ]
    # Closed since the previous Level 2: still shown, once; closed before it: not.
    assert "closed 1 February 2026" in lines[children[0].pk][0] and len(lines[children[0].pk]) == 2
    assert closed.pk


def test_the_demo_adds_two_referrals_once(world) -> None:
    users = {
        "socialworker": world.users[Role.SOCIAL_WORKER],
        "police": world.users[Role.POLICE_OFFICER],
        "cerar": world.users[Role.CERAR_LEAD],
    }
    NrmReferral.objects.filter(child__partnership=world.home).delete()
    demo.add_demo(world.home, users)
    made = NrmReferral.objects.filter(child__partnership=world.home)
    assert made.count() == 2
    assert made.awaited_past_expected().count() == 1
    assert (
        made.filter(reasonable_grounds=Decision.POSITIVE, conclusive_grounds=Decision.AWAITED)
        .exclude(guardian_name="")
        .exists()
    )
    demo.add_demo(world.home, users)
    assert made.count() == 2
