"""What submissions put on a handler's My work page: what is waiting to be graded. It lists when
each was sent and from which agency, never what it says (My work is not a marked page)."""

from typing import Any

from cepathway.core import audit
from cepathway.core.work import Panel
from cepathway.ui.listing import count_up_to

from ..models import Submission, is_handler

SHOWN = 10
TEMPLATE = "intelligence/submissions/panels/waiting.html"


def waiting_to_be_graded(request: Any) -> Panel | None:
    if not is_handler(request.user):
        return None
    from .views import waiting_for

    rows = waiting_for(request.user)
    shown = list(rows[:SHOWN])
    audit.listed(request.user, Submission, detail="waiting to be graded (my work)")
    context = {"submissions": shown, "total": count_up_to(rows)}
    return Panel("Intelligence waiting to be graded", TEMPLATE, context, order=30)
