"""What missing adds to a child's chronology, for those who may read the missing history: each
episode (went missing, returned), each interview done (completed or declined) and CERAR's decisions."""

from collections.abc import Iterable
from typing import Any

from cepathway.children.access import read_once
from cepathway.children.chronology import Entry, newest
from cepathway.children.models import Child

from . import rules
from .models import InterviewState, MissingEpisode, TriggerConsideration


def episodes_of(child: Child, user: Any) -> list[MissingEpisode]:
    """Every episode of `child` that `user` may see, newest first, each with its interview: read
    once for one page (the card and the chronology both need them; a child has a few a year)."""

    def read() -> list[MissingEpisode]:
        rows = MissingEpisode.objects.visible_to(user).filter(child=child).select_related("interview")
        return list(rows.order_by("-started_at", "pk"))

    return read_once(child, user, "missing episodes", read)


DONE = (InterviewState.COMPLETED, InterviewState.DECLINED)
TITLES = {
    InterviewState.COMPLETED: "Return home interview completed",
    InterviewState.DECLINED: "Return home interview declined",
}


def chronology_entries(child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]:
    if not user.has_perm(rules.VIEW, child):
        return []
    entries: list[Entry] = []
    link = ("missing:history", child.pk)
    # Each episode comes with its interview, read once for the child's page (the card counts them).
    episodes = episodes_of(child, user)
    for episode in episodes[:latest] if latest is not None else episodes:
        what = f"{episode.get_kind_display()} from {episode.get_missing_from_display().lower()}"
        risk = f"Police risk: {episode.get_risk_grading_display().lower()}" if episode.reported_to_police else ""
        entries.append(
            Entry(
                episode.started_at,
                "missing",
                what,
                risk,
                link=link,
                by_id=episode.created_by_id,
            )
        )
        if episode.returned_at:
            found = f"Found: {episode.where_found}" if episode.where_found else ""
            entries.append(
                Entry(episode.returned_at, "missing", f"Returned ({episode.duration_text.lower()})", found, link=link)
            )
        interview = getattr(episode, "interview", None)
        if interview is not None and interview.state in DONE:
            at = interview.completed_at or interview.modified_at
            title = TITLES[interview.state]
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
