"""The policy service: each partnership reads its own current version, a new partnership starts
from the briefing, publishing adds a version and never changes one, and the referral checklist
weighs answers by the referral's own partnership's policy."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cepathway.core.errors import RuleError
from cepathway.core.models import AuditEvent, StaleRecordError
from cepathway.core.policy import DEFAULT_POLICY, PARENTS_GUIDE_POLICY, ChecklistWeighting, to_document
from cepathway.people.models import Partnership, Role
from cepathway.policy import services
from cepathway.policy.models import PolicyVersion
from cepathway.referrals import services as referrals
from tests.factories import FICTIONAL_CONTACTS, PartnershipFactory, UserFactory


def medium_every(weeks: int, policy=DEFAULT_POLICY):
    return replace(
        policy, reviews={**policy.reviews, "medium": replace(policy.reviews["medium"], every=timedelta(weeks=weeks))}
    )


def new_partnership(name: str = "Fictional New Partnership") -> Partnership:
    """A partnership as an administrator of the service would add it: with no policy of its own yet."""
    return Partnership.objects.create(name=name, code=name.lower().replace(" ", "-"), fictional=True)


# --- Starting ----------------------------------------------------------------------------------------


def test_a_new_partnership_starts_from_the_practitioner_briefing(db):
    partnership = new_partnership()
    policy = services.policy_for(partnership)
    assert policy == DEFAULT_POLICY
    assert policy.number == 1
    version = PolicyVersion.objects.get(partnership=partnership)
    assert policy.version_id == version.pk and version.number == 1 and version.created_by is None
    assert "Westmorland and Furness practitioner briefing" in version.reason


def test_the_starting_policy_is_the_setting(db, settings):
    settings.CEPATHWAY_PARTNERSHIP_POLICY = "cepathway.core.policy.PARENTS_GUIDE_POLICY"
    assert services.policy_for(new_partnership()) == PARENTS_GUIDE_POLICY


def test_starting_twice_at_once_makes_one_version(db, monkeypatch):
    partnership = new_partnership()
    first = services.start(partnership)
    # The second request looked before the first had written, and writes after it.
    monkeypatch.setattr(services, "_first_version", lambda partnership_id: None)
    second = services.start(partnership)
    assert second.pk == first.pk
    assert PolicyVersion.objects.filter(partnership=partnership).count() == 1


def test_policy_for_takes_a_partnership_or_its_id_and_a_user(db):
    partnership = PartnershipFactory(policy=PARENTS_GUIDE_POLICY)
    user = UserFactory(agency__partnership=partnership)
    assert services.policy_for(partnership) == services.policy_for(partnership.pk) == PARENTS_GUIDE_POLICY
    assert services.policy_for_user(user) == PARENTS_GUIDE_POLICY
    with pytest.raises(PermissionDenied):
        services.policy_for_user(UserFactory(agency=None))


def test_reading_the_current_policy_is_one_query(db, django_assert_num_queries):
    partnership = PartnershipFactory()
    services.policy_for(partnership)
    with django_assert_num_queries(1):
        assert services.policy_for(partnership.pk).contacts == FICTIONAL_CONTACTS


# --- Publishing --------------------------------------------------------------------------------------


@pytest.fixture
def partnership(db):
    return PartnershipFactory()


@pytest.fixture
def admin(partnership):
    return UserFactory(role=Role.ADMINISTRATOR, agency__partnership=partnership)


def test_publishing_adds_the_next_version_and_audits_it(partnership, admin):
    version = services.publish(partnership, medium_every(4), based_on=1, reason="Follow the parents' guide", by=admin)
    assert (version.number, version.reason, version.created_by) == (2, "Follow the parents' guide", admin)
    policy = services.policy_for(partnership)
    assert policy.reviews["medium"].every == timedelta(weeks=4) and policy.number == 2
    assert AuditEvent.objects.filter(user=admin, action="created", record_id=str(version.pk)).exists()


def test_an_old_version_is_never_changed(partnership, admin):
    first = PolicyVersion.objects.get(partnership=partnership)
    document = first.document
    services.publish(partnership, medium_every(4), based_on=1, reason="Four-weekly", by=admin)
    services.publish(partnership, medium_every(6), based_on=2, reason="Six-weekly", by=admin)
    first.refresh_from_db()
    assert first.document == document
    assert [entry.version.number for entry in services.history(partnership)] == [3, 2, 1]


def test_the_second_of_two_publishes_from_the_same_version_is_refused_and_saves_nothing(partnership, admin):
    services.publish(partnership, medium_every(4), based_on=1, reason="Four-weekly", by=admin)
    with pytest.raises(StaleRecordError) as refused:
        services.publish(partnership, medium_every(6), based_on=1, reason="Six-weekly", by=admin)
    assert refused.value.record.number == 2
    assert services.policy_for(partnership).reviews["medium"].every == timedelta(weeks=4)
    assert PolicyVersion.objects.filter(partnership=partnership).count() == 2


def test_a_publish_that_loses_the_race_to_write_is_refused_as_stale(partnership, admin, monkeypatch):
    other = PolicyVersion(partnership=partnership, number=2, document=to_document(medium_every(6)), reason="Other")
    real_current = services._current_version

    def current_then_someone_writes(partnership_id, *, lock=False):
        found = real_current(partnership_id, lock=lock)
        if lock and other._state.adding:
            other.save()  # between our check and our write
        return found

    monkeypatch.setattr(services, "_current_version", current_then_someone_writes)
    with pytest.raises(StaleRecordError):
        services.publish(partnership, medium_every(4), based_on=1, reason="Four-weekly", by=admin)
    assert not PolicyVersion.objects.filter(reason="Four-weekly").exists()


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        (medium_every(0), "reviews.medium.every"),
        (replace(DEFAULT_POLICY, level2_weekday=6), "level2_weekday"),
        (replace(DEFAULT_POLICY, checklist=ChecklistWeighting(low_from=7)), "checklist.medium_from"),
    ],
    ids=["no-cadence", "sunday", "thresholds"],
)
def test_a_policy_with_problems_is_refused_naming_the_field(partnership, admin, policy, field):
    with pytest.raises(services.PolicyInvalid) as refused:
        services.publish(partnership, policy, based_on=1, reason="Trying", by=admin)
    assert refused.value.field == field and field in refused.value.problems
    assert PolicyVersion.objects.filter(partnership=partnership).count() == 1


def test_a_change_needs_a_reason(partnership, admin):
    with pytest.raises(RuleError) as refused:
        services.publish(partnership, medium_every(4), based_on=1, reason="  ", by=admin)
    assert refused.value.field == "reason"
    assert PolicyVersion.objects.filter(partnership=partnership).count() == 1


def test_publishing_what_the_policy_says_already_is_refused(partnership, admin):
    unchanged = replace(DEFAULT_POLICY, contacts=FICTIONAL_CONTACTS)
    with pytest.raises(RuleError, match="says already"):
        services.publish(partnership, unchanged, based_on=1, reason="Again", by=admin)


def test_one_partnerships_change_leaves_another_alone(partnership, admin):
    elsewhere = PartnershipFactory()
    services.publish(partnership, medium_every(4), based_on=1, reason="Four-weekly", by=admin)
    assert services.policy_for(elsewhere).reviews["medium"].every == timedelta(weeks=8)
    assert PolicyVersion.objects.filter(partnership=elsewhere).count() == 1


# --- Versions are append-only ---------------------------------------------------------------------------


def test_a_version_cannot_be_saved_again_or_deleted(partnership):
    version = PolicyVersion.objects.get(partnership=partnership)
    version.reason = "Rewritten"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    with pytest.raises(PermissionError):
        PolicyVersion.objects.filter(pk=version.pk).update(reason="Rewritten")
    with pytest.raises(PermissionError):
        PolicyVersion.objects.filter(pk=version.pk).delete()
    assert PolicyVersion.objects.get(pk=version.pk).reason != "Rewritten"


def test_the_database_refuses_a_second_version_without_a_reason_or_a_number_twice(partnership):
    document = to_document(DEFAULT_POLICY)
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.create(partnership=partnership, number=2, document=document, reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.create(partnership=partnership, number=1, document=document, reason="Again")


# --- History and what changed ------------------------------------------------------------------------


def test_the_history_says_what_each_version_changed(partnership, admin):
    four_weekly = medium_every(4, services.policy_for(partnership))
    services.publish(partnership, four_weekly, based_on=1, reason="Follow the parents' guide", by=admin)
    newer = replace(
        four_weekly,
        level2_week_of_month=1,
        level2_weekday=0,
        contacts=replace(FICTIONAL_CONTACTS, hub_urgent_phone="01632 960999"),
    )
    services.publish(partnership, newer, based_on=2, reason="New hub line and Level 2 day", by=admin)
    latest, middle, first = services.history(partnership)
    assert middle.changes == ["Medium reviews: every 8 weeks → every 4 weeks"]
    assert latest.changes == [
        "Level 2 meets on: the second Tuesday of each month → the first Monday of each month",
        "Safeguarding hub's urgent phone line: 01632 960000 → 01632 960999",
    ]
    assert first.changes == []


def test_changes_between_says_each_kind_of_change_in_plain_words():
    old = DEFAULT_POLICY
    low = old.reviews["low"]
    new = replace(
        old,
        reviews={**old.reviews, "low": replace(low, chair_role="team_manager", venues=(*low.venues[1:],))},
        status_requires={"high": "social_worker", "medium": "social_worker"},
        level2_by_exception_statuses=(),
        reminder_window=timedelta(days=10),
        checklist=ChecklistWeighting(medium_from=8),
        contacts=replace(old.contacts, cerar_email="cerar@example.invalid"),
    )
    assert services.changes_between(old, new) == [
        "Low reviews chaired by: Lead professional (Early Help or METCO) → Complex Safeguarding Team Manager",
        "Low reviews may no longer be held at a children's services office",
        "Who a Low status needs allocated: a lead professional → nobody",
        "Discussed at Level 2 by exception: Low → none",
        "Reminders go out: 7 days ahead → 10 days ahead",
        "Checklist: Medium is suggested from: 6 points → 8 points",
        "CERAR email address: none → cerar@example.invalid",
    ]
    assert services.changes_between(old, old) == []


# --- Referrals use the referral's partnership's policy -----------------------------------------------


def test_the_checklist_suggestion_uses_the_referrals_own_partnerships_weighting(world):
    home_referral = world.referral[world.child.pk]
    elsewhere_referral = world.referral[world.foreign_child.pk]
    before = (referrals.suggestion_of(home_referral), referrals.suggestion_of(elsewhere_referral))
    assert before[0]["suggestion_score"] > 0, "the world's referral has answers that score"

    current = services.policy_for(world.home)
    weighting = ChecklistWeighting(
        current=0.5, past_three_to_six_months=0.25, low_from=500, medium_from=600, high_from=700
    )
    strict = replace(current, checklist=weighting)
    services.publish(world.home, strict, based_on=current.number, reason="Stricter", by=world.users[Role.ADMINISTRATOR])

    after_home = referrals.suggestion_of(home_referral)
    assert after_home["suggestion_score"] < before[0]["suggestion_score"], "current answers count half now"
    assert referrals.suggestion_of(elsewhere_referral) == before[1]
