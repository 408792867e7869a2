"""The complaints app's routes (gathered by tests/complaints/catalogue_entries.py).

A complaint is about a child (CHILD: asked about each of the world's children; out of scope is a
404). Who may use a complaint's pages among those who see the child: CERAR leads, team managers,
and the child's social worker and lead professional (on the world's complaint the social worker is
its handler). Everyone else who sees the child (the hub, the administrator, the auditor, the police
officer invited to the meeting, the Level 2 member, the referrer) is refused (403): complaints are
need-to-know (cepathway/complaints/rules.py). The partnership's list and the overdue API are CERAR's
and team managers'.
"""

from datetime import timedelta

from django.utils import timezone

from cepathway.people.models import Role
from tests.catalogue import CHILD, FORM, Route, api_to, each, roles, to

MAY = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
MANAGERS = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER)
WHO = "CERAR, team managers, the child's social worker and lead professional; others who see the child: 403"


def _yesterday() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def _new_body(world, child):  # type: ignore[no-untyped-def]
    return {
        "about": "safety_plan",
        "raised_by": "child",
        "raiser_name": "Fictional Child",
        "received_on": _yesterday(),
        "received_how": "in_person",
        "concern": "Fictional: the plan does not say who to call.",
        "handler_id": str(world.complaint[child.pk].handler_id),
    }


def _step(**body):  # type: ignore[no-untyped-def]
    return lambda world, child: {"version": world.complaint[child.pk].version, **body}


def _api(tail: str):  # type: ignore[no-untyped-def]
    return api_to("/api/complaints/{pk}" + tail, each("complaint"))


COMPLAINT_ROUTES: list[Route] = [
    Route("complaints:list", roles=MANAGERS, audit="listed"),
    Route("complaints:child", about=CHILD, url=to("complaints:child"), roles=MAY, note=WHO),
    Route("complaints:new", about=CHILD, url=to("complaints:new"), roles=MAY, methods=FORM, note=WHO),
    Route("complaints:detail", about=CHILD, url=to("complaints:detail", each("complaint")), roles=MAY, note=WHO),
    *(
        Route(
            f"complaints:{step}",
            about=CHILD,
            url=to(f"complaints:{step}", each("complaint")),
            roles=MAY,
            methods=FORM,
            note=WHO,
        )
        for step in ("acknowledge", "respond", "escalate", "close")
    ),
    Route(
        "GET /api/complaints/children/{child_id}",
        about=CHILD,
        url=api_to("/api/complaints/children/{pk}"),
        roles=MAY,
        note=WHO,
    ),
    Route(
        "POST /api/complaints/children/{child_id}",
        about=CHILD,
        url=api_to("/api/complaints/children/{pk}"),
        roles=MAY,
        data=_new_body,
        note=WHO,
    ),
    Route("GET /api/complaints/overdue", roles=MANAGERS, audit="listed"),
    Route("GET /api/complaints/{pk}", about=CHILD, url=_api(""), roles=MAY, note=WHO),
    Route(
        "POST /api/complaints/{pk}/acknowledge",
        about=CHILD,
        url=_api("/acknowledge"),
        roles=MAY,
        data=_step(acknowledged_on=_yesterday()),
    ),
    Route(
        "POST /api/complaints/{pk}/respond",
        about=CHILD,
        url=_api("/respond"),
        roles=MAY,
        data=_step(responded_on=_yesterday(), response="Fictional answer.", outcome="not_upheld"),
    ),
    Route(
        "POST /api/complaints/{pk}/escalate",
        about=CHILD,
        url=_api("/escalate"),
        roles=MAY,
        data=_step(escalated_on=_yesterday(), sent="Fictional: the family's email."),
    ),
    Route(
        "POST /api/complaints/{pk}/close",
        about=CHILD,
        url=_api("/close"),
        roles=MAY,
        data=_step(closed_on=_yesterday(), outcome="withdrawn"),
    ),
]
