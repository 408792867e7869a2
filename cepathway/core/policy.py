"""Partnership policy: the one place a partnership sets its own cadences, chairs, venues and
checklist weighting without changing code.

The default follows the Westmorland and Furness practitioner briefing (the newer and more
specific of the partnership's documents): High reviewed every 4 weeks and Medium every 8, both
chaired by the Complex Safeguarding Team Manager and never held at Early Help; Low every 12
weeks, chaired by the lead professional, and may be held at Early Help. The parents' guide says
High and Medium are both 4-weekly: `PARENTS_GUIDE_POLICY` shows how a partnership that follows
it would say so. Set CEPATHWAY_PARTNERSHIP_POLICY to the dotted path of another policy object.

Each partnership's own policy is data: versions of `to_document(policy)`, kept and edited by
cepathway.policy. CEPATHWAY_PARTNERSHIP_POLICY is the policy a new partnership starts from.
"""

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass, replace
from datetime import time, timedelta
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.module_loading import import_string


class Venue:
    CHILDRENS_SERVICES = "childrens_services"
    EARLY_HELP = "early_help"
    SCHOOL = "school"
    POLICE = "police"
    ONLINE = "online"
    OTHER = "other"

    LABELS = {
        CHILDRENS_SERVICES: "Children's services office",
        EARLY_HELP: "Early Help",
        SCHOOL: "School or college",
        POLICE: "Police station",
        ONLINE: "Online",
        OTHER: "Other place",
    }


@dataclass(frozen=True)
class ReviewRule:
    """How a status is reviewed: how often (from the meeting that set it), who chairs, and where.

    `chair_role` is a people.Role value. When it is the lead professional role, the child's own
    lead professional is proposed first (cepathway.meetings.scheduling.proposed_chair).
    """

    every: timedelta
    chair_role: str
    venues: tuple[str, ...]

    def allows_venue(self, venue: str) -> bool:
        return venue in self.venues


@dataclass(frozen=True)
class ChecklistWeighting:
    """How the checklist's answers add up to a suggested level (never a decision).

    An answer scores its indicator's weight times the recency factor times the evidence factor.
    Thresholds are the lowest score for each level. Modifiers and protective factors are data
    (see cepathway.referrals.models); this says how much "past" and "suspected" count.
    """

    current: float = 1.0
    past_three_to_six_months: float = 0.5
    evidenced: float = 1.0
    suspected: float = 0.5
    low_from: float = 1.0
    medium_from: float = 6.0
    high_from: float = 12.0


@dataclass(frozen=True)
class SupportLink:
    """Somewhere a family can find help and information, as the partnership's guide for parents names
    it (a national charity, say): its name, web page and phone number, and what it helps with."""

    name: str
    url: str = ""
    phone: str = ""
    what_for: str = ""


@dataclass(frozen=True)
class Contacts:
    """How families and professionals reach the partnership, as pages, letters and emails give them."""

    hub_urgent_phone: str = ""
    cerar_email: str = ""
    cerar_phone: str = ""
    complaints_email: str = ""
    complaints_phone: str = ""
    complaints_url: str = ""
    # The support the family summary points parents and carers to, in the order given.
    support_links: tuple[SupportLink, ...] = ()


@dataclass(frozen=True)
class Timescales:
    """The time limits and triggers of the work around the meetings: the family's views links,
    missing episodes and return interviews, NRM decisions, complaints and training. Each is a whole
    number in the unit its name ends with; TIMESCALES says what each means, its limits and its source."""

    views_link_days: int = 14
    missing_trigger_episodes: int = 3
    missing_trigger_days: int = 90
    return_interview_hours: int = 72
    nrm_reasonable_grounds_working_days: int = 5
    nrm_conclusive_grounds_days: int = 90
    complaint_acknowledge_working_days: int = 3
    complaint_informal_working_days: int = 10
    complaint_formal_working_days: int = 25
    training_level1_valid_months: int = 36
    training_level2_valid_months: int = 36


@dataclass(frozen=True)
class Timescale:
    """How the policy pages ask for and describe one of Timescales' numbers."""

    question: str  # the edit form's label
    summary: str  # the policy page's row heading
    unit: str  # "days", "working days", "hours", "months", "episodes"
    lowest: int
    highest: int
    source: str = ""  # where the default comes from


TIMESCALES: dict[str, Timescale] = {
    "views_link_days": Timescale(
        "For how many days may a family use a link to send their views?",
        "A link for the family's views lasts",
        "days",
        1,
        60,
        "It never lasts beyond the meeting it is for.",
    ),
    "missing_trigger_episodes": Timescale(
        "How many missing episodes prompt CERAR to consider the checklist?",
        "CERAR is prompted after",
        "episodes",
        1,
        20,
        "A common trigger is 3 episodes in 90 days.",
    ),
    "missing_trigger_days": Timescale("Within how many days?", "Counting episodes within", "days", 7, 365),
    "return_interview_hours": Timescale(
        "Within how many hours of a return is a return home interview due?",
        "A return home interview is due within",
        "hours",
        24,
        240,
        "DfE statutory guidance on children who run away or go missing (2014): offered within 72 hours.",
    ),
    "nrm_reasonable_grounds_working_days": Timescale(
        "After how many working days is an NRM reasonable grounds decision overdue?",
        "An NRM reasonable grounds decision is expected within",
        "working days",
        1,
        90,
        "Home Office modern slavery statutory guidance: within 5 working days where possible.",
    ),
    "nrm_conclusive_grounds_days": Timescale(
        "After how many days from the reasonable grounds decision is a conclusive grounds decision chased?",
        "A conclusive grounds decision is chased after",
        "days",
        30,
        730,
        "The guidance sets no target; the recovery period is at least 30 days.",
    ),
    "complaint_acknowledge_working_days": Timescale(
        "Within how many working days is a complaint acknowledged?",
        "A complaint is acknowledged within",
        "working days",
        1,
        20,
        "Children Act 1989 representations procedure guidance (DfES 2006): 3 working days.",
    ),
    "complaint_informal_working_days": Timescale(
        "Within how many working days is a concern answered by the social worker or chair?",
        "A concern is answered informally within",
        "working days",
        1,
        40,
        "Stage 1 (local resolution) of the Children Act 1989 procedure: 10 working days.",
    ),
    "complaint_formal_working_days": Timescale(
        "Within how many working days is a formal complaint answered?",
        "A formal complaint is answered within",
        "working days",
        1,
        130,
        "Stage 2 (investigation) of the Children Act 1989 procedure: 25 working days.",
    ),
    "training_level1_valid_months": Timescale(
        "For how many months is Level 1 child exploitation training (eLearning) current?",
        "Level 1 training (eLearning) is current for",
        "months",
        1,
        120,
    ),
    "training_level2_valid_months": Timescale(
        "For how many months is Level 2 child exploitation training (in person) current?",
        "Level 2 training (in person) is current for",
        "months",
        1,
        120,
    ),
}


@dataclass(frozen=True)
class PartnershipPolicy:
    name: str
    reviews: dict[str, ReviewRule]
    level1_chair_role: str = "cerar_lead"
    # Who must be allocated for a status: High and Medium a social worker, Low a lead professional.
    status_requires: dict[str, str] = field(
        default_factory=lambda: {"high": "social_worker", "medium": "social_worker", "low": "lead_professional"}
    )
    level2_statuses: tuple[str, ...] = ("high", "medium")
    # Statuses discussed at Level 2 only when someone flags the child, by exception.
    level2_by_exception_statuses: tuple[str, ...] = ("low",)
    level2_every_months: int = 1
    # Level 2 is held on the nth weekday of the month (Monday is 0): by default the second Tuesday,
    # moved to the next working day when that is a bank holiday.
    level2_week_of_month: int = 2
    level2_weekday: int = 1
    # Who creates and runs Level 2 (people.Role values); panel members are invited to it.
    level2_organiser_roles: tuple[str, ...] = ("cerar_lead", "team_manager")
    working_days_region: str = "ENG"  # English bank holidays (the `holidays` package's subdivision)
    reminder_window: timedelta = timedelta(days=7)
    # A review whose due date has already passed (an outcome recorded late, a meeting that slipped)
    # may be booked up to this long from today; it shows as overdue until it is held.
    overdue_review_rebook_within: timedelta = timedelta(days=14)
    # A meeting held but not booked here beforehand (an urgent meeting, cases moved in from another
    # system) may be recorded afterwards if it was held no longer ago than this; it is marked late.
    late_recording_within: timedelta = timedelta(days=30)
    # The furthest ahead a date may be set: a meeting booked or moved (Level 1, review, Level 2) or an
    # action's due date. A year by default, so a mistyped year (9999) is caught, not scheduled.
    book_ahead_within: timedelta = timedelta(days=365)
    # The time of day a meeting is proposed for when it is scheduled by policy.
    default_meeting_time: time = time(10, 0)
    checklist: ChecklistWeighting = ChecklistWeighting()
    contacts: Contacts = Contacts()
    timescales: Timescales = Timescales()
    # The stored version this policy was read from (cepathway.policy): who it is, not what it says,
    # so it is left out of the document and of equality.
    version_id: Any = field(default=None, compare=False)
    number: int = field(default=0, compare=False)

    @property
    def review_chair_roles(self) -> tuple[str, ...]:
        """Every role that chairs some review, for choosing a chair before the status is known."""
        return tuple(dict.fromkeys(rule.chair_role for rule in self.reviews.values()))

    def review_rule(self, status: str) -> ReviewRule | None:
        """The rule for reviewing a status, or None when the status is not reviewed ("no status")."""
        return self.reviews.get(status)


_STATUTORY_VENUES = (Venue.CHILDRENS_SERVICES, Venue.SCHOOL, Venue.POLICE, Venue.ONLINE, Venue.OTHER)

# The national charities the parents' guide points families to, in our own words: the same for
# every partnership in England, so a new partnership starts with them and may change them.
NATIONAL_SUPPORT_LINKS = (
    SupportLink(
        name="PACE (Parents Against Child Exploitation)",
        url="https://paceuk.info/",
        what_for="Support and information for parents and carers whose child is being exploited",
    ),
    SupportLink(
        name="NSPCC: child sexual exploitation",
        url="https://www.nspcc.org.uk/what-is-child-abuse/types-of-abuse/child-sexual-exploitation/",
        phone="0808 800 5000",
        what_for=(
            "The signs of sexual exploitation and how to keep your child safe; the helpline is for any"
            " adult worried about a child"
        ),
    ),
    SupportLink(
        name="NSPCC: criminal exploitation and gangs",
        url="https://www.nspcc.org.uk/what-is-child-abuse/types-of-abuse/gangs-criminal-exploitation/",
        what_for="What criminal exploitation and county lines are, and how to help your child",
    ),
)

DEFAULT_POLICY = PartnershipPolicy(
    name="Westmorland and Furness practitioner briefing",
    reviews={
        "high": ReviewRule(timedelta(weeks=4), "team_manager", _STATUTORY_VENUES),
        "medium": ReviewRule(timedelta(weeks=8), "team_manager", _STATUTORY_VENUES),
        "low": ReviewRule(timedelta(weeks=12), "lead_professional", (*_STATUTORY_VENUES, Venue.EARLY_HELP)),
    },
    contacts=Contacts(support_links=NATIONAL_SUPPORT_LINKS),
)

PARENTS_GUIDE_POLICY = replace(
    DEFAULT_POLICY,
    name="Cumbria parents' guide",
    reviews={**DEFAULT_POLICY.reviews, "medium": replace(DEFAULT_POLICY.reviews["medium"], every=timedelta(weeks=4))},
)


@cache
def _load(path: str) -> PartnershipPolicy:
    policy = import_string(path)
    if not isinstance(policy, PartnershipPolicy):
        raise TypeError(f"{path} is not a PartnershipPolicy")
    return policy


def current_policy() -> PartnershipPolicy:
    return _load(settings.CEPATHWAY_PARTNERSHIP_POLICY)


# --- The policy as a stored document -------------------------------------------------------------
# cepathway.policy keeps each partnership's policy as versions of this document (JSON). Durations
# are whole weeks (a review's cadence, "every_weeks") or whole days (a "<name>_days" key), times
# are "HH:MM" and tuples are lists. A document stored before a field was added reads back with that
# field's default; keys this code no longer knows are ignored.

_IDENTITY_FIELDS = ("version_id", "number")


def _document_fields(cls: type) -> list[tuple[str, Any, Any]]:
    """(name, type, field) of each field of a policy dataclass that belongs in the document."""
    hints = get_type_hints(cls)
    return [(spec.name, hints[spec.name], spec) for spec in fields(cls) if spec.name not in _IDENTITY_FIELDS]


def _whole(duration: timedelta, unit: timedelta, what: str) -> int:
    """`duration` in whole `unit`s (weeks or days); ValueError when it is not."""
    if duration % unit:
        raise ValueError(f"{what} must be a whole number of {'weeks' if unit.days == 7 else 'days'}: {duration}")
    return duration // unit


def _time_text(value: time) -> str:
    if value.second or value.microsecond or value.tzinfo is not None:
        raise ValueError(f"A policy time is hours and minutes only: {value}")
    return value.strftime("%H:%M")


def _rule_document(rule: ReviewRule) -> dict[str, Any]:
    return {
        "every_weeks": _whole(rule.every, timedelta(weeks=1), "A review's cadence"),
        "chair_role": rule.chair_role,
        "venues": list(rule.venues),
    }


def _rule_from(document: Mapping[str, Any]) -> ReviewRule:
    return ReviewRule(
        every=timedelta(weeks=_integer(document["every_weeks"])),
        chair_role=str(document["chair_role"]),
        venues=tuple(str(venue) for venue in document["venues"]),
    )


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Expected a whole number in the policy document, found {value!r}")
    return value


def to_document(policy: PartnershipPolicy) -> dict[str, Any]:
    """The policy as JSON-safe data (see above). ValueError for what a document cannot hold exactly:
    a cadence that is not whole weeks, a window that is not whole days, a time with seconds."""
    document: dict[str, Any] = {}
    for name, _, _ in _document_fields(PartnershipPolicy):
        value = getattr(policy, name)
        if isinstance(value, timedelta):
            document[f"{name}_days"] = _whole(value, timedelta(days=1), name)
        elif isinstance(value, time):
            document[name] = _time_text(value)
        elif name == "reviews":
            document[name] = {status: _rule_document(rule) for status, rule in value.items()}
        elif isinstance(value, tuple):
            document[name] = list(value)
        elif is_dataclass(value) and not isinstance(value, type):
            document[name] = _lists(asdict(value))
        elif isinstance(value, dict):
            document[name] = dict(value)
        else:
            document[name] = value
    return document


def _lists(value: Any) -> Any:
    """`value` with its tuples as lists, as JSON reads them back."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def _value_from(kind: Any, value: Any) -> Any:
    if kind is float:
        return float(value)
    if kind is int:
        return _integer(value)
    if kind is time:
        return time.fromisoformat(value)
    if get_origin(kind) is tuple:
        item_kind = get_args(kind)[0] if get_args(kind) else None
        if is_dataclass(item_kind):
            return tuple(_dataclass_from(item_kind, item) for item in value)
        return tuple(value)
    if get_origin(kind) is dict:
        return dict(value)
    if is_dataclass(kind):
        return _dataclass_from(kind, value)
    return value


def _dataclass_from(cls: Any, document: Mapping[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for name, kind, spec in _document_fields(cls):
        key = f"{name}_days" if kind is timedelta else name
        if key not in document:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise ValueError(f"The policy document has no {key!r}")
            continue  # a field added after this document was stored: its default
        raw = document[key]
        if kind is timedelta:
            values[name] = timedelta(days=_integer(raw))
        elif name == "reviews" and cls is PartnershipPolicy:
            values[name] = {str(status): _rule_from(rule) for status, rule in raw.items()}
        else:
            values[name] = _value_from(kind, raw)
    return cls(**values)


def from_document(document: Mapping[str, Any]) -> PartnershipPolicy:
    """The policy a document (from `to_document`) describes. ValueError when it is not one."""
    policy = _dataclass_from(PartnershipPolicy, document)
    assert isinstance(policy, PartnershipPolicy)
    return policy


# --- What makes a policy one the service can run -------------------------------------------------

# The statuses a meeting may set that policy reviews: cepathway.children.models.CEStatus but "none",
# which ends the pathway (core may not import children; the policy app's tests compare the two).
REVIEWABLE_STATUSES = ("high", "medium", "low")
# The people a child can have allocated (Child.allocated_social_worker, Child.lead_professional).
ALLOCATION_ROLES = ("social_worker", "lead_professional")
LONGEST_CADENCE_WEEKS = 52
LONGEST_WINDOW_DAYS = 90
LONGEST_LATE_RECORDING_DAYS = 365
LONGEST_BOOK_AHEAD_DAYS = 730


def policy_problems(
    policy: PartnershipPolicy, *, roles: Collection[str], statuses: Collection[str] = REVIEWABLE_STATUSES
) -> dict[str, str]:
    """What is wrong with `policy`, as {field path: message}; empty when the service can run it.

    `roles` are the people.Role values and `statuses` the statuses policy reviews (core knows
    neither). A path names the field the message belongs to: "reviews.medium.every",
    "level2_weekday", "checklist.medium_from", "contacts.cerar_email".
    """
    problems: dict[str, str] = {}
    if not policy.name.strip():
        problems["name"] = "Enter the policy's name"
    problems |= _review_problems(policy, roles, statuses)
    problems |= _allocation_problems(policy, roles, statuses)
    if policy.level1_chair_role not in roles:
        problems["level1_chair_role"] = "Choose who chairs a Level 1 meeting"
    problems |= _level2_problems(policy, roles, statuses)
    if not timedelta(days=1) <= policy.reminder_window <= timedelta(days=LONGEST_WINDOW_DAYS):
        problems["reminder_window"] = (
            f"How many days ahead reminders go out must be between 1 and {LONGEST_WINDOW_DAYS}"
        )
    if not timedelta(days=1) <= policy.overdue_review_rebook_within <= timedelta(days=LONGEST_WINDOW_DAYS):
        problems["overdue_review_rebook_within"] = (
            f"How many days an overdue review may be booked within must be between 1 and {LONGEST_WINDOW_DAYS}"
        )
    if not timedelta(days=1) <= policy.late_recording_within <= timedelta(days=LONGEST_LATE_RECORDING_DAYS):
        problems["late_recording_within"] = (
            "How many days after a meeting it may still be recorded must be between 1 and "
            f"{LONGEST_LATE_RECORDING_DAYS}"
        )
    problems |= _book_ahead_problems(policy)
    if policy.working_days_region not in holidays.UnitedKingdom.subdivisions:
        problems["working_days_region"] = "Bank holidays are those of England, Northern Ireland, Scotland or Wales"
    problems |= _checklist_problems(policy.checklist)
    problems |= _contact_problems(policy.contacts)
    problems |= _timescale_problems(policy.timescales)
    return problems


def _book_ahead_problems(policy: PartnershipPolicy) -> dict[str, str]:
    """Meetings may be booked far enough ahead for the longest review cadence and the next Level 2."""
    gaps = [timedelta(days=31 * policy.level2_every_months), *(rule.every for rule in policy.reviews.values())]
    # A cadence or Level 2 interval that is itself wrong is reported on its own field, not here too.
    least = max((gap for gap in gaps if gap <= timedelta(weeks=LONGEST_CADENCE_WEEKS)), default=timedelta(days=1))
    days = policy.book_ahead_within.days
    if policy.book_ahead_within % timedelta(days=1) or not least.days <= days <= LONGEST_BOOK_AHEAD_DAYS:
        return {
            "book_ahead_within": (
                "How many days ahead a meeting may be booked must be between "
                f"{least.days} (the longest gap between meetings) and {LONGEST_BOOK_AHEAD_DAYS}"
            )
        }
    return {}


def _timescale_problems(timescales: Timescales) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, scale in TIMESCALES.items():
        value = getattr(timescales, name)
        if not scale.lowest <= value <= scale.highest:
            problems[f"timescales.{name}"] = (
                f"{scale.summary} must be between {scale.lowest} and {scale.highest} {scale.unit}"
            )
    return problems


def _review_problems(policy: PartnershipPolicy, roles: Collection[str], statuses: Collection[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for status in policy.reviews:
        if status not in statuses:
            problems[f"reviews.{status}"] = f"Only {', '.join(statuses)} statuses are reviewed, not {status!r}"
    for status in statuses:
        label = status.capitalize()
        rule = policy.reviews.get(status)
        if rule is None:
            problems[f"reviews.{status}.every"] = f"Enter how often {label} reviews are held"
            continue
        weeks = rule.every / timedelta(weeks=1)
        if weeks < 1:
            problems[f"reviews.{status}.every"] = f"How often {label} reviews are held must be at least 1 week"
        elif weeks > LONGEST_CADENCE_WEEKS:
            problems[f"reviews.{status}.every"] = (
                f"How often {label} reviews are held must be {LONGEST_CADENCE_WEEKS} weeks or fewer"
            )
        elif weeks != int(weeks):
            problems[f"reviews.{status}.every"] = f"How often {label} reviews are held must be in whole weeks"
        if rule.chair_role not in roles:
            problems[f"reviews.{status}.chair_role"] = f"Choose who chairs {label} reviews"
        if not rule.venues:
            problems[f"reviews.{status}.venues"] = f"Choose at least one place {label} reviews may be held"
        elif not set(rule.venues) <= set(Venue.LABELS):
            problems[f"reviews.{status}.venues"] = f"Choose the places {label} reviews may be held from the list"
    return problems


def _allocation_problems(
    policy: PartnershipPolicy, roles: Collection[str], statuses: Collection[str]
) -> dict[str, str]:
    problems: dict[str, str] = {}
    for status, role in policy.status_requires.items():
        if status not in statuses:
            problems[f"status_requires.{status}"] = f"Only {', '.join(statuses)} statuses need someone allocated"
        elif role not in ALLOCATION_ROLES or role not in roles:
            problems[f"status_requires.{status}"] = f"Choose who a {status.capitalize()} status needs allocated"
    return problems


def _level2_problems(policy: PartnershipPolicy, roles: Collection[str], statuses: Collection[str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not policy.level2_statuses:
        problems["level2_statuses"] = "Choose at least one status that is always on the Level 2 agenda"
    elif not set(policy.level2_statuses) <= set(statuses):
        problems["level2_statuses"] = "Choose the statuses always on the Level 2 agenda from the list"
    if not set(policy.level2_by_exception_statuses) <= set(statuses):
        problems["level2_by_exception_statuses"] = "Choose the statuses discussed by exception from the list"
    elif set(policy.level2_by_exception_statuses) & set(policy.level2_statuses):
        problems["level2_by_exception_statuses"] = (
            "A status is either always on the Level 2 agenda or discussed by exception, not both"
        )
    if not 1 <= policy.level2_week_of_month <= 5:
        problems["level2_week_of_month"] = "Choose the week of the month Level 2 meets: the first to the fifth"
    if not 0 <= policy.level2_weekday <= 4:
        problems["level2_weekday"] = "Choose the day Level 2 meets: Monday to Friday"
    if not 1 <= policy.level2_every_months <= 12:
        problems["level2_every_months"] = "Level 2 meets every 1 to 12 months"
    if not policy.level2_organiser_roles:
        problems["level2_organiser_roles"] = "Choose at least one role that organises Level 2"
    elif not set(policy.level2_organiser_roles) <= set(roles):
        problems["level2_organiser_roles"] = "Choose who organises Level 2 from the list"
    return problems


CHECKLIST_FACTORS = {
    "current": "A current answer",
    "past_three_to_six_months": "An answer from 3 to 6 months ago",
    "evidenced": "An evidenced answer",
    "suspected": "A suspected answer",
}


def _checklist_problems(weighting: ChecklistWeighting) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, what in CHECKLIST_FACTORS.items():
        value = getattr(weighting, name)
        if not math.isfinite(value) or value <= 0:
            problems[f"checklist.{name}"] = f"{what} must count for more than 0"
    compared = not {"checklist.current", "checklist.past_three_to_six_months"} & problems.keys()
    if compared and weighting.past_three_to_six_months > weighting.current:
        problems["checklist.past_three_to_six_months"] = (
            "An answer from 3 to 6 months ago cannot count more than a current one"
        )
    compared = not {"checklist.evidenced", "checklist.suspected"} & problems.keys()
    if compared and weighting.suspected > weighting.evidenced:
        problems["checklist.suspected"] = "A suspected answer cannot count more than an evidenced one"
    thresholds = (weighting.low_from, weighting.medium_from, weighting.high_from)
    if not all(math.isfinite(value) for value in thresholds) or weighting.low_from <= 0:
        problems["checklist.low_from"] = "Low must start above 0 points"
    elif weighting.medium_from <= weighting.low_from:
        problems["checklist.medium_from"] = "Medium must start at more points than Low"
    elif weighting.high_from <= weighting.medium_from:
        problems["checklist.high_from"] = "High must start at more points than Medium"
    return problems


def _contact_problems(contacts: Contacts) -> dict[str, str]:
    problems: dict[str, str] = {}
    checks: dict[str, tuple[Callable[[str], None], str]] = {
        "cerar_email": (EmailValidator(), "Enter CERAR's email address in the correct format, like name@example.org"),
        "complaints_email": (EmailValidator(), "Enter the complaints email address in the correct format"),
        "complaints_url": (URLValidator(schemes=["https"]), "Enter the complaints page's address, starting https://"),
    }
    for name, (validate, message) in checks.items():
        value = getattr(contacts, name)
        if not value:
            continue
        try:
            validate(value)
        except ValidationError:
            problems[f"contacts.{name}"] = message
    for number, link in enumerate(contacts.support_links):
        problems |= _support_link_problems(f"contacts.support_links.{number}", number + 1, link)
    return problems


def _support_link_problems(path: str, number: int, link: SupportLink) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not link.name.strip():
        problems[f"{path}.name"] = f"Enter the name of support link {number}"
    if not (link.url.strip() or link.phone.strip()):
        problems[f"{path}.url"] = f"Enter a web address or a phone number for support link {number}"
    elif link.url:
        try:
            URLValidator(schemes=["https"])(link.url)
        except ValidationError:
            problems[f"{path}.url"] = f"Enter support link {number}'s web address, starting https://"
    return problems
