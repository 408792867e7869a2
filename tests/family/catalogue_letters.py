"""The family letters (gathered by tests/family/catalogue_entries.py): about the world's meeting for
each child, for those who may see its family summary (meetings.view_family_summary: CERAR, team
managers, the chair, and the child's allocated social worker or lead professional). The world's
meetings are coming up, with no outcome yet: the outcome letter then says the decision is not
written down yet."""

from django.urls import reverse

from cepathway.people.models import Role
from tests.catalogue import CHILD, Route, roles
from tests.meetings.catalogue_entries import MeetingRecordRoute

CHILDS_WORKERS = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
WORKER_NOTE = (
    "as the meeting's family summary: CERAR, team managers, the chair, the child's social worker or lead professional"
)


def _meeting_url(name: str):  # type: ignore[no-untyped-def]
    return lambda world, child: reverse(f"family:{name}", args=[world.meeting[child.pk].pk])


LETTER_ROUTES: list[Route] = [
    MeetingRecordRoute(
        "family:invitation-letter",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=_meeting_url("invitation-letter"),
        methods=("GET", "POST"),
        data=lambda world, child: {"first_name": "Alex", "voice_of": "parent_carer"},
        note=f"{WORKER_NOTE}; GET asks who the letter is for, POST makes it (nothing is saved)",
    ),
    MeetingRecordRoute(
        "family:outcome-letter", about=CHILD, roles=CHILDS_WORKERS, url=_meeting_url("outcome-letter"), note=WORKER_NOTE
    ),
    MeetingRecordRoute(
        "family:outcome-letter-pdf",
        about=CHILD,
        roles=CHILDS_WORKERS,
        url=_meeting_url("outcome-letter-pdf"),
        html=False,
        audit="downloaded",
        note=WORKER_NOTE,
    ),
]
