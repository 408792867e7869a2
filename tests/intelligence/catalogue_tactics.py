"""The partnership administrator's list of disruption tactics, for tests/catalogue.py (gathered by
tests/intelligence/catalogue_entries.py)."""

from typing import Any

from cepathway.intelligence.registers.disruption import tactics_for
from cepathway.people.models import Role
from tests.catalogue import PARTNERSHIP, Route, roles, to

ADMIN = roles(Role.ADMINISTRATOR)
FORM = ("GET", "POST")


def _first_tactic(world: Any, partnership: Any) -> Any:
    return tactics_for(partnership)[0]


TACTIC_ROUTES = [
    Route("intelligence:disruption-tactics", roles=ADMIN),
    Route("intelligence:disruption-tactic-new", roles=ADMIN, methods=FORM),
    Route(
        "intelligence:disruption-tactic-edit",
        about=PARTNERSHIP,
        role_first=True,
        url=to("intelligence:disruption-tactic-edit", _first_tactic),
        roles=ADMIN,
        methods=FORM,
    ),
]
