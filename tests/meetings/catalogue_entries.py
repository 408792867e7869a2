"""The meetings app's routes for tests/catalogue.py (for the lead to merge into CATALOGUE).

Roles are as they apply to the world's records (tests/meetings/world.py): each Level 1 meeting is
chaired by the CERAR lead of the child's partnership, so "CERAR or the meeting's chair" is CERAR;
world.child's action is owned by its allocated social worker.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta

from django.urls import reverse

from cepathway.people.models import Role
from tests.catalogue import CHILD, Route, roles
from tests.factories import SEES_ONLY_OWN_REFERRALS, in_scope

CERAR = roles(Role.CERAR_LEAD)
ORGANISERS = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER)
LEVEL2 = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.LEVEL2_MEMBER)
CHILDS_WORKERS = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
MAY_REFER = roles(
    Role.PARTNER_PROFESSIONAL,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER,
    Role.INTELLIGENCE_OFFICER,
    Role.HUB_PRACTITIONER,
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
)
CHAIR_NOTE = "CERAR, or the meeting's chair: the world's meetings are chaired by CERAR"
WORKER_NOTE = "CERAR, team managers, the chair, and the child's allocated social worker or lead professional"


def _meeting_url(name: str):
    return lambda w, child: reverse(f"meetings:{name}", args=[w.meeting[child.pk].pk])


def _level2_url(name: str):
    return lambda w: reverse(f"meetings:{name}", args=list(w.level2_month))


def _level2_api_url(tail: str):
    return lambda w: "/api/meetings/level2/{:04d}-{:02d}".format(*w.level2_month) + tail


def _future(days: int = 10) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def _past(days: int = 3) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


MEETINGS_ROUTES: list[Route] = [
    # pages
    Route("meetings:list", audit="listed"),
    Route("meetings:overdue", roles=ORGANISERS, audit="listed"),
    Route("meetings:child", about=CHILD, url=lambda w, child: reverse("meetings:child", args=[child.pk])),
    Route(
        "meetings:schedule-level1",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:schedule-level1", args=[child.pk]),
    ),
    Route(
        "meetings:record-held",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:record-held", args=[child.pk]),
    ),
    Route(
        "meetings:flag-level2",
        about=CHILD,
        roles=MAY_REFER,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:flag-level2", args=[child.pk]),
    ),
    Route("meetings:detail", about=CHILD, url=_meeting_url("detail")),
    Route(
        "meetings:details",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("details"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:cancel",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("cancel"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:invite",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("invite"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:record-views",
        about=CHILD,
        roles=CHILDS_WORKERS,
        methods=("GET", "POST"),
        url=_meeting_url("record-views"),
        note=WORKER_NOTE,
    ),
    Route(
        "meetings:log-call",
        about=CHILD,
        roles=CHILDS_WORKERS,
        methods=("GET", "POST"),
        url=_meeting_url("log-call"),
        note=WORKER_NOTE,
    ),
    Route(
        "meetings:attendance",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("attendance"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:add-contribution",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("add-contribution"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:discussion",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("discussion"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:outcome",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("outcome"),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:add-action",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=_meeting_url("add-action"),
        note=CHAIR_NOTE,
    ),
    Route("meetings:minutes", about=CHILD, url=_meeting_url("minutes")),
    Route(
        "meetings:family-summary",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=_meeting_url("family-summary"),
        note=WORKER_NOTE,
    ),
    Route(
        "meetings:withdraw-invitation",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:withdraw-invitation", args=[w.invitation[child.pk].pk]),
        note=CHAIR_NOTE,
    ),
    Route(
        "meetings:arrange-call",
        about=CHILD,
        roles=CERAR,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:arrange-call", args=[w.call[child.pk].pk]),
    ),
    Route(
        "meetings:action", about=CHILD, url=lambda w, child: reverse("meetings:action", args=[w.action[child.pk].pk])
    ),
    Route(
        "meetings:action-progress",
        about=CHILD,
        roles=CHILDS_WORKERS,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:action-progress", args=[w.action[child.pk].pk]),
        note=WORKER_NOTE + "; and the action's owner (the social worker, for world.child)",
    ),
    Route("meetings:level2-list", roles=LEVEL2, audit="listed"),
    Route("meetings:level2-new", roles=ORGANISERS, methods=("GET", "POST")),
    Route("meetings:level2", roles=LEVEL2, url=_level2_url("level2"), note="your partnership's Level 2 for a month"),
    Route("meetings:level2-refresh", roles=ORGANISERS, methods=("POST",), url=_level2_url("level2-refresh")),
    Route("meetings:level2-held", roles=ORGANISERS, methods=("POST",), url=_level2_url("level2-held")),
    Route("meetings:level2-details", roles=ORGANISERS, methods=("GET", "POST"), url=_level2_url("level2-details")),
    Route(
        "meetings:level2-item",
        about=CHILD,
        roles=LEVEL2,
        url=lambda w, child: reverse("meetings:level2-item", args=[w.level2_item[child.pk].pk]),
    ),
    Route(
        "meetings:level2-decisions",
        about=CHILD,
        roles=ORGANISERS,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:level2-decisions", args=[w.level2_item[child.pk].pk]),
    ),
    Route(
        "meetings:level2-item-action",
        about=CHILD,
        roles=ORGANISERS,
        methods=("GET", "POST"),
        url=lambda w, child: reverse("meetings:level2-item-action", args=[w.level2_item[child.pk].pk]),
    ),
    # API
    Route("GET /api/meetings", audit="listed"),
    Route("GET /api/meetings/my-meetings", audit="listed", note="what the My work panels list: chairing, invited to"),
    Route("GET /api/meetings/my-actions", audit="listed", note="what the My work panel lists: actions I own"),
    Route("GET /api/meetings/overdue", roles=ORGANISERS, audit="listed", note="team managers and CERAR"),
    Route(
        "POST /api/meetings/{meeting_id}/cancel",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/cancel",
        data=lambda w, child: {"version": 0, "reason": ""},
        note=CHAIR_NOTE,
    ),
    Route(
        "POST /api/meetings/invitations/{invitation_id}/withdraw",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/invitations/{w.invitation[child.pk].pk}/withdraw",
        note=CHAIR_NOTE,
    ),
    Route(
        "POST /api/meetings/level1",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: "/api/meetings/level1",
        data=lambda w, child: {"child_id": str(child.pk), "date": _future(), "time": "10:00", "venue": "online"},
    ),
    Route(
        "POST /api/meetings/held",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: "/api/meetings/held",
        data=lambda w, child: {
            "child_id": str(child.pk),
            "kind": "review",
            "status_under_review": "high",
            "date": _past(),
            "time": "10:00",
            "venue": "online",
            "chair_id": str(w.user_in(child.partnership, Role.TEAM_MANAGER).pk),
            "reason": "Fictional: moved in from a previous system.",
        },
    ),
    Route(
        "GET /api/meetings/{meeting_id}", about=CHILD, url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}"
    ),
    Route(
        "PATCH /api/meetings/{meeting_id}",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}",
        data=lambda w, child: {
            "version": 1,
            "date": _future(),
            "time": "10:00",
            "venue": "online",
            "chair_id": str(w.meeting[child.pk].chair_id),
        },
        note=CHAIR_NOTE,
    ),
    Route(
        "POST /api/meetings/{meeting_id}/invitations",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/invitations",
        data=lambda w, child: {"user_ids": []},
        note=CHAIR_NOTE,
    ),
    Route(
        "POST /api/meetings/{meeting_id}/views",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/views",
        data=lambda w, child: {"voice_of": "child", "method": "in_person", "gathered_on": "2026-01-05", "views": ""},
        note=WORKER_NOTE,
    ),
    Route(
        "POST /api/meetings/{meeting_id}/calls",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/calls",
        data=lambda w, child: {"requested_by": "child", "contact_name": "", "contact_phone": ""},
        note=WORKER_NOTE,
    ),
    Route(
        "POST /api/meetings/calls/{call_id}",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/calls/{w.call[child.pk].pk}",
        data=lambda w, child: {"version": 1, "state": ""},
    ),
    Route(
        "PUT /api/meetings/{meeting_id}/attendance",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/attendance",
        data=lambda w, child: {"version": 1, "entries": []},
        note=CHAIR_NOTE,
    ),
    Route(
        "POST /api/meetings/{meeting_id}/contributions",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/contributions",
        data=lambda w, child: {"agency_id": str(w.meeting[child.pk].chair.agency_id), "information": ""},
        note=CHAIR_NOTE,
    ),
    Route(
        "PUT /api/meetings/{meeting_id}/discussion",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/discussion",
        data=lambda w, child: {"version": 0},
        note=CHAIR_NOTE,
    ),
    Route(
        "POST /api/meetings/{meeting_id}/outcome",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/outcome",
        data=lambda w, child: {"version": 1, "status": "", "rationale": ""},
        note=CHAIR_NOTE,
    ),
    Route(
        "GET /api/meetings/{meeting_id}/family-summary",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/family-summary",
        note=WORKER_NOTE,
    ),
    Route(
        "POST /api/meetings/{meeting_id}/actions",
        about=CHILD,
        roles=CERAR,
        url=lambda w, child: f"/api/meetings/{w.meeting[child.pk].pk}/actions",
        data=lambda w, child: {
            "description": "",
            "owner_id": str(w.meeting[child.pk].chair_id),
            "due_on": "2020-01-01",
        },
        note=CHAIR_NOTE,
    ),
    Route(
        "GET /api/meetings/actions/{action_id}",
        about=CHILD,
        url=lambda w, child: f"/api/meetings/actions/{w.action[child.pk].pk}",
    ),
    Route(
        "POST /api/meetings/actions/{action_id}/updates",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=lambda w, child: f"/api/meetings/actions/{w.action[child.pk].pk}/updates",
        data=lambda w, child: {"version": 0, "note": "", "status": ""},
        note=WORKER_NOTE + "; and the action's owner (the social worker, for world.child)",
    ),
    Route(
        "GET /api/meetings/children/{child_id}", about=CHILD, url=lambda w, child: f"/api/meetings/children/{child.pk}"
    ),
    Route(
        "POST /api/meetings/children/{child_id}/level2-flags",
        about=CHILD,
        roles=MAY_REFER,
        url=lambda w, child: f"/api/meetings/children/{child.pk}/level2-flags",
        data=lambda w, child: {"reason": ""},
    ),
    Route("GET /api/meetings/level2", roles=LEVEL2, audit="listed"),
    Route("GET /api/meetings/level2-flags", roles=LEVEL2, audit="listed"),
    Route("POST /api/meetings/level2", roles=ORGANISERS, data=lambda w: {"month": "2020-01-01"}),
    Route(
        "GET /api/meetings/level2/{month}",
        roles=LEVEL2,
        url=lambda w: "/api/meetings/level2/{:04d}-{:02d}".format(*w.level2_month),
    ),
    Route(
        "PATCH /api/meetings/level2/{month}",
        roles=ORGANISERS,
        url=_level2_api_url(""),
        data=lambda w: {"version": 0},
    ),
    Route("POST /api/meetings/level2/{month}/refresh", roles=ORGANISERS, url=_level2_api_url("/refresh")),
    Route(
        "POST /api/meetings/level2/{month}/held",
        roles=ORGANISERS,
        url=_level2_api_url("/held"),
        data=lambda w: {"notes": ""},
    ),
    Route(
        "POST /api/meetings/level2/items/{item_id}/decisions",
        about=CHILD,
        roles=ORGANISERS,
        url=lambda w, child: f"/api/meetings/level2/items/{w.level2_item[child.pk].pk}/decisions",
        data=lambda w, child: {"version": 0, "decisions": ""},
    ),
    Route(
        "POST /api/meetings/level2/items/{item_id}/actions",
        about=CHILD,
        roles=ORGANISERS,
        url=lambda w, child: f"/api/meetings/level2/items/{w.level2_item[child.pk].pk}/actions",
        data=lambda w, child: {
            "description": "",
            "owner_id": str(w.level2_item[child.pk].level2_meeting.chair_id),
            "due_on": "2020-01-01",
        },
    ),
]


@dataclass(frozen=True)
class MeetingRecordRoute(Route):
    """A route to one of a child's meetings or what hangs on one (an invitation, a call, an action, a
    Level 2 item): out of scope (404) for someone involved with the child only as its referrer, though
    they see the child (need to know: `cepathway.meetings.models.NeedToKnowQuerySet`)."""

    def expected(self, principal: str, scope: str, method: str = "GET") -> int:
        if principal in SEES_ONLY_OWN_REFERRALS and in_scope(principal, scope):
            return 404
        return super().expected(principal, scope, method)


# What is addressed by the child (their pathway page, booking for them, flagging them), not by a record
# of their meetings.
_ADDRESSED_BY_THE_CHILD = {"child", "schedule-level1", "record-held", "flag-level2", "level1", "held"}


def _through_a_meeting(entry: Route) -> bool:
    name = entry.key.rsplit("/", 1)[-1] if entry.api else entry.key.split(":", 1)[-1]
    return entry.about == CHILD and name not in _ADDRESSED_BY_THE_CHILD and "{child_id}" not in entry.key


MEETINGS_ROUTES = [
    MeetingRecordRoute(**{field.name: getattr(entry, field.name) for field in fields(Route)})
    if _through_a_meeting(entry)
    else entry
    for entry in MEETINGS_ROUTES
]
