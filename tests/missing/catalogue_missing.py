"""The missing app's routes (gathered by tests/missing/catalogue_entries.py).

Everything is about a child (CHILD): out of scope is a 404 whatever the role. Who may, by need to
know (cepathway/missing/rules.py): the history is read by CERAR, team managers, the hub, social
workers, lead professionals and the police (officers and intelligence officers); episodes are
recorded by the same but the intelligence officer; interviews are arranged by CERAR, team managers,
the hub, social workers and lead professionals (and recorded by their interviewer, whom the world's
interviews do not name); CERAR alone answers a trigger prompt; the partnership's list of
interviews is CERAR's and the team managers'.
"""

from cepathway.people.models import Role
from tests.catalogue import CHILD, Route, api_to, each, roles, to

VIEW = roles(
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
    Role.HUB_PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER,
    Role.INTELLIGENCE_OFFICER,
)
RECORD = VIEW - roles(Role.INTELLIGENCE_OFFICER)
INTERVIEW = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
FORM = ("GET", "POST")


def _episode_body(world, child):  # type: ignore[no-untyped-def]
    return {"missing_from": "home", "started_on": "2026-01-05", "started_time": "21:30"}


def _return_body(world, child):  # type: ignore[no-untyped-def]
    episode = world.missing_episode[child.pk]
    return {"version": episode.version, "returned_on": "2026-01-06", "returned_time": "08:00"}


def _interview_body(world, child):  # type: ignore[no-untyped-def]
    return {"version": world.return_interview[child.pk].version, "state": "to_offer"}


MISSING_ROUTES: list[Route] = [
    Route("missing:history", about=CHILD, url=to("missing:history"), roles=VIEW),
    Route("missing:record-episode", about=CHILD, url=to("missing:record-episode"), roles=RECORD, methods=FORM),
    Route("missing:consider", about=CHILD, url=to("missing:consider"), roles=roles(Role.CERAR_LEAD), methods=FORM),
    Route(
        "missing:episode",
        about=CHILD,
        url=to("missing:episode", each("missing_episode")),
        roles=RECORD,
        methods=FORM,
    ),
    Route(
        "missing:record-return",
        about=CHILD,
        url=to("missing:record-return", each("missing_episode")),
        roles=RECORD,
        methods=FORM,
    ),
    Route(
        "missing:interview",
        about=CHILD,
        url=to("missing:interview", each("return_interview")),
        roles=INTERVIEW,
        methods=FORM,
        note="the world's interviews name no interviewer (who could also record one)",
    ),
    Route("missing:interviews", roles=roles(Role.CERAR_LEAD, Role.TEAM_MANAGER), audit="listed"),
    Route(
        "GET /api/missing/children/{child_pk}/episodes",
        about=CHILD,
        url=api_to("/api/missing/children/{pk}/episodes"),
        roles=VIEW,
    ),
    Route(
        "POST /api/missing/children/{child_pk}/episodes",
        about=CHILD,
        url=api_to("/api/missing/children/{pk}/episodes"),
        roles=RECORD,
        data=_episode_body,
    ),
    Route(
        "POST /api/missing/episodes/{pk}/return",
        about=CHILD,
        url=api_to("/api/missing/episodes/{pk}/return", each("missing_episode")),
        roles=RECORD,
        data=_return_body,
    ),
    Route(
        "POST /api/missing/interviews/{pk}",
        about=CHILD,
        url=api_to("/api/missing/interviews/{pk}", each("return_interview")),
        roles=INTERVIEW,
        data=_interview_body,
    ),
    Route("GET /api/missing/interviews/overdue", roles=VIEW, audit="listed"),
]
