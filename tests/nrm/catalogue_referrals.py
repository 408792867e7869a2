"""The NRM referrals' routes (gathered by tests/nrm/catalogue_entries.py).

A referral belongs to a child (CHILD: asked about each of the world's three children; out of scope is
404). Everyone who may see the child but an administrator reads the child's NRM page (what each reads
of it is tested in the journeys); social workers, CERAR leads, team managers, hub practitioners and
police officers record; the partnership's list of decisions awaited is CERAR's and team managers'.
"""

from django.urls import reverse

from cepathway.people.models import Role
from tests.catalogue import CHILD, Route, all_roles_except, api_to, roles

READERS = all_roles_except(Role.ADMINISTRATOR)
RECORDERS = roles(Role.SOCIAL_WORKER, Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.POLICE_OFFICER)
OVERSEERS = roles(Role.CERAR_LEAD, Role.TEAM_MANAGER)
FORM = ("GET", "POST")


def _referral_page(name: str):  # type: ignore[no-untyped-def]
    return lambda world, child: reverse(f"nrm:{name}", args=[world.nrm_referral[child.pk].pk])


def _referral_api(tail: str):  # type: ignore[no-untyped-def]
    return lambda world, child: f"/api/nrm/referrals/{world.nrm_referral[child.pk].pk}/{tail}"


REFERRAL_BODY = {
    "first_responder_kind": "police",
    "first_responder_name": "Fictional Constabulary",
    "referred_on": "2026-03-02",
    "exploitation": ["criminal"],
}

NRM_ROUTES: list[Route] = [
    Route("nrm:child", about=CHILD, roles=READERS, url=lambda w, child: reverse("nrm:child", args=[child.pk])),
    Route(
        "nrm:record",
        about=CHILD,
        roles=RECORDERS,
        methods=FORM,
        url=lambda w, child: reverse("nrm:record", args=[child.pk]),
    ),
    Route("nrm:decisions", about=CHILD, roles=RECORDERS, methods=FORM, url=_referral_page("decisions")),
    Route("nrm:guardian", about=CHILD, roles=RECORDERS, methods=FORM, url=_referral_page("guardian")),
    Route("nrm:outcome", about=CHILD, roles=RECORDERS, methods=FORM, url=_referral_page("outcome")),
    Route("nrm:overdue", roles=OVERSEERS, audit="listed"),
    Route(
        "GET /api/nrm/children/{pk}/referrals",
        about=CHILD,
        roles=READERS,
        url=api_to("/api/nrm/children/{pk}/referrals"),
    ),
    Route(
        "POST /api/nrm/children/{pk}/referrals",
        about=CHILD,
        roles=RECORDERS,
        url=api_to("/api/nrm/children/{pk}/referrals"),
        data=lambda world, child: REFERRAL_BODY,
    ),
    Route(
        "POST /api/nrm/referrals/{pk}/decisions",
        about=CHILD,
        roles=RECORDERS,
        url=_referral_api("decisions"),
        data=lambda world, child: {"version": world.nrm_referral[child.pk].version, "reasonable_grounds": "awaited"},
    ),
    Route(
        "POST /api/nrm/referrals/{pk}/guardian",
        about=CHILD,
        roles=RECORDERS,
        url=_referral_api("guardian"),
        data=lambda world, child: {"version": world.nrm_referral[child.pk].version},
    ),
    Route("GET /api/nrm/awaited", roles=OVERSEERS, audit="listed"),
]
