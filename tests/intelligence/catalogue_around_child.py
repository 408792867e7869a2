"""Intelligence around the child: its routes for tests/catalogue.py (gathered by
tests/intelligence/catalogue_entries.py).

Roles are as they apply to the world's records (tests/intelligence/world_around_child.py): the
Level 2 sections are the agenda's own roles; what may be shared with a child's family is recorded
by CERAR, the child's allocated social worker or its lead professional (the world's social worker
and lead professional hold those places for world.child only: for the other children only CERAR).
"""

from cepathway.people.models import Role
from tests.catalogue import Route, roles

LEVEL2 = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.LEVEL2_MEMBER)
RECORDS_SHARING = roles(Role.CERAR_LEAD, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
SHARING_NOTE = "CERAR, the child's allocated social worker or lead professional (world.child's are the world's)"


def _concerns_api(w):
    return "/api/intelligence/level2/{:04d}-{:02d}/concerns/person".format(*w.level2_month)


AROUND_CHILD_ROUTES: list[Route] = [
    Route("GET /api/intelligence/level2/{month}/concerns/{kind}", roles=LEVEL2, url=_concerns_api),
    Route("GET /api/intelligence/alerts", audit="listed", note="only ever your own alerts"),
]
