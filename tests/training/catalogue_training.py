"""Training and CE champions, for tests/catalogue.py (gathered by tests/training/catalogue_entries.py).

These are records about professionals, not children: pages about one of a partnership's records
are `about=PARTNERSHIP` (asked in the home partnership and elsewhere: another partnership's is a
404, audited as refused); the rest are about the signed-in person or their own partnership.
"""

from typing import Any

from tests.catalogue import ADMIN, ANYONE, FORM, PARTNERSHIP, Route, to


def _of(attribute: str) -> Any:
    """The world's record of the target partnership (tests/training/world_training.py)."""
    return lambda world, partnership: getattr(world, attribute)[partnership.pk]


TRAINING_BODY = {"level": "level1", "completed_on": "2026-01-05", "provider": "Fictional eLearning"}

ROUTES = [
    # My training: everyone signed in, for themselves
    Route("training:mine", roles=ANYONE, audit="listed"),
    Route("training:record-mine", roles=ANYONE, methods=FORM),
    Route(
        "training:record",
        about=PARTNERSHIP,
        url=to("training:record", _of("training_record")),
        roles=ADMIN,
        methods=FORM,
        note="the person it is about or their partnership's administrator: the home record is the "
        "administrator's own, the elsewhere record a non-principal's",
    ),
    # The partnership's training: its administrator
    Route("training:overview", roles=ADMIN, audit="listed"),
    Route(
        "training:agency",
        about=PARTNERSHIP,
        url=to("training:agency", _of("training_agency")),
        roles=ADMIN,
        audit="listed",
    ),
    Route(
        "training:person",
        about=PARTNERSHIP,
        url=to("training:person", _of("training_person")),
        roles=ADMIN,
        audit="viewed",
    ),
    Route(
        "training:record-for-person",
        about=PARTNERSHIP,
        url=to("training:record-for-person", _of("training_person")),
        roles=ADMIN,
        methods=FORM,
    ),
    # CE champions: everyone reads their partnership's; the administrator appoints and ends them
    Route("training:champions", roles=ANYONE, note="colleagues' contact points, not child records"),
    Route("training:champion-new", roles=ADMIN, methods=FORM),
    Route(
        "training:champion",
        about=PARTNERSHIP,
        url=to("training:champion", _of("champion")),
        roles=ADMIN,
        methods=FORM,
    ),
    # API
    Route("GET /api/training/mine", roles=ANYONE, audit="listed"),
    Route("POST /api/training/mine", roles=ANYONE, data=lambda world: TRAINING_BODY),
    Route("GET /api/training/partnership", roles=ADMIN, audit="listed"),
    Route("GET /api/training/champions", roles=ANYONE),
]
