"""On PostgreSQL the search filters by conditions its trigram indexes answer (every word typed in a
name, or the date of birth or reference); elsewhere by each rank's own condition. Both must find
the same children in the same order, whichever database runs the test."""

from datetime import date

import pytest
from django.db import connection

from cepathway.children import search
from cepathway.children.models import Child
from cepathway.people.models import Role
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

NAMES = [
    ("Kayleigh", "Taylor", ""),
    ("Tay", "Kaysmith", "Birdie, Kay"),
    ("Ann Marie", "O Tay", ""),
    ("Amir", "Kay", "Tayla"),
    ("Rhiannon", "Tayward", "Kay-Tay"),
    ("Kay", "Taylor-Kay", ""),
]
TYPED = [
    "kay",
    "tay",
    "kay tay",
    "kayleigh taylor",
    "KAY",
    "ann marie o tay",
    "birdie",
    "-tay",
    "ay",
    "12/05/2011",
    "zz",
]


def searched(user, typed, vendor):
    """The pks `search` finds, built as on a database of `vendor` (the SQL runs on this one)."""
    real = connection.vendor
    connection.vendor = vendor
    try:
        rows = search.search(Child.objects.visible_to(user), typed, user=user)
    finally:
        connection.vendor = real
    return [child.pk for child in rows]


def test_the_trigram_filter_finds_what_every_rank_does(world):
    for first, last, other in NAMES:
        ChildFactory(partnership=world.home, first_name=first, last_name=last, other_names=other)
    ChildFactory(partnership=world.home, date_of_birth=date(2011, 5, 12))
    cerar = world.users[Role.CERAR_LEAD]
    for typed in TYPED:
        found = searched(cerar, typed, "postgresql")
        assert found == searched(cerar, typed, "sqlite"), typed
        assert found or typed == "zz", typed
