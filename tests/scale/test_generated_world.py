"""The world generator (cepathway.demo.world) at its tiny size: the records are consistent, every
link points at a row, everyone is fictional, the benchmark's logins are there, the counts scale
with the number of partnerships, and a seed always builds the same world."""

import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from faker.providers.person.en_GB import Provider as NameProvider

from cepathway.children.models import CEStatus, Child
from cepathway.core.models import AuditEvent
from cepathway.demo.world import BENCH_PASSWORD, LOGINS, build_world
from cepathway.demo.world.samples import sample_ids
from cepathway.meetings.models import Meeting, MeetingKind, MeetingState, Pathway, StatusDecision
from cepathway.people.models import Partnership, User
from cepathway.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db

FIRST_NAMES = {*NameProvider.first_names_female, *NameProvider.first_names_male}
LAST_NAMES = set(NameProvider.last_names)
ON_PATHWAY = Exists(Pathway.objects.filter(child=OuterRef("pk"), closed_at__isnull=True))


@pytest.fixture(scope="module", autouse=True)
def tiny(kept_for_module: Any) -> Any:
    return kept_for_module(lambda: build_world("tiny", seed=3))


def test_every_child_with_a_status_is_on_the_pathway_with_its_next_review_booked() -> None:
    with_status = Child.objects.exclude(ce_status=CEStatus.NONE)
    assert with_status.filter(ce_status=CEStatus.HIGH).exists() and with_status.filter(ce_status=CEStatus.LOW).exists()
    assert not with_status.exclude(ON_PATHWAY).exists()
    next_review = Meeting.objects.filter(child=OuterRef("pk"), kind=MeetingKind.REVIEW, state=MeetingState.SCHEDULED)
    assert not with_status.exclude(Exists(next_review)).exists()


def test_each_childs_status_is_its_latest_decision_and_a_closed_pathway_ended_with_no_status() -> None:
    for child in Child.objects.filter(ce_status_history__isnull=False).distinct():
        assert child.ce_status_history.latest().status == child.ce_status
    for pathway in Pathway.objects.filter(closed_at__isnull=False):
        assert StatusDecision.objects.get(meeting_id=pathway.closed_by_meeting_id).status == CEStatus.NONE
        assert not pathway.child.ce_actions.open().exists()


def test_every_pathway_follows_a_level1_decision_and_every_stage_of_triage_is_there() -> None:
    assert not Pathway.objects.exclude(referral__status=ReferralStatus.LEVEL1_REQUIRED).exists()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values)


def test_every_link_points_at_an_existing_row() -> None:
    orphans = {}
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("cepathway.") and not model._meta.auto_created:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                targets = field.related_model._base_manager.values(field.target_field.attname)
                rows = model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                count = rows.exclude(**{f"{field.attname}__in": targets}).count()
                if count:
                    orphans[f"{model._meta.label}.{field.name}"] = count
    assert orphans == {}


def test_everyone_is_fictional_with_a_faker_name_and_an_invalid_address() -> None:
    assert not Partnership.objects.filter(fictional=False).exists()
    assert not Child.objects.filter(fictional=False).exists()
    assert not User.objects.filter(fictional=False).exists()
    for first, last in Child.objects.values_list("first_name", "last_name"):
        assert first in FIRST_NAMES and last in LAST_NAMES
    for first, last, email in User.objects.values_list("first_name", "last_name", "email"):
        assert first in FIRST_NAMES and last in LAST_NAMES
        assert re.fullmatch(r"[a-z0-9._-]+@example\.invalid", email), email


def test_the_first_partnership_has_the_benchmark_logins_with_their_roles() -> None:
    users = User.objects.filter(agency__partnership__code="world-001", username__in=[name for name, _, _ in LOGINS])
    assert {user.username: user.role for user in users} == {name: role for name, role, _ in LOGINS}
    assert all(user.check_password(BENCH_PASSWORD) for user in users)
    assert not Child.objects.visible_to(users.get(username="unrelated")).exists()
    for username in ("socialworker", "leadprofessional", "school", "police", "level2"):
        assert Child.objects.visible_to(users.get(username=username)).filter(ON_PATHWAY).exists(), username


def test_the_samples_name_a_record_of_each_kind() -> None:
    samples = sample_ids("world-001")
    assert None not in samples.values(), samples
    assert Meeting.objects.get(pk=samples["outcome_meeting"]).may_record()


def fingerprint() -> dict[str, Any]:
    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models() if model is not AuditEvent}
    children = sorted(Child.objects.values_list("first_name", "last_name", "date_of_birth", "ce_status"))
    meetings = sorted(Meeting.objects.values_list("child__last_name", "scheduled_for", "state"))
    return {"counts": counts, "children": children, "meetings": meetings, "audit": AuditEvent.objects.count()}


def built_then_undone(**options: Any) -> dict[str, Any]:
    """Build more partnerships (numbered after the module's), note what they hold, then undo them."""
    with transaction.atomic():
        before = fingerprint()
        build_world("tiny", first_number=10, **options)
        after = fingerprint()
        transaction.set_rollback(True)
    counts = {label: after["counts"][label] - before["counts"][label] for label in after["counts"]}
    new = {key: sorted(set(after[key]) - set(before[key])) for key in ("children", "meetings")}
    return {"counts": counts, **new, "audit": after["audit"] - before["audit"]}


def test_the_same_seed_builds_the_same_world_and_another_seed_another() -> None:
    first = built_then_undone(seed=5)
    assert built_then_undone(seed=5) == first
    assert built_then_undone(seed=6)["children"] != first["children"]


def test_counts_scale_with_the_number_of_partnerships() -> None:
    one = built_then_undone(seed=5, partnerships=1)
    three = built_then_undone(seed=5, partnerships=3)
    for label in ("children.Child", "meetings.Pathway", "meetings.Level2Meeting", "people.User"):
        assert three["counts"][label] == 3 * one["counts"][label], label
    assert three["audit"] == 3 * one["audit"] > 0
