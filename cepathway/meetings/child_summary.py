"""What meetings add to the card at the top of a child's page (children.summary): the CE status
since when and its types of exploitation, the next meeting with its chair and whether it is
overdue, the open safety plan actions, and the pages about the child's pathway.

Registered in MeetingsConfig.ready(). Everything is read through `visible_to`, so the card holds
only what the person looking may see.
"""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from cepathway.children.access import is_visible, read_once
from cepathway.children.models import Child
from cepathway.children.summary import Link, NextMeeting, OpenAction, SummaryPart
from cepathway.policy.wording import role_name

from .models import Action, Meeting, StatusDecision
from .pathway import is_waiting_for_level1


def status_since(decisions: list[StatusDecision], status: str) -> StatusDecision | None:
    """The decision that set the child's current status (newest first in `decisions`): the earliest
    of the latest run of outcomes that gave that status, as a review that keeps a status does not
    restart it."""
    since = None
    for decision in decisions:
        if decision.status != status:
            break
        since = decision
    return since


def status_decisions(child: Child, user: Any) -> list[StatusDecision]:
    """Every status decision about `child` that `user` may see, newest first: the card reads them all
    (since when the status holds) and the chronology the newest, so one page reads them once."""

    def read() -> list[StatusDecision]:
        rows = StatusDecision.objects.visible_to(user).filter(child=child)
        return list(rows.order_by("-decided_at"))

    return read_once(child, user, "status decisions", read)


def chair_text(chair: Any) -> str:
    """The chair as people say it: their name and role, in the policy's words."""
    return f"{chair.display_name} ({role_name(chair.role)})" if chair.role else chair.display_name


def child_summary(child: Child, user: Any) -> SummaryPart | None:
    if not is_visible(child, user):
        return None
    today = timezone.localdate()
    decisions = status_decisions(child, user)
    since = status_since(decisions, child.ce_status)
    latest = decisions[0] if decisions else None
    upcoming = (
        Meeting.objects.visible_to(user)
        .filter(child=child)
        .scheduled()
        .select_related("chair")
        .order_by("scheduled_for")
        .first()
    )
    actions = Action.objects.visible_to(user).filter(child=child).open().overdue_first(today)
    pathway_url = reverse("meetings:child", args=[child.pk])
    return SummaryPart(
        status_since=since.decided_at if since else None,
        ce_types=latest.ce_type_labels if latest and latest.status == child.ce_status else [],
        next_meeting=_next_meeting(upcoming, today) if upcoming else None,
        open_actions=[
            OpenAction(
                description=action.description,
                owner=f"{action.owner.display_name} ({action.owner_agency})",
                due_on=action.due_on,
                is_overdue=action.is_overdue(today),
                url=reverse("meetings:action", args=[action.pk]),
            )
            for action in actions.select_related("owner", "owner_agency")
        ],
        links=[
            *_booking_links(child, user),
            Link("CE pathway", pathway_url),
            Link("Safety plan", f"{pathway_url}#safety-plan"),
            Link("Meetings", f"{pathway_url}#meetings"),
        ],
    )


def _booking_links(child: Child, user: Any) -> list[Link]:
    """For whoever books Level 1 meetings, while the child waits for one."""
    if not user.has_perm("meetings.schedule_level1", child) or not is_waiting_for_level1(child):
        return []
    return [Link("Schedule a Level 1 meeting", reverse("meetings:schedule-level1", args=[child.pk]))]


def _next_meeting(meeting: Meeting, today: Any) -> NextMeeting:
    return NextMeeting(
        label=meeting.get_kind_display(),
        scheduled_for=meeting.scheduled_for,
        due_by=meeting.due_by,
        chair=chair_text(meeting.chair),
        is_overdue=meeting.is_overdue(today),
        url=reverse("meetings:detail", args=[meeting.pk]),
    )
