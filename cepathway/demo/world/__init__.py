"""A fictional, internally consistent world at a chosen scale, for benchmarks and scale tests.

`build_world("county", seed=1)` makes partnerships of generated people and children whose records
are as the services leave them (referrals through triage, pathways with meetings at the policy's
cadence, Level 2 agendas, years of audit), written in bulk. See bench/README.md ("The generated world") for the
figures and `manage.py generate_world`.
"""

from .build import WorldReport, build_partnership, build_world
from .people import BENCH_PASSWORD, LOGINS
from .sizes import SIZES

__all__ = ["BENCH_PASSWORD", "LOGINS", "SIZES", "WorldReport", "build_partnership", "build_world"]
