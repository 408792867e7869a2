"""The submissions part's routes (gathered by tests/intelligence/catalogue_entries.py).

A submission is a partnership's record (PARTNERSHIP: asked at home and elsewhere). The world's
(tests/intelligence/world_submissions.py) was sent at home by the police officer, elsewhere by its
CERAR lead, and waits to be graded. Who reaches one: its submitter and the partnership's handlers
(intelligence officers, CERAR leads); anyone else gets the same audited 404 as out of scope, so
nobody learns a submission exists (refused=404). Grading is the handlers' only, and is a 404 for
everyone else too, the submitter included. Administrators and auditors do not submit (403).
"""

from django.urls import reverse

from cepathway.people.models import Role
from tests.catalogue import PARTNERSHIP, Route, all_roles_except, roles

MAY_SUBMIT = all_roles_except(Role.ADMINISTRATOR, Role.AUDITOR)
HANDLERS = roles(Role.INTELLIGENCE_OFFICER, Role.CERAR_LEAD)
SUBMITTER_OR_HANDLERS = roles(Role.POLICE_OFFICER, Role.INTELLIGENCE_OFFICER, Role.CERAR_LEAD)
FORM = ("GET", "POST")
WHO_NOTE = "the world's submission: its submitter (the police officer at home) and the handlers; else 404"


def _page(name: str):  # type: ignore[no-untyped-def]
    return lambda world, partnership: reverse(f"intelligence:{name}", args=[world.submission[partnership.pk].pk])


def _api(tail: str = ""):  # type: ignore[no-untyped-def]
    return lambda world, partnership: f"/api/intelligence/submissions/{world.submission[partnership.pk].pk}{tail}"


def _grading(world, partnership):  # type: ignore[no-untyped-def]
    return {
        "version": world.submission[partnership.pk].version,
        "source_evaluation": "2",
        "intelligence_assessment": "C",
        "handling": "P",
        "sanitised_text": "Fictional: a grey car is seen collecting children from a park.",
        "outcome": "logged",
    }


SUBMISSION_BODY = {
    "information": "Fictional: a child is seen getting into a grey car.",
    "how_known": "Fictional: seen by me.",
    "subjects": [{"kind": "child", "first_name": "Fictional", "last_name": "Child"}],
}

SUBMISSION_ROUTES: list[Route] = [
    Route("intelligence:home", roles=MAY_SUBMIT),
    Route("intelligence:submit", roles=MAY_SUBMIT, methods=FORM),
    Route("intelligence:my-submissions", roles=MAY_SUBMIT, audit="listed"),
    Route("intelligence:triage-queue", roles=HANDLERS, audit="listed"),
    Route(
        "intelligence:submission",
        about=PARTNERSHIP,
        url=_page("submission"),
        roles=SUBMITTER_OR_HANDLERS,
        refused=404,
        audit="viewed",
        note=WHO_NOTE,
    ),
    Route(
        "intelligence:submission-sent",
        about=PARTNERSHIP,
        url=_page("submission-sent"),
        roles=SUBMITTER_OR_HANDLERS,
        refused=404,
        audit="viewed",
        note=WHO_NOTE,
    ),
    Route(
        "intelligence:triage",
        about=PARTNERSHIP,
        url=_page("triage"),
        roles=HANDLERS,
        refused=404,
        audit="viewed",
        methods=FORM,
        note="handlers only; a partner (its submitter too) gets the audited 404",
    ),
    Route(
        "intelligence:subject-child",
        about=PARTNERSHIP,
        url=lambda world, partnership: reverse(
            "intelligence:subject-child", args=[world.named_child[partnership.pk].pk]
        ),
        roles=HANDLERS,
        refused=404,
        audit="viewed",
        methods=FORM,
        note="linking a child named in a submission to the child's record: handlers only, else the audited 404",
    ),
    Route("POST /api/intelligence/submissions", roles=MAY_SUBMIT, data=lambda world: SUBMISSION_BODY),
    Route("GET /api/intelligence/submissions", roles=MAY_SUBMIT, audit="listed"),
    Route("GET /api/intelligence/submissions/waiting", roles=HANDLERS, audit="listed"),
    Route(
        "GET /api/intelligence/submissions/{pk}",
        about=PARTNERSHIP,
        url=_api(),
        roles=SUBMITTER_OR_HANDLERS,
        refused=404,
        audit="viewed",
        note=WHO_NOTE,
    ),
    Route(
        "POST /api/intelligence/submissions/{pk}/grading",
        about=PARTNERSHIP,
        url=_api("/grading"),
        roles=HANDLERS,
        refused=404,
        data=_grading,
        note="handlers only; a partner (its submitter too) gets the audited 404",
    ),
]
