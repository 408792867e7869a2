"""Intelligence around the child: its routes for tests/catalogue.py (gathered by
tests/intelligence/catalogue_entries.py).

Roles are as they apply to the world's records (tests/intelligence/world_around_child.py): the
Level 2 sections are the agenda's own roles; what may be shared with a child's family is recorded
by CERAR, the child's allocated social worker or its lead professional (the world's social worker
and lead professional hold those places for world.child only: for the other children only CERAR).
"""

from cepathway.people.models import Role
from tests.catalogue import CHILD, Route, api_to, each, roles, to

LEVEL2 = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.LEVEL2_MEMBER)
RECORDS_SHARING = roles(Role.CERAR_LEAD, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
SHARING_NOTE = "CERAR, the child's allocated social worker or lead professional (world.child's are the world's)"


def _concerns_api(w):
    return "/api/intelligence/level2/{:04d}-{:02d}/concerns/person".format(*w.level2_month)


AROUND_CHILD_ROUTES: list[Route] = [
    Route("GET /api/intelligence/level2/{month}/concerns/{kind}", roles=LEVEL2, url=_concerns_api),
    Route("GET /api/intelligence/alerts", audit="listed", note="only ever your own alerts"),
    # what may be shared with the family
    Route("intelligence:sharing", about=CHILD, url=to("intelligence:sharing")),
    Route(
        "intelligence:sharing-new",
        about=CHILD,
        url=to("intelligence:sharing-new"),
        roles=RECORDS_SHARING,
        methods=("GET", "POST"),
        note=SHARING_NOTE,
    ),
    Route(
        "intelligence:sharing-change",
        about=CHILD,
        url=to("intelligence:sharing-change", each("sharing_decision")),
        roles=RECORDS_SHARING,
        methods=("GET", "POST"),
        note=SHARING_NOTE,
    ),
    Route(
        "intelligence:sharing-withdraw",
        about=CHILD,
        url=to("intelligence:sharing-withdraw", each("sharing_decision")),
        roles=RECORDS_SHARING,
        methods=("POST",),
        note=SHARING_NOTE,
    ),
    Route(
        "GET /api/intelligence/children/{child_id}/sharing",
        about=CHILD,
        url=api_to("/api/intelligence/children/{pk}/sharing"),
    ),
    Route(
        "POST /api/intelligence/children/{child_id}/sharing",
        about=CHILD,
        url=api_to("/api/intelligence/children/{pk}/sharing"),
        roles=RECORDS_SHARING,
        data=lambda w, child: {"what": "Fictional: keep away from the park", "with_whom": "Parents", "why": "Safety"},
        note=SHARING_NOTE,
    ),
    Route(
        "POST /api/intelligence/sharing/{pk}/withdraw",
        about=CHILD,
        url=api_to("/api/intelligence/sharing/{pk}/withdraw", each("sharing_decision")),
        roles=RECORDS_SHARING,
        data=lambda w, child: {"version": 1},
        note=SHARING_NOTE,
    ),
]
