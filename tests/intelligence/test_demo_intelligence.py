"""`make run` gives every intelligence page something real to show: fictional submissions (graded P
and C, and waiting), persons, places, vehicles and phones linked to demo children on the pathway,
disruption, a decision on what may be shared with a family and the alerts it sent; all fictional,
none of it named after the partnership's documents, and running it again adds nothing."""

import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.intelligence.models import (
    Disruption,
    HandlingCode,
    IntelligenceAlert,
    Link,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceOfConcern,
    SharingDecision,
    Submission,
    VehicleOfConcern,
)
from cepathway.people.models import User

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
MODELS = (Submission, PersonOfConcern, PlaceOfConcern, VehicleOfConcern, PhoneOfConcern, Link, Disruption)


@pytest.fixture
def demo(db):
    started = time.monotonic()
    call_command("demo_setup", children=7, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return time.monotonic() - started


def test_the_demo_has_intelligence_of_every_kind_linked_to_children_on_the_pathway(demo):
    graded = Submission.objects.graded()
    assert {row.handling for row in graded} == {HandlingCode.P, HandlingCode.C}
    assert Submission.objects.waiting().count() >= 2
    for model in (PersonOfConcern, PlaceOfConcern, VehicleOfConcern, PhoneOfConcern):
        rows = model.objects.all()
        assert rows.exists() and all(row.fictional for row in rows), model
    assert all(phone.number_e164.startswith("+447700900") for phone in PhoneOfConcern.objects.all())
    children = set(Link.objects.filter(b_kind=NodeKind.CHILD).values_list("b_id", flat=True))
    children |= set(Link.objects.filter(a_kind=NodeKind.CHILD).values_list("a_id", flat=True))
    assert (
        children
        and set(Child.objects.filter(ce_pathways__closed_at__isnull=True).values_list("pk", flat=True)) >= children
    )
    assert (
        Disruption.objects.filter(person__isnull=False).exists()
        and Disruption.objects.filter(place__isnull=False).exists()
    )
    assert SharingDecision.objects.current().exists()
    assert IntelligenceAlert.objects.exists()


def test_running_it_again_adds_nothing(demo):
    counts = [model.objects.count() for model in MODELS]
    call_command("demo_setup", children=7, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in MODELS] == counts


def test_the_demo_logins_see_it_on_their_pages(demo):
    cerar, level2 = Client(), Client()
    cerar.force_login(User.objects.get(username="cerar"))
    level2.force_login(User.objects.get(username="level2"))
    month = timezone.localdate()
    agenda = reverse("meetings:level2", args=[month.year, month.month])
    person = PersonOfConcern.objects.filter(status="under_disruption").first()
    assert person is not None and person.name in cerar.get(agenda).content.decode()
    decision = SharingDecision.objects.current().first()
    page = cerar.get(reverse("intelligence:sharing", args=[decision.child_id])).content.decode()
    assert "Parents or carers" in page
    told = IntelligenceAlert.objects.values_list("recipient__username", flat=True)
    assert "cerar" in told
    assert "Graded information now links to a child you work with" in cerar.get(reverse("my-work")).content.decode()


def test_no_name_or_place_comes_from_the_partnerships_documents(demo):
    words = set()
    for path in SEEDS.glob("*"):
        if path.is_file():
            words |= set(re.findall(r"\b[A-Z][a-z]{3,}\b", path.read_text(errors="ignore")))
    if not words:
        pytest.skip("the partnership's documents are not on this machine")
    names = [person.first_name for person in PersonOfConcern.objects.all()]
    names += [person.last_name for person in PersonOfConcern.objects.all()]
    names += [word for place in PlaceOfConcern.objects.all() for word in place.name.split()]
    common = {"Fictional", "Station", "Hotel", "Park", "Riverside", "Chicken", "Shack"}
    assert not (set(names) - common) & words, (set(names) - common) & words


def test_it_stays_quick(demo):
    assert demo < 60, f"demo_setup took {demo:.1f} s"
