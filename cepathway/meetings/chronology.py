"""What meetings add to a child's chronology: meetings scheduled, held and cancelled, status changes,
views recorded, safety plan actions and their progress, Level 2 flags, listings and decisions, and
the pathway's end. Each entry is one the person looking may see; given `latest`, each query reads
only its newest `latest` rows (children.chronology.newest)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Case, Q, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from cepathway.children.access import is_visible
from cepathway.children.chronology import Entry, newest, with_names
from cepathway.children.models import Child
from cepathway.policy.services import policy_for

from .child_summary import status_decisions
from .models import (
    Action,
    ActionUpdate,
    Level2Flag,
    Level2Item,
    Meeting,
    MeetingState,
    Pathway,
    VoiceRecord,
)

# The newest time at which a meeting makes an entry: scheduled, held, cancelled.
MEETING_LAST_ENTRY = Greatest(
    "created_at",
    Coalesce("held_at", "created_at"),
    Case(When(state=MeetingState.CANCELLED, then="modified_at"), default="created_at"),
)
# The same for a Level 2 listing: listed, then its decisions.
LISTING_LAST_ENTRY = Greatest("created_at", Case(When(~Q(decisions=""), then="modified_at"), default="created_at"))


def chronology_entries(child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]:
    """Meetings, status changes, views, actions and closures that `user` may see, for the timeline."""
    if not is_visible(child, user):
        return []
    entries: list[Entry] = []
    meetings = with_names(Meeting.objects.visible_to(user).filter(child=child), "chair")
    for meeting in newest(meetings, latest, MEETING_LAST_ENTRY):
        link = ("meetings:detail", meeting.pk)
        entries.append(
            Entry(
                meeting.created_at,
                "meeting",
                f"{meeting.get_kind_display()} scheduled",
                f"For {timezone.localtime(meeting.scheduled_for):%-d %B %Y %H:%M}, chaired by {meeting.chair}",
                by_id=meeting.created_by_id,
                link=link,
            )
        )
        if meeting.held_at:
            entries.append(
                Entry(
                    meeting.held_at, "meeting", f"{meeting.get_kind_display()} held", by=str(meeting.chair), link=link
                )
            )
        if meeting.state == MeetingState.CANCELLED:
            entries.append(
                Entry(
                    meeting.modified_at,
                    "meeting",
                    f"{meeting.get_kind_display()} cancelled",
                    meeting.cancelled_reason,
                    by_id=meeting.modified_by_id,
                    link=link,
                )
            )
    # Read with the card's (child_summary): all of them, as the card needs all to say since when.
    for decision in status_decisions(child, user)[:latest]:
        entries.append(
            Entry(
                decision.decided_at,
                "status",
                f"CE status: {decision.get_previous_status_display()} to {decision.get_status_display()}",
                decision.rationale[:300],
                by_id=decision.created_by_id,
                link=("meetings:detail", decision.meeting_id),
            )
        )
    voices = VoiceRecord.objects.visible_to(user).filter(child=child)
    for voice in newest(voices, latest, "created_at"):
        entries.append(
            Entry(
                voice.created_at,
                "views",
                f"Views of {voice.get_voice_of_display().lower()} recorded",
                voice.get_method_display(),
                by_id=voice.created_by_id,
                link=("meetings:detail", voice.meeting_id),
            )
        )
    actions = with_names(Action.objects.visible_to(user).filter(child=child), "owner")
    for action in newest(actions, latest, "created_at"):
        entries.append(
            Entry(
                action.created_at,
                "action",
                "Safety plan action agreed",
                f"{action.description[:200]} (owner {action.owner}, due {action.due_on:%-d %B %Y})",
                by_id=action.created_by_id,
                link=("meetings:action", action.pk),
            )
        )
    updates = ActionUpdate.objects.visible_to(user).filter(action__child=child)
    for update in newest(updates, latest, "created_at"):
        entries.append(
            Entry(
                update.created_at,
                "action",
                f"Action progress: {update.get_status_after_display()}",
                update.note[:200],
                by_id=update.created_by_id,
                link=("meetings:action", update.action_id),
            )
        )
    entries.extend(_level2_entries(child, user, latest))
    closed = Pathway.objects.visible_to(user).filter(child=child, closed_at__isnull=False)
    for pathway in newest(closed, latest, "closed_at"):
        entries.append(
            Entry(
                pathway.closed_at,
                "closure",
                "CE pathway ended",
                pathway.get_closure_reason_display(),
                "",
                by_id=pathway.modified_by_id,
            )
        )
    return entries


def _level2_entries(child: Child, user: Any, latest: int | None) -> list[Entry]:
    """Flags for Level 2, listings on its agenda and the panel's decisions."""
    entries: list[Entry] = []
    flags = Level2Flag.objects.visible_to(user).filter(child=child)
    for flag in newest(flags, latest, "created_at"):
        entries.append(
            Entry(flag.created_at, "level2", "Flagged for Level 2", flag.reason[:200], "", by_id=flag.created_by_id)
        )
    items = Level2Item.objects.visible_to(user).filter(child=child).select_related("level2_meeting")
    policy = policy_for(child.partnership_id)
    # Who may open Level 2 pages is a matter of role, not of the item: asked once, not per listing.
    may_open = user.has_perm("meetings.view_level2")
    for item in newest(items, latest, LISTING_LAST_ENTRY):
        link = ("meetings:level2-item", item.pk) if may_open else None
        meeting = item.level2_meeting
        entries.append(
            Entry(item.created_at, "level2", f"On the agenda of the {meeting}", item.reason_label(policy), link=link)
        )
        if item.decisions:
            entries.append(
                Entry(
                    item.modified_at,
                    "level2",
                    f"Decisions at the {meeting}",
                    item.decisions[:200],
                    by_id=item.modified_by_id,
                    link=link,
                )
            )
    return entries
