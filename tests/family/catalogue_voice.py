"""The family's voice routes (gathered by tests/family/catalogue_entries.py).

A views link belongs to a child's meeting (CHILD). On the world's records (tests/family/world_voice.py,
tests/meetings/world.py): the child's allocated social worker and lead professional may issue and
withdraw links, and so may whoever may change the meeting (CERAR; the chair is CERAR too); a team
manager may not, as they may not change a meeting they do not chair. A meeting's list of links is for
those who may record views on it (those, and team managers). The family's page and its thank-you page
are public: the world's link (world.views_token) opens the page. The routes through a meeting are
out of scope (404) for someone involved with the child only as its referrer (need to know).
"""

from django.urls import reverse

from cepathway.people.models import Role
from tests.catalogue import CHILD, PUBLIC, Route, api_to, each, roles, to
from tests.meetings.catalogue_entries import MeetingRecordRoute

ISSUERS = roles(Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.CERAR_LEAD)
VIEWERS = roles(Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.CERAR_LEAD, Role.TEAM_MANAGER)
FORM = ("GET", "POST")
WHO = "the child's allocated social worker or lead professional, or who may change the meeting (CERAR)"

VOICE_ROUTES: list[Route] = [
    MeetingRecordRoute(
        "family:ask-for-views",
        about=CHILD,
        url=to("family:ask-for-views", each("meeting")),
        roles=ISSUERS,
        methods=FORM,
        note=WHO,
    ),
    Route(
        "family:withdraw-views-link",
        about=CHILD,
        url=to("family:withdraw-views-link", each("views_link")),
        roles=ISSUERS,
        methods=FORM,
        note=WHO,
    ),
    Route(
        "family:views",
        roles=PUBLIC,
        methods=FORM,
        url=lambda world: reverse("family:views", args=[world.views_token]),
        note="the family's page, opened by the world's usable link; no account",
    ),
    Route("family:views-thanks", roles=PUBLIC, note="the family's thank-you page: says nothing about anyone"),
    MeetingRecordRoute(
        "GET /api/family/meetings/{meeting_id}/views-links",
        about=CHILD,
        url=api_to("/api/family/meetings/{pk}/views-links", each("meeting")),
        roles=VIEWERS,
        note="those who may record views on the meeting",
    ),
    MeetingRecordRoute(
        "POST /api/family/meetings/{meeting_id}/views-links",
        about=CHILD,
        url=api_to("/api/family/meetings/{pk}/views-links", each("meeting")),
        roles=ISSUERS,
        data=lambda world, child: {"voice_of": "child", "first_name": "Fictional"},
        note=WHO,
    ),
    Route(
        "POST /api/family/views-links/{link_id}/withdraw",
        about=CHILD,
        url=api_to("/api/family/views-links/{pk}/withdraw", each("views_link")),
        roles=ISSUERS,
        data=lambda world, child: {"version": world.views_link[child.pk].version},
        note=WHO,
    ),
]
