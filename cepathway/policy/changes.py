"""What changed between two versions of a policy, one plain sentence each, for the history page."""

from collections.abc import Callable
from typing import Any

from cepathway.core.policy import CHECKLIST_FACTORS, TIMESCALES, PartnershipPolicy, ReviewRule, to_document

from .wording import (
    CONTACT_LABELS,
    THRESHOLDS,
    VENUE_PLACES,
    allocation_phrase,
    every_text,
    in_status_order,
    join_labels,
    level2_day_text,
    number_text,
    quantity_text,
    region_name,
    role_label,
    status_label,
    status_labels,
    support_links_text,
    weeks_of,
)

ARROW = "→"
# Document keys the sentences below cover; any other key that changes is reported plainly.
COVERED = {
    "name",
    "reviews",
    "status_requires",
    "level1_chair_role",
    "level2_statuses",
    "level2_by_exception_statuses",
    "level2_week_of_month",
    "level2_weekday",
    "level2_every_months",
    "level2_organiser_roles",
    "reminder_window_days",
    "overdue_review_rebook_within_days",
    "late_recording_within_days",
    "book_ahead_within_days",
    "default_meeting_time",
    "working_days_region",
    "checklist",
    "contacts",
    "timescales",
}


def _change(what: str, before: Any, after: Any, say: Callable[[Any], str] = str) -> list[str]:
    return [] if before == after else [f"{what}: {say(before)} {ARROW} {say(after)}"]


def _or_none(text: str) -> str:
    return text or "none"


def describe_changes(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    changes = _change("Name", old.name, new.name)
    changes += _review_changes(old, new)
    changes += _allocation_changes(old, new)
    changes += _change("Level 1 meetings chaired by", old.level1_chair_role, new.level1_chair_role, role_label)
    changes += _level2_changes(old, new)
    changes += _change("Reminders go out", old.reminder_window.days, new.reminder_window.days, _days_ahead)
    changes += _change(
        "An overdue review may be booked up to",
        old.overdue_review_rebook_within.days,
        new.overdue_review_rebook_within.days,
        _days_from_today,
    )
    changes += _change(
        "A meeting not booked here may be recorded up to",
        old.late_recording_within.days,
        new.late_recording_within.days,
        _days_after,
    )
    changes += _change(
        "A meeting may be booked, or an action be due, up to",
        old.book_ahead_within.days,
        new.book_ahead_within.days,
        _days_ahead,
    )
    changes += _change(
        "Meetings are proposed for", old.default_meeting_time, new.default_meeting_time, lambda t: f"{t:%H:%M}"
    )
    changes += _change("Bank holidays", old.working_days_region, new.working_days_region, region_name)
    changes += _checklist_changes(old, new)
    for name, label in CONTACT_LABELS.items():
        changes += _change(label, getattr(old.contacts, name), getattr(new.contacts, name), _or_none)
    changes += _change(
        "Support for families",
        support_links_text(old.contacts.support_links),
        support_links_text(new.contacts.support_links),
        _or_none,
    )
    for name, scale in TIMESCALES.items():
        before, after = getattr(old.timescales, name), getattr(new.timescales, name)
        if before != after:
            changes.append(
                f"{scale.summary}: {quantity_text(before, scale.unit)} {ARROW} {quantity_text(after, scale.unit)}"
            )
    return changes + _other_changes(old, new)


def _days_ahead(days: int) -> str:
    return f"{days} days ahead" if days != 1 else "1 day ahead"


def _days_from_today(days: int) -> str:
    return f"{days} days from today" if days != 1 else "1 day from today"


def _days_after(days: int) -> str:
    return f"{days} days after it was held" if days != 1 else "1 day after it was held"


def _rule_text(rule: ReviewRule | None) -> str:
    return every_text(weeks_of(rule.every)) if rule else "not reviewed"


def _review_changes(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    changes: list[str] = []
    for status in in_status_order({*old.reviews, *new.reviews}):
        before, after = old.review_rule(status), new.review_rule(status)
        what = f"{status_label(status)} reviews"
        if before is None or after is None or before.every != after.every:
            changes += _change(what, _rule_text(before), _rule_text(after))
        if before is None or after is None:
            continue
        changes += _change(f"{what} chaired by", before.chair_role, after.chair_role, role_label)
        added = [VENUE_PLACES.get(v, v) for v in after.venues if v not in before.venues]
        removed = [VENUE_PLACES.get(v, v) for v in before.venues if v not in after.venues]
        if added:
            changes.append(f"{what} may now be held {join_labels(added)}")
        if removed:
            changes.append(f"{what} may no longer be held {join_labels(removed, word='or')}")
    return changes


def _allocation_changes(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    changes: list[str] = []
    for status in in_status_order({*old.status_requires, *new.status_requires}):
        before, after = old.status_requires.get(status), new.status_requires.get(status)
        changes += _change(
            f"Who a {status_label(status)} status needs allocated",
            before,
            after,
            lambda role: allocation_phrase(role) if role else "nobody",
        )
    return changes


def _level2_changes(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    changes = _change(
        "Always on the Level 2 agenda",
        set(old.level2_statuses),
        set(new.level2_statuses),
        lambda statuses: _or_none(status_labels(statuses)),
    )
    changes += _change(
        "Discussed at Level 2 by exception",
        set(old.level2_by_exception_statuses),
        set(new.level2_by_exception_statuses),
        lambda statuses: _or_none(status_labels(statuses)),
    )
    changes += _change("Level 2 meets on", level2_day_text(old), level2_day_text(new))
    changes += _change(
        "Level 2 organised by",
        old.level2_organiser_roles,
        new.level2_organiser_roles,
        lambda roles: _or_none(join_labels([role_label(role) for role in roles])),
    )
    return changes


def _checklist_changes(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    changes: list[str] = []
    for name, what in CHECKLIST_FACTORS.items():
        before, after = getattr(old.checklist, name), getattr(new.checklist, name)
        changes += _change(f"Checklist: {what[:1].lower()}{what[1:]} counts", before, after, number_text)
    for name, status in THRESHOLDS.items():
        before, after = getattr(old.checklist, name), getattr(new.checklist, name)
        changes += _change(
            f"Checklist: {status_label(status)} is suggested from", before, after, lambda v: f"{number_text(v)} points"
        )
    return changes


def _other_changes(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    """Anything the sentences above do not cover (a part of the policy added since they were written)."""
    before, after = to_document(old), to_document(new)
    changes: list[str] = []
    for key in sorted({*before, *after} - COVERED):
        changes += _change(key.replace("_", " ").capitalize(), before.get(key), after.get(key))
    return changes
