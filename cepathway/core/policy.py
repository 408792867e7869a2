"""Partnership policy: the one place a partnership sets its own cadences, chairs, venues and
checklist weighting without changing code.

The default follows the Westmorland and Furness practitioner briefing (the newer and more
specific of the partnership's documents): High reviewed every 4 weeks and Medium every 8, both
chaired by the Complex Safeguarding Team Manager and never held at Early Help; Low every 12
weeks, chaired by the lead professional, and may be held at Early Help. The parents' guide says
High and Medium are both 4-weekly: `PARENTS_GUIDE_POLICY` shows how a partnership that follows
it would say so. Set CEPATHWAY_PARTNERSHIP_POLICY to the dotted path of another policy object.
"""

from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from functools import cache

from django.conf import settings
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
    # The time of day a meeting is proposed for when it is scheduled by policy.
    default_meeting_time: time = time(10, 0)
    checklist: ChecklistWeighting = ChecklistWeighting()

    @property
    def review_chair_roles(self) -> tuple[str, ...]:
        """Every role that chairs some review, for choosing a chair before the status is known."""
        return tuple(dict.fromkeys(rule.chair_role for rule in self.reviews.values()))

    def review_rule(self, status: str) -> ReviewRule | None:
        """The rule for reviewing a status, or None when the status is not reviewed ("no status")."""
        return self.reviews.get(status)


_STATUTORY_VENUES = (Venue.CHILDRENS_SERVICES, Venue.SCHOOL, Venue.POLICE, Venue.ONLINE, Venue.OTHER)

DEFAULT_POLICY = PartnershipPolicy(
    name="Westmorland and Furness practitioner briefing",
    reviews={
        "high": ReviewRule(timedelta(weeks=4), "team_manager", _STATUTORY_VENUES),
        "medium": ReviewRule(timedelta(weeks=8), "team_manager", _STATUTORY_VENUES),
        "low": ReviewRule(timedelta(weeks=12), "lead_professional", (*_STATUTORY_VENUES, Venue.EARLY_HELP)),
    },
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
