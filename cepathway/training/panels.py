"""What training puts on a professional's My work page: a reminder when their own Level 1 child
exploitation training has lapsed or was never recorded (the same rule as everywhere: standing.py).
Nothing for administrators and auditors, who are not counted, nor for someone whose Level 1 is current."""

from typing import Any

from cepathway.core.work import Panel
from cepathway.people.models import ROLES_NOT_WORKING_WITH_CHILDREN

from .models import Standing
from .standing import standings_of

TEMPLATE = "training/panels/own_training.html"


def own_training(request: Any) -> Panel | None:
    user = request.user
    if user.agency_id is None or not user.role or user.role in ROLES_NOT_WORKING_WITH_CHILDREN:
        return None
    levels = standings_of([user]).get(user.pk)
    if not levels or levels[0].standing == Standing.CURRENT:
        return None
    return Panel("Your child exploitation training", TEMPLATE, {"level1": levels[0]}, order=90)
