"""What missing puts on My work: return home interviews overdue (for their interviewer, the child's
allocated social worker or lead professional, and team managers), and the children CERAR is
prompted to consider for the checklist. Each panel costs the same few queries whatever the numbers."""

from typing import Any

from django.urls import reverse

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.work import Panel
from cepathway.people.models import Role
from cepathway.ui.listing import count_up_to

from . import rules, services
from .models import ReturnInterview, TriggerConsideration

SHOWN = 10


def overdue_interviews(request: Any) -> Panel | None:
    user = request.user
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    manager = user.role == Role.TEAM_MANAGER
    rows = ReturnInterview.objects.visible_to(user).overdue()
    if not manager:
        rows = rows.for_person(user)
    shown = list(rows.select_related("child").order_by("due_by", "pk")[:SHOWN])
    if not shown and not manager:
        return None
    audit.listed(user, ReturnInterview, detail="return home interviews overdue (my work)")
    context = {
        "interviews": shown,
        "total": count_up_to(rows),
        "list_url": reverse("missing:interviews") if user.has_perm(rules.VIEW_LIST) else "",
    }
    return Panel("Return home interviews overdue", "missing/panels/overdue.html", context, order=35)


def children_to_consider(request: Any) -> Panel | None:
    user = request.user
    if not user.has_perm(rules.CONSIDER) or user.partnership_id is None:
        return None
    children = Child.objects.visible_to(user).filter(partnership_id=user.partnership_id)
    found = services.prompts(children, user.partnership_id)
    if not found:
        return None
    shown = found[:SHOWN]
    named = children.in_bulk([prompt.child_id for prompt in shown])
    for prompt in shown:
        prompt.child = named.get(prompt.child_id)
    audit.listed(user, TriggerConsideration, detail="children to consider for the checklist (my work)")
    context = {"prompts": shown, "more": len(found) - len(shown)}
    return Panel("Children to consider for the checklist", "missing/panels/to_consider.html", context, order=25)
