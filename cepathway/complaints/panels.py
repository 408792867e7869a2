"""What complaints add to other apps' pages: My work ("Concerns and complaints due"), a panel at the
end of a meeting's page ("Concerns about this meeting"), a link on the child's card, and entries
in the child's chronology. Each reads only the complaints the person may know of (`known_to`)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cepathway.children.access import is_visible, read_once
from cepathway.children.chronology import Entry
from cepathway.children.models import Child
from cepathway.children.summary import Link, SummaryPart
from cepathway.core import audit
from cepathway.core.work import Panel
from cepathway.meetings import meeting_panels
from cepathway.policy.services import policy_for

from . import access
from .models import ComplaintStep, StepKind
from .rules import KNOW_ALL_ROLES

SHOWN = 10


def work_panel(request: Any) -> Panel | None:
    """The handler's open complaints with a step to take, and for CERAR and team managers every
    overdue one in their partnership besides, overdue first."""
    from .forms import HANDLER_ROLES
    from .views import overdue_first, rows_for

    user = request.user
    if not getattr(user, "partnership_id", None) or user.role not in HANDLER_ROLES:
        return None
    manager = user.role in KNOW_ALL_ROLES
    mine = Q(handler=user) & (Q(acknowledged_on__isnull=True) | Q(responded_on__isnull=True))
    scoped = access.known_to(user).in_partnership(user.partnership_id).open()
    if manager:
        late = scoped.overdue(partnership_ids=[user.partnership_id]).values("pk")
        rows = scoped.filter(mine | Q(pk__in=late))
    else:
        rows = scoped.filter(mine)
    today = timezone.localdate()
    shown = list(
        overdue_first(rows, today, [user.partnership_id]).select_related("child", "handler", "meeting")[:SHOWN]
    )
    if not shown and not manager:
        return None
    if shown:
        audit.viewed_each(user, shown, detail="concerns and complaints due (my work)")
    context = {"rows": rows_for(shown, today), "list_url": reverse("complaints:list") if manager else ""}
    return Panel("Concerns and complaints due", "complaints/panels/work.html", context, order=45)


def meeting_panel(meeting: Any, user: Any) -> meeting_panels.Panel | None:
    """Concerns about this meeting, for those who may know of them; partners invited see nothing."""
    from .views import rows_for

    child = meeting.child
    if not user.has_perm("complaints.view_complaints", child):
        return None
    shown = list(access.known_to(user).filter(meeting=meeting).select_related("child", "handler", "meeting"))
    if shown:
        audit.viewed_each(user, shown, detail="concerns about the meeting")
    record_url = ""
    if user.has_perm("complaints.record_complaint", child):
        record_url = reverse("complaints:new", args=[child.pk]) + f"?meeting={meeting.pk}"
    context = {"rows": rows_for(shown), "record_url": record_url}
    return meeting_panels.Panel("complaints/panels/meeting.html", context, where="end", order=50)


def may_see(child: Child, user: Any) -> bool:
    """Whether `user` may see the child's complaints, asked once for this page (the card and the
    chronology both ask)."""
    return read_once(child, user, "complaints: may see", lambda: user.has_perm("complaints.view_complaints", child))


def steps_of(child: Child, user: Any) -> list[ComplaintStep]:
    """Every step of the child's complaints `user` may read, newest first, with its complaint: read
    once for the card and the chronology (a child has few, and every complaint has its recorded step)."""

    def read() -> list[ComplaintStep]:
        known = access.known_to(user).filter(child=child)
        rows = ComplaintStep.objects.filter(complaint__in=known).select_related("complaint", "complaint__meeting")
        return list(rows.order_by("-created_at", "-pk"))

    return read_once(child, user, "complaints: steps", read)


def child_card(child: Child, user: Any) -> SummaryPart | None:
    """A link to the child's concerns and complaints, with how many are open and overdue."""
    if not may_see(child, user):
        return None
    complaints = {step.complaint_id: step.complaint for step in steps_of(child, user)}
    open_rows = [complaint for complaint in complaints.values() if not complaint.is_closed]
    label = "Concerns and complaints"
    if open_rows:
        policy = policy_for(child.partnership_id)
        late = sum(row.is_overdue(policy) for row in open_rows)
        label += f" ({len(open_rows)} open" + (f", {late} overdue)" if late else ")")
    return SummaryPart(links=[Link(label, reverse("complaints:child", args=[child.pk]))])


TITLES = {
    StepKind.RECORDED: "Concern recorded",
    StepKind.ACKNOWLEDGED: "Concern acknowledged",
    StepKind.RESPONDED: "Concern answered",
    StepKind.ESCALATED: "Made a formal complaint",
    StepKind.CLOSED: "Concern closed",
}


def chronology_entries(child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]:
    if not is_visible(child, user) or not may_see(child, user):
        return []
    steps = steps_of(child, user)
    entries = []
    for step in steps if latest is None else steps[:latest]:
        complaint = step.complaint
        detail = (
            f"{step.get_kind_display()} {step.on:%-d %B %Y}, {step.stage_label.lower()} stage: {complaint.about_text}"
        )
        if step.outcome:
            detail += f" ({step.get_outcome_display().lower()})"
        entries.append(
            Entry(
                step.created_at,
                "complaint",
                TITLES.get(StepKind(step.kind), step.get_kind_display()),
                detail,
                by_id=step.created_by_id,
                link=("complaints:detail", complaint.pk),
            )
        )
    return entries
