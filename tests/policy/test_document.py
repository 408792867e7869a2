"""A policy is stored as a JSON document: whatever policy is written reads back the same, and a
policy the service cannot run is refused with the field each problem belongs to."""

import json
from dataclasses import replace
from datetime import time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cepathway.children.models import CEStatus
from cepathway.core.policy import (
    DEFAULT_POLICY,
    PARENTS_GUIDE_POLICY,
    REVIEWABLE_STATUSES,
    ChecklistWeighting,
    Contacts,
    PartnershipPolicy,
    ReviewRule,
    SupportLink,
    Venue,
    from_document,
    policy_problems,
    to_document,
)
from cepathway.people.models import Role
from cepathway.policy.services import REVIEWABLE

ROLES = frozenset(Role.values)
STATUSES = sorted(REVIEWABLE_STATUSES)

text = st.text(max_size=30)
roles = st.sampled_from(sorted(ROLES))
statuses = st.lists(st.sampled_from(STATUSES), unique=True, max_size=3).map(tuple)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
rules = st.builds(
    ReviewRule,
    every=st.integers(min_value=-3, max_value=200).map(lambda weeks: timedelta(weeks=weeks)),
    chair_role=roles,
    venues=st.lists(st.sampled_from(sorted(Venue.LABELS)), unique=True).map(tuple),
)
policies = st.builds(
    PartnershipPolicy,
    name=text,
    reviews=st.dictionaries(st.sampled_from(STATUSES), rules),
    level1_chair_role=roles,
    status_requires=st.dictionaries(st.sampled_from(STATUSES), roles),
    level2_statuses=statuses,
    level2_by_exception_statuses=statuses,
    level2_every_months=st.integers(min_value=-2, max_value=24),
    level2_week_of_month=st.integers(min_value=0, max_value=6),
    level2_weekday=st.integers(min_value=0, max_value=6),
    level2_organiser_roles=st.lists(roles, unique=True).map(tuple),
    working_days_region=st.sampled_from(["ENG", "WLS", "SCT", "NIR"]),
    reminder_window=st.integers(min_value=-5, max_value=400).map(lambda days: timedelta(days=days)),
    overdue_review_rebook_within=st.integers(min_value=0, max_value=400).map(lambda days: timedelta(days=days)),
    late_recording_within=st.integers(min_value=0, max_value=400).map(lambda days: timedelta(days=days)),
    default_meeting_time=st.times().map(lambda t: time(t.hour, t.minute)),
    checklist=st.builds(
        ChecklistWeighting,
        current=finite,
        past_three_to_six_months=finite,
        evidenced=finite,
        suspected=finite,
        low_from=finite,
        medium_from=finite,
        high_from=finite,
    ),
    contacts=st.builds(
        Contacts,
        **dict.fromkeys(set(Contacts.__dataclass_fields__) - {"support_links"}, text),
        support_links=st.lists(st.builds(SupportLink, name=text, url=text, phone=text, what_for=text)).map(tuple),
    ),
    number=st.integers(min_value=0, max_value=99),
)


@settings(deadline=None, max_examples=200)
@given(policies)
def test_any_policy_reads_back_exactly_as_it_was_written(policy):
    stored = json.loads(json.dumps(to_document(policy)))
    assert from_document(stored) == policy


@settings(deadline=None)
@given(policies)
def test_the_document_is_the_same_whichever_stored_version_a_policy_came_from(policy):
    assert to_document(replace(policy, version_id="some-version", number=7)) == to_document(policy)


def test_the_documents_units_are_whole_weeks_days_and_hours_and_minutes():
    document = to_document(PARENTS_GUIDE_POLICY)
    assert document["reviews"]["medium"] == {
        "every_weeks": 4,
        "chair_role": "team_manager",
        "venues": ["childrens_services", "school", "police", "online", "other"],
    }
    assert document["reminder_window_days"] == 7 and document["overdue_review_rebook_within_days"] == 14
    assert document["default_meeting_time"] == "10:00"
    assert document["level2_statuses"] == ["high", "medium"]
    assert "version_id" not in document and "number" not in document


@pytest.mark.parametrize(
    "policy",
    [
        replace(DEFAULT_POLICY, reviews={"high": ReviewRule(timedelta(days=10), "team_manager", (Venue.ONLINE,))}),
        replace(DEFAULT_POLICY, reminder_window=timedelta(hours=36)),
        replace(DEFAULT_POLICY, default_meeting_time=time(10, 0, 30)),
    ],
    ids=["cadence-in-days", "window-in-hours", "time-with-seconds"],
)
def test_what_a_document_cannot_hold_exactly_is_refused_not_rounded(policy):
    with pytest.raises(ValueError):
        to_document(policy)


def test_a_document_stored_before_a_field_existed_reads_with_that_fields_default():
    document = to_document(DEFAULT_POLICY)
    del document["contacts"], document["default_meeting_time"]
    document["a_field_since_removed"] = "ignored"
    policy = from_document(document)
    assert policy.contacts == Contacts() and policy.default_meeting_time == DEFAULT_POLICY.default_meeting_time


def test_a_document_without_its_reviews_is_not_a_policy():
    document = to_document(DEFAULT_POLICY)
    del document["reviews"]
    with pytest.raises(ValueError, match="reviews"):
        from_document(document)


# --- Problems ---------------------------------------------------------------------------------------


def test_the_statuses_core_reviews_are_the_childs_statuses_but_none():
    assert set(REVIEWABLE_STATUSES) == set(CEStatus.values) - {CEStatus.NONE} == set(REVIEWABLE)


@pytest.mark.parametrize("policy", [DEFAULT_POLICY, PARENTS_GUIDE_POLICY], ids=["briefing", "parents-guide"])
def test_the_partnerships_documents_are_policies_the_service_can_run(policy):
    assert policy_problems(policy, roles=ROLES) == {}


def _medium(**change):
    return replace(
        DEFAULT_POLICY,
        reviews={**DEFAULT_POLICY.reviews, "medium": replace(DEFAULT_POLICY.reviews["medium"], **change)},
    )


PROBLEMS = [
    ("zero-cadence", _medium(every=timedelta(0)), "reviews.medium.every"),
    ("negative-cadence", _medium(every=timedelta(weeks=-2)), "reviews.medium.every"),
    ("cadence-over-a-year", _medium(every=timedelta(weeks=60)), "reviews.medium.every"),
    ("chair-not-a-role", _medium(chair_role="head_teacher"), "reviews.medium.chair_role"),
    ("no-venue", _medium(venues=()), "reviews.medium.venues"),
    ("unknown-venue", _medium(venues=("pub",)), "reviews.medium.venues"),
    (
        "a-status-not-reviewed",
        replace(DEFAULT_POLICY, reviews={k: v for k, v in DEFAULT_POLICY.reviews.items() if k != "low"}),
        "reviews.low.every",
    ),
    (
        "reviewing-no-status",
        replace(DEFAULT_POLICY, reviews={**DEFAULT_POLICY.reviews, "none": DEFAULT_POLICY.reviews["low"]}),
        "reviews.none",
    ),
    ("level1-chair-not-a-role", replace(DEFAULT_POLICY, level1_chair_role="mayor"), "level1_chair_role"),
    ("no-organiser", replace(DEFAULT_POLICY, level2_organiser_roles=()), "level2_organiser_roles"),
    ("organiser-not-a-role", replace(DEFAULT_POLICY, level2_organiser_roles=("mayor",)), "level2_organiser_roles"),
    ("week-0", replace(DEFAULT_POLICY, level2_week_of_month=0), "level2_week_of_month"),
    ("week-6", replace(DEFAULT_POLICY, level2_week_of_month=6), "level2_week_of_month"),
    ("saturday", replace(DEFAULT_POLICY, level2_weekday=5), "level2_weekday"),
    ("level2-unknown-status", replace(DEFAULT_POLICY, level2_statuses=("high", "severe")), "level2_statuses"),
    ("level2-no-status", replace(DEFAULT_POLICY, level2_statuses=()), "level2_statuses"),
    (
        "exception-unknown",
        replace(DEFAULT_POLICY, level2_by_exception_statuses=("none",)),
        "level2_by_exception_statuses",
    ),
    (
        "exception-and-always",
        replace(DEFAULT_POLICY, level2_by_exception_statuses=("medium",)),
        "level2_by_exception_statuses",
    ),
    (
        "allocate-a-police-officer",
        replace(DEFAULT_POLICY, status_requires={"high": "police_officer"}),
        "status_requires.high",
    ),
    ("reminders-0-days", replace(DEFAULT_POLICY, reminder_window=timedelta(0)), "reminder_window"),
    (
        "rebook-0-days",
        replace(DEFAULT_POLICY, overdue_review_rebook_within=timedelta(0)),
        "overdue_review_rebook_within",
    ),
    (
        "late-recording-400-days",
        replace(DEFAULT_POLICY, late_recording_within=timedelta(days=400)),
        "late_recording_within",
    ),
    ("scottish-holidays-misspelt", replace(DEFAULT_POLICY, working_days_region="SCO"), "working_days_region"),
    (
        "medium-below-low",
        replace(DEFAULT_POLICY, checklist=ChecklistWeighting(low_from=6, medium_from=5)),
        "checklist.medium_from",
    ),
    (
        "high-equals-medium",
        replace(DEFAULT_POLICY, checklist=ChecklistWeighting(medium_from=6, high_from=6)),
        "checklist.high_from",
    ),
    ("low-at-zero", replace(DEFAULT_POLICY, checklist=ChecklistWeighting(low_from=0)), "checklist.low_from"),
    (
        "suspected-over-evidenced",
        replace(DEFAULT_POLICY, checklist=ChecklistWeighting(suspected=2)),
        "checklist.suspected",
    ),
    (
        "past-counts-nothing",
        replace(DEFAULT_POLICY, checklist=ChecklistWeighting(past_three_to_six_months=0)),
        "checklist.past_three_to_six_months",
    ),
    ("no-name", replace(DEFAULT_POLICY, name="  "), "name"),
    (
        "email-not-an-address",
        replace(DEFAULT_POLICY, contacts=Contacts(cerar_email="cerar at the council")),
        "contacts.cerar_email",
    ),
    (
        "complaints-page-not-https",
        replace(DEFAULT_POLICY, contacts=Contacts(complaints_url="http://example.invalid")),
        "contacts.complaints_url",
    ),
    (
        "support-link-without-a-name",
        replace(DEFAULT_POLICY, contacts=Contacts(support_links=(SupportLink(name=" ", phone="0808 000 0000"),))),
        "contacts.support_links.0.name",
    ),
    (
        "support-link-with-no-way-to-reach-it",
        replace(DEFAULT_POLICY, contacts=Contacts(support_links=(SupportLink(name="A charity"),))),
        "contacts.support_links.0.url",
    ),
    (
        "support-link-not-https",
        replace(DEFAULT_POLICY, contacts=Contacts(support_links=(SupportLink("A charity", "http://x.invalid"),))),
        "contacts.support_links.0.url",
    ),
]


@pytest.mark.parametrize(("policy", "path"), [pytest.param(p, f, id=i) for i, p, f in PROBLEMS])
def test_each_problem_is_named_by_the_field_it_belongs_to(policy, path):
    problems = policy_problems(policy, roles=ROLES)
    assert list(problems) == [path], problems
    assert problems[path] and problems[path][0].isupper()


def test_every_problem_is_reported_at_once():
    policy = replace(_medium(every=timedelta(0)), level2_weekday=6, contacts=Contacts(cerar_email="nope"))
    assert set(policy_problems(policy, roles=ROLES)) == {
        "reviews.medium.every",
        "level2_weekday",
        "contacts.cerar_email",
    }


def test_the_roles_a_policy_may_name_are_the_ones_it_is_given():
    assert policy_problems(DEFAULT_POLICY, roles=ROLES - {Role.TEAM_MANAGER}).keys() == {
        "reviews.high.chair_role",
        "reviews.medium.chair_role",
        "level2_organiser_roles",
    }
