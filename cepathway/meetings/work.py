"""What meetings put on each person's "my work" page, and on a child's chronology."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cepathway.children.chronology import Entry
from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.work import Panel

from .models import (
    Action,
    ActionUpdate,
    Level2Flag,
    Level2Item,
    Meeting,
    MeetingState,
    Pathway,
    StatusDecision,
    VoiceRecord,
)
from .presenters import meetings_chaired_by, meetings_invited_to, my_open_actions, overdue_actions, overdue_reviews

SHOWN = 25
ACTIONS = "meetings/panels/actions.html"
MEETINGS = "meetings/panels/meetings.html"
OVERDUE = "meetings/panels/overdue.html"


def my_actions(request: HttpRequest) -> Panel | None:
    """Actions I own, overdue first."""
    today = timezone.localdate()
    rows = my_open_actions(request.user, today)
    if not rows.exists():
        return None
    audit.listed(request.user, Action, detail="my safety plan actions")
    context = {"actions": list(rows[:SHOWN]), "today": today, "empty": ""}
    return Panel("Safety plan actions I own", ACTIONS, context, order=20)


def meetings_i_chair(request: HttpRequest) -> Panel | None:
    today = timezone.localdate()
    rows = meetings_chaired_by(request.user)
    if not rows.exists():
        return None
    audit.listed(request.user, Meeting, detail="meetings and reviews I chair")
    context = {"meetings": list(rows[:SHOWN]), "today": today, "empty": ""}
    return Panel("Meetings and reviews I chair", MEETINGS, context, order=25)


def meetings_im_invited_to(request: HttpRequest) -> Panel | None:
    today = timezone.localdate()
    rows = meetings_invited_to(request.user)
    if not rows.exists():
        return None
    audit.listed(request.user, Meeting, detail="meetings I am invited to")
    context = {"meetings": list(rows[:SHOWN]), "today": today, "empty": "", "show_chair": True}
    return Panel("Meetings I am invited to", MEETINGS, context, order=30)


def overdue_for_managers(request: HttpRequest) -> Panel | None:
    if not request.user.has_perm("meetings.view_overdue_overview"):
        return None
    today = timezone.localdate()
    reviews = list(overdue_reviews(request.user, today)[:SHOWN])
    actions = list(overdue_actions(request.user, today)[:SHOWN])
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    return Panel("Overdue across the partnership", OVERDUE, overdue_panel_context(reviews, actions, today), order=15)


def overdue_panel_context(reviews: list[Meeting], actions: list[Action], today: Any, link: bool = True) -> dict:
    return {
        "reviews": reviews,
        "actions": actions,
        "link": link,
        "reviews_panel": {
            "title": "Overdue reviews",
            "context": {"meetings": reviews, "today": today, "show_chair": True, "empty": "No review is overdue."},
        },
        "actions_panel": {
            "title": "Overdue actions",
            "context": {"actions": actions, "today": today, "show_owner": True, "empty": "No action is overdue."},
        },
    }


# --- Chronology ----------------------------------------------------------------------------------


def chronology_entries(child: Child, user: Any) -> Iterable[Entry]:
    """Meetings, status changes, views, actions and closures that `user` may see, for the timeline."""
    if not Child.objects.visible_to(user).filter(pk=child.pk).exists():
        return []
    entries: list[Entry] = []
    meetings = Meeting.objects.visible_to(user).filter(child=child).select_related("chair")
    for meeting in meetings:
        url = reverse("meetings:detail", args=[meeting.pk])
        entries.append(
            Entry(
                meeting.created_at,
                "meeting",
                f"{meeting.get_kind_display()} scheduled",
                f"For {timezone.localtime(meeting.scheduled_for):%-d %B %Y %H:%M}, chaired by {meeting.chair}",
                url,
                str(meeting.created_by or ""),
            )
        )
        if meeting.held_at:
            entries.append(
                Entry(meeting.held_at, "meeting", f"{meeting.get_kind_display()} held", "", url, str(meeting.chair))
            )
        if meeting.state == MeetingState.CANCELLED:
            entries.append(
                Entry(
                    meeting.modified_at,
                    "meeting",
                    f"{meeting.get_kind_display()} cancelled",
                    meeting.cancelled_reason,
                    url,
                    str(meeting.modified_by or ""),
                )
            )
    for decision in StatusDecision.objects.visible_to(user).filter(child=child).select_related("created_by"):
        entries.append(
            Entry(
                decision.decided_at,
                "status",
                f"CE status: {decision.get_previous_status_display()} to {decision.get_status_display()}",
                decision.rationale[:300],
                reverse("meetings:detail", args=[decision.meeting_id]),
                str(decision.created_by or ""),
            )
        )
    for voice in VoiceRecord.objects.visible_to(user).filter(child=child).select_related("created_by"):
        entries.append(
            Entry(
                voice.created_at,
                "views",
                f"Views of {voice.get_voice_of_display().lower()} recorded",
                voice.get_method_display(),
                reverse("meetings:detail", args=[voice.meeting_id]),
                str(voice.created_by or ""),
            )
        )
    for action in Action.objects.visible_to(user).filter(child=child).select_related("owner", "created_by"):
        url = reverse("meetings:action", args=[action.pk])
        entries.append(
            Entry(
                action.created_at,
                "action",
                "Safety plan action agreed",
                f"{action.description[:200]} (owner {action.owner}, due {action.due_on:%-d %B %Y})",
                url,
                str(action.created_by or ""),
            )
        )
    updates = ActionUpdate.objects.visible_to(user).filter(action__child=child).select_related("created_by")
    for update in updates:
        entries.append(
            Entry(
                update.created_at,
                "action",
                f"Action progress: {update.get_status_after_display()}",
                update.note[:200],
                reverse("meetings:action", args=[update.action_id]),
                str(update.created_by or ""),
            )
        )
    entries.extend(_level2_entries(child, user))
    for pathway in Pathway.objects.visible_to(user).filter(child=child, closed_at__isnull=False):
        entries.append(
            Entry(
                pathway.closed_at,
                "closure",
                "CE pathway ended",
                pathway.get_closure_reason_display(),
                "",
                str(pathway.modified_by or ""),
            )
        )
    return entries


def _level2_entries(child: Child, user: Any) -> list[Entry]:
    """Flags for Level 2, listings on its agenda and the panel's decisions."""
    entries: list[Entry] = []
    for flag in Level2Flag.objects.visible_to(user).filter(child=child).select_related("created_by"):
        entries.append(
            Entry(flag.created_at, "level2", "Flagged for Level 2", flag.reason[:200], "", str(flag.created_by or ""))
        )
    items = Level2Item.objects.visible_to(user).filter(child=child).select_related("level2_meeting", "created_by")
    for item in items:
        url = reverse("meetings:level2-item", args=[item.pk]) if user.has_perm("meetings.view_level2", item) else ""
        meeting = item.level2_meeting
        entries.append(
            Entry(item.created_at, "level2", f"On the agenda of the {meeting}", item.get_reason_display(), url, "")
        )
        if item.decisions:
            entries.append(
                Entry(
                    item.modified_at,
                    "level2",
                    f"Decisions at the {meeting}",
                    item.decisions[:200],
                    url,
                    str(item.modified_by or ""),
                )
            )
    return entries
