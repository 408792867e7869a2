"""The registers' routes for tests/catalogue.py (gathered by tests/intelligence/catalogue_entries.py).

Register records, merges and submission parts are a partnership's own records: asked in "home"
and "elsewhere" (another partnership's is not found, audited). Anyone outside the register roles
is told "not found" (404), never "forbidden", on every route: a 403 would confirm that a record
exists. Pages that change something are the handlers' (police intelligence officer, CERAR lead);
the other register roles get 404 there too. The network of a child is about the child: only
register roles who may see the child.
"""

from typing import Any

from django.urls import reverse

from cepathway.intelligence.models import HANDLER_ROLES, REGISTER_ROLES
from tests.catalogue import CHILD, PARTNERSHIP, Route, roles

REGISTER = roles(*REGISTER_ROLES)
HANDLERS = roles(*HANDLER_ROLES)
FORM = ("GET", "POST")


def _of(world: Any, partnership: Any, name: str) -> Any:
    return world.registers[partnership.pk][name]


def record_url(name: str, path: str, record: str = "person") -> Any:
    return lambda world, partnership: reverse(f"intelligence:{name}", args=[path, _of(world, partnership, record).pk])


def api(path: str, record: str = "person") -> Any:
    return lambda world, partnership: path.format(pk=_of(world, partnership, record).pk)


REGISTER_ROUTES: list[Route] = [
    Route("intelligence:registers", roles=REGISTER, refused=404, audit="listed"),
    Route(
        "intelligence:register-list",
        roles=REGISTER,
        refused=404,
        audit="listed",
        url=lambda world: reverse("intelligence:register-list", args=["persons"]),
    ),
    Route(
        "intelligence:register-new",
        roles=HANDLERS,
        refused=404,
        methods=FORM,
        audit="listed",
        url=lambda world: reverse("intelligence:register-new", args=["places"]),
    ),
    Route(
        "intelligence:register-record",
        about=PARTNERSHIP,
        roles=REGISTER,
        refused=404,
        audit="viewed",
        url=record_url("register-record", "persons"),
    ),
    Route(
        "intelligence:register-edit",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=FORM,
        audit="viewed",
        url=record_url("register-edit", "vehicles", "vehicle"),
    ),
    Route(
        "intelligence:register-status",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=FORM,
        audit="viewed",
        url=record_url("register-status", "phones", "phone"),
    ),
    Route(
        "intelligence:register-merge",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=FORM,
        audit="viewed",
        url=record_url("register-merge", "persons"),
    ),
    Route(
        "intelligence:disruption-new",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=FORM,
        audit="viewed",
        url=record_url("disruption-new", "places", "place"),
    ),
    Route(
        "intelligence:merge-undo",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=("POST",),
        url=lambda world, partnership: reverse("intelligence:merge-undo", args=[_of(world, partnership, "merge").pk]),
    ),
    Route(
        "intelligence:match-item",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=FORM,
        audit="viewed",
        url=record_url("match-item", "subject", "subject"),
    ),
    Route(
        "intelligence:match-create",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        methods=("POST",),
        url=record_url("match-create", "subject", "subject"),
    ),
    Route(
        "intelligence:network",
        about=CHILD,
        roles=REGISTER,
        refused=404,
        url=lambda world, child: reverse("intelligence:network", args=["child", child.pk]),
        ready="#network-graph-area:not([hidden])",
        note="the network of a child: register roles who may see the child; the graph is drawn by script",
    ),
    # The API
    Route(
        "GET /api/intelligence/registers/{kind}",
        roles=REGISTER,
        refused=404,
        audit="listed",
        url=lambda world: "/api/intelligence/registers/person",
    ),
    Route(
        "POST /api/intelligence/registers/{kind}",
        roles=HANDLERS,
        refused=404,
        url=lambda world: "/api/intelligence/registers/phone",
        data=lambda world: {"fields": {}},
    ),
    Route(
        "GET /api/intelligence/registers/{kind}/{pk}",
        about=PARTNERSHIP,
        roles=REGISTER,
        refused=404,
        audit="viewed",
        url=api("/api/intelligence/registers/person/{pk}"),
    ),
    Route(
        "PATCH /api/intelligence/registers/{kind}/{pk}",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        url=api("/api/intelligence/registers/phone/{pk}", "phone"),
        data=lambda world, partnership: {"fields": {"number": ""}},
    ),
    Route(
        "POST /api/intelligence/registers/{kind}/{pk}/merge",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        url=api("/api/intelligence/registers/vehicle/{pk}/merge", "vehicle"),
        data=lambda world, partnership: {"into_id": str(_of(world, partnership, "vehicle").pk), "reason": ""},
    ),
    Route(
        "POST /api/intelligence/merges/{pk}/undo",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        url=api("/api/intelligence/merges/{pk}/undo", "merge"),
    ),
    Route(
        "GET /api/intelligence/match/{kind}/{pk}",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        audit="viewed",
        url=api("/api/intelligence/match/subject/{pk}", "subject"),
    ),
    Route(
        "POST /api/intelligence/match/{kind}/{pk}",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        url=api("/api/intelligence/match/subject/{pk}", "subject"),
        data=lambda world, partnership: {
            "candidate_id": str(_of(world, partnership, "person").pk),
            "verdict": "unsure",
        },
    ),
    Route(
        "GET /api/intelligence/network/{kind}/{pk}",
        about=CHILD,
        roles=REGISTER,
        refused=404,
        url=lambda world, child: f"/api/intelligence/network/child/{child.pk}",
    ),
    Route("GET /api/intelligence/disruption-tactics", roles=REGISTER, refused=404, audit="listed"),
    Route(
        "POST /api/intelligence/registers/{kind}/{pk}/disruptions",
        about=PARTNERSHIP,
        roles=HANDLERS,
        refused=404,
        url=api("/api/intelligence/registers/place/{pk}/disruptions", "place"),
        data=lambda world, partnership: {
            "tactic_id": str(_of(world, partnership, "place").pk),
            "by_whom": "x",
            "started_on": "2026-01-01",
        },
    ),
]
