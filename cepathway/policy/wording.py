"""Every sentence a page, letter or email says about policy, made from a partnership's policy.

Nothing here says "8 weeks" or "a team manager" in fixed words: change the policy and every sentence
follows. Status and role names are the `CEStatus` and `Role` labels; lists are joined in English
("High and Medium", "High, Medium and Low"). Templates reach these through
`{% load policy_wording %}`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import dateformat

from cepathway.children.models import CEStatus
from cepathway.core.policy import PartnershipPolicy, SupportLink, Venue
from cepathway.people.models import Role

# Most worrying first: the order statuses are listed in, whatever order a policy gives them.
STATUS_ORDER = (CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW, CEStatus.NONE)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}

# Where a meeting is held, as a sentence says it: "It is never held at Early Help or online."
VENUE_PLACES = {
    Venue.CHILDRENS_SERVICES: "at a children's services office",
    Venue.EARLY_HELP: "at Early Help",
    Venue.SCHOOL: "at a school or college",
    Venue.POLICE: "at a police station",
    Venue.ONLINE: "online",
    Venue.OTHER: "at any other place",
}
# The two people a child can have allocated, as a sentence says it, and the form field each is chosen in.
ALLOCATION_PHRASES: dict[str, str] = {
    Role.SOCIAL_WORKER: "an allocated social worker",
    Role.LEAD_PROFESSIONAL: "a lead professional",
}
ALLOCATION_FIELDS: dict[str, str] = {Role.SOCIAL_WORKER: "social_worker", Role.LEAD_PROFESSIONAL: "lead_professional"}
LEVEL2_REASONS = ("status", "flagged")
NO_STATUS_MEANING = (
    "The meeting decided that {name} does not need a child exploitation status. The child exploitation "
    "pathway has ended. You can still talk to your social worker or lead professional about any worries."
)
# What each status means, in the family summary's words. What follows (who works with the family,
# when the meeting looks again) is policy, so it is added from the policy.
WORRY = {
    CEStatus.HIGH: "The meeting is very worried that {name} is being exploited or is at high risk of it.",
    CEStatus.MEDIUM: "The meeting is worried that {name} may be being exploited.",
    CEStatus.LOW: "The meeting has some worries that {name} could be exploited.",
}


# --- Words -----------------------------------------------------------------------------------------


def join_labels(labels: Iterable[str], *, word: str = "and") -> str:
    """ "High", "High and Medium", "High, Medium and Low" (or "or" with word="or")."""
    items = [label for label in labels if label]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_article(noun: str) -> str:
    """ "a social worker", "an allocated social worker"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def in_status_order(statuses: Iterable[str]) -> list[str]:
    order = [str(status) for status in STATUS_ORDER]
    return sorted(dict.fromkeys(statuses), key=lambda status: order.index(status) if status in order else len(order))


def status_label(status: str) -> str:
    return CEStatus(status).label if status in CEStatus.values else str(status)


def status_labels(statuses: Iterable[str], *, word: str = "and") -> str:
    """The statuses' labels in order of worry, joined: "High and Medium"."""
    return join_labels([status_label(status) for status in in_status_order(statuses)], word=word)


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else str(role)


def role_name(role: str) -> str:
    """A role as running text says it: "social worker", "lead professional", "CERAR lead",
    "Complex Safeguarding Team Manager" (a title keeps its capitals; the bracketed detail goes)."""
    label = re.sub(r"\s*\(.*?\)", "", role_label(role))
    first, _, rest = label.partition(" ")
    is_title = first.isupper() or rest[:1].isdigit() or any(word[:1].isupper() for word in rest.split())
    return label if is_title else label[:1].lower() + label[1:]


def role_names(roles: Iterable[str], *, word: str = "and") -> str:
    return join_labels([role_name(role) for role in roles], word=word)


def every_text(weeks: int) -> str:
    return "every week" if weeks == 1 else f"every {weeks} weeks"


def weeks_of(every: timedelta) -> int:
    return every.days // 7


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def quantity_text(value: int, unit: str) -> str:
    """ "1 day", "14 days", "1 working day", "3 episodes": `unit` is the plural."""
    if value != 1:
        return f"{value} {unit}"
    return f"1 {unit.removesuffix('s')}"


def long_date(day: date) -> str:
    return dateformat.format(day, "j F Y")


def venue_labels(venues: Iterable[str]) -> list[str]:
    """Labels in Venue.LABELS order."""
    chosen = set(venues)
    return [label for venue, label in Venue.LABELS.items() if venue in chosen]


def not_at(venues: Iterable[str]) -> list[str]:
    """The venues (Venue.LABELS order) not among `venues`."""
    chosen = set(venues)
    return [venue for venue in Venue.LABELS if venue not in chosen]


# --- Reviews ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRuleText:
    """One status's review rule as pages show it."""

    status: str
    status_label: str
    weeks: int
    every_text: str
    chair_role: str
    chair_label: str
    venue_labels: list[str]
    not_at_labels: list[str]
    sentence: str


def review_rule_rows(policy: PartnershipPolicy) -> list[ReviewRuleText]:
    """Each reviewed status's rule, most worrying first."""
    rows = []
    for status in in_status_order(policy.reviews):
        rule = policy.reviews[status]
        rows.append(
            ReviewRuleText(
                status=status,
                status_label=status_label(status),
                weeks=weeks_of(rule.every),
                every_text=every_text(weeks_of(rule.every)),
                chair_role=rule.chair_role,
                chair_label=role_label(rule.chair_role),
                venue_labels=venue_labels(rule.venues),
                not_at_labels=venue_labels(not_at(rule.venues)),
                sentence=review_sentence(policy, status),
            )
        )
    return rows


def _never_held(venues: Iterable[str]) -> str:
    excluded = not_at(venues)
    if not excluded:
        return ""
    return f"It is never held {join_labels([VENUE_PLACES.get(venue, venue) for venue in excluded], word='or')}."


def review_sentence(policy: PartnershipPolicy, status: str) -> str:
    """ "A Medium review is held every 8 weeks, chaired by a Complex Safeguarding Team Manager. It is
    never held at Early Help." Empty for a status policy does not review."""
    rule = policy.review_rule(status)
    if rule is None:
        return ""
    chair = with_article(role_name(rule.chair_role))
    held = f"{capitalise(with_article(status_label(status)))} review is held {every_text(weeks_of(rule.every))}"
    return " ".join(part for part in (f"{held}, chaired by {chair}.", _never_held(rule.venues)) if part)


def review_due_sentence(policy: PartnershipPolicy, status: str, due_on: date) -> str:
    """What a review's details page says about its due date, and where it may not be held."""
    rule = policy.review_rule(status)
    what = f"this {status_label(status)} review" if rule else "this review"
    due = f"By policy {what} is due by {long_date(due_on)}. It can be held earlier, not later."
    return " ".join(part for part in (due, _never_held(rule.venues) if rule else "") if part)


# --- Who is allocated --------------------------------------------------------------------------------


def allocation_phrase(role: str) -> str:
    return ALLOCATION_PHRASES.get(role) or with_article(role_name(role))


def _statuses_needing(policy: PartnershipPolicy, role: str) -> list[str]:
    return in_status_order(status for status, needed in policy.status_requires.items() if needed == role)


def _needs(statuses: list[str], role: str) -> str:
    verb = "needs" if len(statuses) == 1 else "need"
    return f"{status_labels(statuses)} {verb} {allocation_phrase(role)}"


def allocation_sentence(policy: PartnershipPolicy) -> str:
    """ "High and Medium need an allocated social worker; Low needs a lead professional." """
    roles = dict.fromkeys(policy.status_requires[status] for status in in_status_order(policy.status_requires))
    parts = [_needs(_statuses_needing(policy, role), role) for role in roles]
    return f"{'; '.join(parts)}." if parts else "No status needs anyone allocated."


def allocation_hint(policy: PartnershipPolicy, role: str) -> str:
    """For the field that allocates `role`: "High and Medium need an allocated social worker." """
    statuses = _statuses_needing(policy, role)
    return f"{_needs(statuses, role)}." if statuses else ""


def allocation_problem(policy: PartnershipPolicy, status: str) -> tuple[str, str] | None:
    """(field, message) saying who `status` needs allocated, or None when it needs nobody:
    ("social_worker", "A High status needs an allocated social worker. Choose the social worker.")"""
    role = policy.status_requires.get(status)
    if role is None:
        return None
    field = ALLOCATION_FIELDS.get(role, role)
    needs = f"{capitalise(with_article(status_label(status)))} status needs {allocation_phrase(role)}."
    return field, f"{needs} Choose the {role_name(role)}."


# --- Level 1 and Level 2 -----------------------------------------------------------------------------


def late_recording_sentence(policy: PartnershipPolicy) -> str:
    days = days_text(policy.late_recording_within.days)
    return (
        f"A meeting held before it could be booked here may be recorded up to {days} after it was held. "
        "It is marked as recorded late, with your reason, and its next review is set from the day it was held."
    )


def late_recording_problem(policy: PartnershipPolicy, earliest: date) -> str:
    days = days_text(policy.late_recording_within.days)
    return (
        f"By policy a meeting may be recorded up to {days} after it was held, so the earliest date is "
        f"{long_date(earliest)}. For an older meeting, ask the partnership administrator."
    )


def latest_day(policy: PartnershipPolicy, today: date) -> date:
    """The last day a meeting may be booked for, or an action be due, from `today`."""
    return today + policy.book_ahead_within


def book_ahead_problem(policy: PartnershipPolicy, today: date) -> str:
    """GOV.UK's "Enter a date no later than ..." for a date further ahead than policy allows."""
    days = days_text(policy.book_ahead_within.days)
    return (
        f"Enter a date no later than {long_date(latest_day(policy, today))}: by policy a date may be set "
        f"up to {days} ahead"
    )


def level1_chair_sentence(policy: PartnershipPolicy) -> str:
    return f"By policy a Level 1 meeting is chaired by {with_article(role_name(policy.level1_chair_role))}."


def level2_agenda_sentence(policy: PartnershipPolicy) -> str:
    """ "Every High and Medium child is on the Level 2 agenda; Low children are discussed by
    exception, when someone flags them." """
    always = f"Every {status_labels(policy.level2_statuses)} child is on the Level 2 agenda"
    if not policy.level2_by_exception_statuses:
        return f"{always}."
    return (
        f"{always}; {status_labels(policy.level2_by_exception_statuses)} children are discussed by exception, "
        "when someone flags them."
    )


def level2_flag_hint(policy: PartnershipPolicy) -> str:
    always = f"{status_labels(policy.level2_statuses)} children are always on the Level 2 agenda."
    if not policy.level2_by_exception_statuses:
        return always
    return f"{always} {status_labels(policy.level2_by_exception_statuses)} children are discussed by exception."


def level2_reason_labels(policy: PartnershipPolicy) -> dict[str, str]:
    """Why a child is on the Level 2 agenda: "status" ("High or Medium CE status") or "flagged"."""
    exception = status_labels(policy.level2_by_exception_statuses, word="or")
    return {
        "status": f"{status_labels(policy.level2_statuses, word='or')} CE status",
        "flagged": f"{exception} status, flagged by exception" if exception else "Flagged by exception",
    }


def level2_day_text(policy: PartnershipPolicy) -> str:
    """ "the second Tuesday of each month" """
    day = f"the {ORDINALS.get(policy.level2_week_of_month, str(policy.level2_week_of_month))}"
    day += f" {WEEKDAYS[policy.level2_weekday % 7]}"
    months = policy.level2_every_months
    return f"{day} of {'each month' if months == 1 else f'every {months} months'}"


def level2_day_sentence(policy: PartnershipPolicy) -> str:
    """ "Level 2 meets on the second Tuesday of each month (the next working day when that is a bank
    holiday)." """
    return f"Level 2 meets on {level2_day_text(policy)} (the next working day when that is a bank holiday)."


# --- For families ---------------------------------------------------------------------------------


def family_status_meaning(policy: PartnershipPolicy, status: str, name: str) -> str:
    """What the family summary says a status means, in short sentences and everyday words."""
    if status == CEStatus.NONE or status not in WORRY:
        return NO_STATUS_MEANING.format(name=name)
    sentences = [WORRY[CEStatus(status)].format(name=name)]
    role = policy.status_requires.get(status)
    if role is not None:
        sentences.append(f"{capitalise(with_article(role_name(role)))} will work with you and {name}.")
    rule = policy.review_rule(status)
    if rule is not None:
        sentences.append(f"The meeting will look again {every_text(weeks_of(rule.every))}.")
    return " ".join(sentences)


# --- Names of the rest of the policy, for its page, its form and its history --------------------------

CONTACT_LABELS = {
    "hub_urgent_phone": "Safeguarding hub's urgent phone line",
    "cerar_email": "CERAR email address",
    "cerar_phone": "CERAR phone number",
    "complaints_email": "Complaints email address",
    "complaints_phone": "Complaints phone number",
    "complaints_url": "Complaints web page",
}
REGION_NAMES = {"ENG": "England", "NIR": "Northern Ireland", "SCT": "Scotland", "WLS": "Wales"}
THRESHOLDS = {"low_from": CEStatus.LOW, "medium_from": CEStatus.MEDIUM, "high_from": CEStatus.HIGH}


def support_links_text(links: Iterable[SupportLink]) -> str:
    """ "PACE (https://paceuk.info); NSPCC (0808 800 5000)", for the policy's history."""
    return "; ".join(f"{link.name} ({link.url or link.phone})" for link in links)


def region_name(region: str) -> str:
    return REGION_NAMES.get(region, region)


def number_text(value: float) -> str:
    """6.0 as "6", 0.5 as "0.5"."""
    return f"{value:g}"


# --- The checklist's suggestion -------------------------------------------------------------------


def checklist_score_sentence(policy: PartnershipPolicy) -> str:
    """What the checklist's score means, from the partnership's weighting: how answers add up and
    which score suggests which level."""
    weights = policy.checklist
    past = _as_much(weights.past_three_to_six_months, weights.current)
    suspected = _as_much(weights.suspected, weights.evidenced)
    return (
        "The score adds up the checklist's answers: each counts its question's weight, an answer from the "
        f"past 3 to 6 months counts {past} a current one, and a suspected one {suspected} an evidenced one. Facts "
        "about the child can add points and protective factors take points off. "
        f"A score of {number_text(weights.low_from)} or more suggests Low, {number_text(weights.medium_from)} "
        f"or more Medium and {number_text(weights.high_from)} or more High. Some answers and facts about the "
        "child mean the level is never suggested below a set level, whatever the score."
    )


def _as_much(part: float, whole: float) -> str:
    """ "half as much as", "as much as", "0.25 times as much as"."""
    ratio = part / whole if whole else 0
    return {0.5: "half as much as", 1: "as much as"}.get(ratio, f"{number_text(ratio)} times as much as")
