"""The sizes a world can be built at, and the figures of one county partnership they scale.

The county figures, and where they come from, are in bench/README.md ("The generated world").
"""

from dataclasses import dataclass

YEARS_OF_HISTORY = 4


@dataclass(frozen=True)
class CountyFigures:
    """One county partnership over `YEARS_OF_HISTORY` years (bench/README.md ("The generated world"))."""

    children_ever_referred: int = 1_560
    repeat_referral_share: float = 0.10
    on_pathway_with_status: int = 60
    closed_pathways: int = 330
    level1_booked: int = 4
    waiting_for_level1: int = 2
    awaiting_hub: int = 5
    awaiting_decision: int = 3
    consultations_waiting: int = 2
    audit_rows: int = 200_000


COUNTY = CountyFigures()
# Of the children on the pathway with a status: a stated assumption (bench/README.md ("The generated world")).
STATUS_MIX = {"high": 0.25, "medium": 0.35, "low": 0.40}

# Staff of one county partnership by role: about 90 people (bench/README.md ("The generated world")).
STAFF = {
    "cerar_lead": 2,
    "team_manager": 4,
    "social_worker": 24,
    "lead_professional": 12,
    "hub_practitioner": 6,
    "partner_professional": 24,
    "police_officer": 8,
    "intelligence_officer": 2,
    "level2_member": 6,
    "administrator": 1,
    "auditor": 2,
}


@dataclass(frozen=True)
class Size:
    name: str
    partnerships: int
    factor: float  # of one county's figures, in each partnership

    def count(self, county_figure: int, minimum: int = 0) -> int:
        return max(minimum, round(county_figure * self.factor))


SIZES = {
    # A few seconds on SQLite, for tests: every kind of record, a handful of each.
    "tiny": Size("tiny", partnerships=1, factor=0.04),
    "county": Size("county", partnerships=1, factor=1.0),
    # The North East of England: 12 upper-tier local authorities (bench/README.md ("The generated world")).
    "region": Size("region", partnerships=12, factor=1.0),
    # Every English partnership, each of county size.
    "national": Size("national", partnerships=150, factor=1.0),
    # One partnership 20 times a county: the worst case for partnership-wide roles.
    "metropolitan": Size("metropolitan", partnerships=1, factor=20.0),
}
