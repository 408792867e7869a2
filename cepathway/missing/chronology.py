"""What missing adds to a child's chronology, for those who may read the missing history: each
episode (went missing, returned), each interview done (completed or declined) and CERAR's decisions."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from cepathway.children.chronology import Entry, newest
from cepathway.children.models import Child

from . import rules
from .models import InterviewState, MissingEpisode, ReturnInterview, TriggerConsideration


def chronology_entries(child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]:
    if not user.has_perm(rules.VIEW, child):
        return []
    entries: list[Entry] = []
    link = ("missing:history", child.pk)
    episodes = newest(MissingEpisode.objects.visible_to(user).filter(child=child), latest, "started_at")
    for episode in episodes:
        what = f"{episode.get_kind_display()} from {episode.get_missing_from_display().lower()}"
        risk = f"; police risk: {episode.get_risk_grading_display().lower()}" if episode.reported_to_police else ""
        entries.append(
            Entry(
                episode.started_at,
                "missing",
                f"Went missing: {what.lower()}",
                risk.lstrip("; "),
                link=link,
                by_id=episode.created_by_id,
            )
        )
        if episode.returned_at:
            found = f"Found: {episode.where_found}" if episode.where_found else ""
            entries.append(
                Entry(episode.returned_at, "missing", f"Returned ({episode.duration_text.lower()})", found, link=link)
            )
    done = ReturnInterview.objects.visible_to(user).filter(
        child=child, state__in=[InterviewState.COMPLETED, InterviewState.DECLINED]
    )
    for interview in newest(done, latest, "modified_at"):
        at = interview.completed_at or interview.modified_at
        title = (
            "Return home interview completed"
            if interview.state == InterviewState.COMPLETED
            else "Return home interview declined"
        )
        detail = "Mentions exploitation" if interview.mentions_exploitation else ""
        entries.append(Entry(at, "missing", title, detail, link=link, by_id=interview.modified_by_id))
    considered = TriggerConsideration.objects.visible_to(user).filter(child=child)
    for consideration in newest(considered, latest, "created_at"):
        title = f"CERAR considered the missing history: {consideration.get_outcome_display().lower()}"
        entries.append(
            Entry(
                consideration.created_at,
                "missing",
                title,
                consideration.reason,
                link=link,
                by_id=consideration.created_by_id,
            )
        )
    return entries


def _now() -> Any:
    return timezone.now()
