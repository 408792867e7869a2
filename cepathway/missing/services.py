"""Recording missing episodes, returns and return home interviews, and working out the triggers
that prompt CERAR. Each change is one transaction, audited; services take the acting user (`by`).

Every rule is applied with the policy of the child's own partnership (`policy_for`):
`timescales.return_interview_hours` sets when an interview is due, and
`timescales.missing_trigger_episodes` in `timescales.missing_trigger_days` the trigger.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Child, InvolvementKind
from cepathway.children.services import involve
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify
from cepathway.people.models import Role, User
from cepathway.policy.services import policy_for

from .models import (
    ConsiderationOutcome,
    InterviewState,
    MissingEpisode,
    ReturnInterview,
    TriggerConsideration,
)

EMAIL = "missing/email/"
INDEPENDENCE = (
    "The child's allocated social worker cannot conduct their return home interview: it must be "
    "someone independent of the child's care (DfE statutory guidance on children who run away or go "
    "missing from home or care, 2014). Choose someone else, or name the commissioned service."
)


# --- Policy ---------------------------------------------------------------------------------------


def interview_hours(partnership_id: Any) -> int:
    return policy_for(partnership_id).timescales.return_interview_hours


@dataclass(frozen=True)
class Trigger:
    episodes: int
    days: int

    @property
    def text(self) -> str:
        return f"{self.episodes} missing episode{'s' if self.episodes != 1 else ''} in {self.days} days"


def trigger_for(partnership_id: Any) -> Trigger:
    timescales = policy_for(partnership_id).timescales
    return Trigger(timescales.missing_trigger_episodes, timescales.missing_trigger_days)


# --- Episodes -------------------------------------------------------------------------------------


@dataclass
class EpisodeDetails:
    kind: str
    missing_from: str
    started_at: datetime
    returned_at: datetime | None = None
    where_found: str = ""
    reported_to_police: bool = True
    police_reference: str = ""
    risk_grading: str = "not_graded"
    reported_by_name: str = ""
    reported_by_organisation: str = ""
    notes: str = ""


def _check_times(started_at: datetime, returned_at: datetime | None, child: Child) -> None:
    now = timezone.now()
    if started_at > now + timedelta(minutes=5):
        raise RuleError("The time the child went missing must be in the past", field="started_on")
    born = child.date_of_birth
    if born and timezone.localtime(started_at).date() < born:  # a mistyped year, such as 0202
        raise RuleError(f"Enter a date no earlier than the child's date of birth, {born:%-d %B %Y}", field="started_on")
    if returned_at is not None:
        if returned_at < started_at:
            raise RuleError("The return must be after the child went missing", field="returned_on")
        if returned_at > now + timedelta(minutes=5):
            raise RuleError("The time of the return must be in the past", field="returned_on")


def record_episode(child: Child, details: EpisodeDetails, *, by: Any) -> MissingEpisode:
    """Record an episode (still missing when `returned_at` is empty); a return brings its interview.
    Tells the child's workers, and CERAR when the episode meets the partnership's trigger."""
    _check_times(details.started_at, details.returned_at, child)
    with transaction.atomic():
        episode = MissingEpisode(child=child, **details.__dict__)
        episode.save_tracked(by)
        audit.created(by, episode)
        if episode.returned_at is not None:
            _open_interview(episode, by=by)
        _tell_workers(episode, by=by)
        _tell_cerar_if_triggered(child, by=by)
    return episode


def record_return(
    episode: MissingEpisode,
    *,
    returned_at: datetime,
    where_found: str,
    police_reference: str,
    risk_grading: str,
    expected_version: int,
    by: Any,
) -> MissingEpisode:
    """Record (or correct) when and where the child was found; the interview's due time follows."""
    _check_times(episode.started_at, returned_at, episode.child)
    before = audit.snapshot(episode, ["returned_at", "where_found", "police_reference", "risk_grading"])
    with transaction.atomic():
        episode.returned_at = returned_at
        episode.where_found = where_found
        episode.police_reference = police_reference
        episode.risk_grading = risk_grading
        episode.save_versioned(by, expected_version)
        changed = audit.changed_fields(before, audit.snapshot(episode, before))
        audit.changed(by, episode, changed, detail="return recorded")
        interview = ReturnInterview.objects.filter(episode=episode).first()
        if interview is None:
            _open_interview(episode, by=by)
        elif interview.is_open and "returned_at" in changed:
            interview.due_by = returned_at + timedelta(hours=interview_hours(episode.child.partnership_id))
            interview.save_tracked(by)
            audit.changed(by, interview, ["due_by"], detail="the return's time was corrected")
    return episode


CORRECTABLE = (
    "kind",
    "missing_from",
    "started_at",
    "reported_to_police",
    "reported_by_name",
    "reported_by_organisation",
    "notes",
)


def correct_episode(episode: MissingEpisode, values: dict[str, Any], *, expected_version: int, by: Any) -> Any:
    """Correct what was recorded about an episode (not its return: `record_return`)."""
    _check_times(values["started_at"], episode.returned_at, episode.child)
    before = audit.snapshot(episode, CORRECTABLE)
    with transaction.atomic():
        for name in CORRECTABLE:
            setattr(episode, name, values[name])
        if not episode.reported_to_police:
            episode.risk_grading = "not_graded"
        episode.save_versioned(by, expected_version)
        audit.changed(by, episode, audit.changed_fields(before, audit.snapshot(episode, CORRECTABLE)))
    return episode


def _open_interview(episode: MissingEpisode, *, by: Any) -> ReturnInterview:
    assert episode.returned_at is not None
    hours = interview_hours(episode.child.partnership_id)
    interview = ReturnInterview(
        episode=episode, child=episode.child, due_by=episode.returned_at + timedelta(hours=hours)
    )
    interview.save_tracked(by)
    audit.created(by, interview, detail=f"due within {hours} hours of the return")
    return interview


# --- Interviews -----------------------------------------------------------------------------------


@dataclass
class InterviewDetails:
    state: str
    interviewer: User | None = None
    interviewer_name: str = ""
    interviewer_organisation: str = ""
    offered_at: datetime | None = None
    completed_at: datetime | None = None
    child_said: str = ""
    mentions_exploitation: bool = False


FIELDS = (
    "state",
    "interviewer",
    "interviewer_name",
    "interviewer_organisation",
    "offered_at",
    "completed_at",
    "child_said",
    "mentions_exploitation",
)


def check_independent(child: Child, interviewer: Any) -> None:
    if interviewer is not None and interviewer.pk == child.allocated_social_worker_id:
        raise RuleError(INDEPENDENCE, field="interviewer")


def update_interview(interview: ReturnInterview, details: InterviewDetails, *, expected_version: int, by: Any) -> Any:
    """Offer, arrange or record the interview. Refused: an interviewer who is the child's allocated
    social worker; a state past "not yet offered" with nobody named; an offer without its time, or a
    completed interview without when and what the child said."""
    child = interview.child
    check_independent(child, details.interviewer)
    named = details.interviewer is not None or details.interviewer_name.strip()
    if details.state != InterviewState.TO_OFFER and not named:
        raise RuleError("Name who is offering the interview: a colleague, or a person and organisation", "interviewer")
    if details.state != InterviewState.TO_OFFER and details.offered_at is None:
        raise RuleError("Enter when the interview was offered", field="offered_on")
    if details.state == InterviewState.COMPLETED:
        if details.completed_at is None:
            raise RuleError("Enter when the interview was completed", field="completed_on")
        if not details.child_said.strip():
            raise RuleError("Enter what the child said", field="child_said")
    returned = interview.episode.returned_at
    for moment, name in ((details.offered_at, "offered_on"), (details.completed_at, "completed_on")):
        if moment is not None and returned is not None and moment < returned:
            raise RuleError("This must be after the child returned", field=name)
        if moment is not None and moment > timezone.now() + timedelta(minutes=5):
            raise RuleError("This must be in the past", field=name)
    if details.state != InterviewState.COMPLETED:
        details.completed_at = None
    before = audit.snapshot(interview, FIELDS)
    first_mention = details.mentions_exploitation and not interview.mentions_exploitation
    with transaction.atomic():
        for name in FIELDS:
            setattr(interview, name, getattr(details, name))
        if first_mention:
            interview.exploitation_noted_at = timezone.now()
        interview.save_versioned(by, expected_version)
        audit.changed(by, interview, audit.changed_fields(before, audit.snapshot(interview, FIELDS)))
        if details.interviewer is not None:
            involve(
                child,
                details.interviewer,
                InvolvementKind.NAMED,
                by=by,
                reason="Conducting a return home interview",
                source=interview,
            )
        if first_mention:
            _tell_cerar(child, "A return home interview mentions exploitation", by=by)
    return interview


# --- Triggers -------------------------------------------------------------------------------------


@dataclass
class Prompt:
    """Why CERAR is asked to consider the checklist for a child, and since when."""

    child_id: Any
    since: datetime
    reasons: list[str] = field(default_factory=list)
    child: Any = None


def prompts(children: Any, partnership_id: Any, now: datetime | None = None) -> list[Prompt]:
    """The children of `children` (a queryset, already scoped) with a prompt not yet considered:
    the trigger met by an episode recorded since CERAR last considered them, or an interview
    mentioning exploitation noted since. Three queries, whatever the number of children."""
    now = now or timezone.now()
    trigger = trigger_for(partnership_id)
    window = MissingEpisode.objects.filter(child__in=children, started_at__gte=now - timedelta(days=trigger.days))
    counted = window.values("child").annotate(n=Count("pk"), newest=Max("created_at")).filter(n__gte=trigger.episodes)
    found: dict[Any, Prompt] = {}
    for row in counted:
        found[row["child"]] = Prompt(
            row["child"], row["newest"], [f"{row['n']} missing episodes in {trigger.days} days"]
        )
    mentions = ReturnInterview.objects.filter(child__in=children, mentions_exploitation=True)
    for row in mentions.values("child").annotate(newest=Max("exploitation_noted_at")):
        if row["newest"] is None:
            continue
        prompt = found.setdefault(row["child"], Prompt(row["child"], row["newest"]))
        prompt.since = max(prompt.since, row["newest"])
        prompt.reasons.append("a return home interview mentions exploitation")
    if not found:
        return []
    considered = dict(
        TriggerConsideration.objects.filter(child_id__in=list(found))
        .values("child")
        .annotate(last=Max("created_at"))
        .values_list("child", "last")
    )
    waiting = [prompt for pk, prompt in found.items() if considered.get(pk) is None or considered[pk] < prompt.since]
    return sorted(waiting, key=lambda prompt: prompt.since, reverse=True)


def prompt_for(child: Child, now: datetime | None = None) -> Prompt | None:
    found = prompts(Child.objects.filter(pk=child.pk), child.partnership_id, now)
    return found[0] if found else None


def consider(child: Child, *, outcome: str, reason: str, by: Any) -> TriggerConsideration:
    """CERAR's answer to the child's prompt: the checklist started, or no further action (with why)."""
    if outcome == ConsiderationOutcome.NO_FURTHER_ACTION and not reason.strip():
        raise RuleError("Say why no further action is needed", field="reason")
    prompt = prompt_for(child)
    with transaction.atomic():
        consideration = TriggerConsideration(
            child=child,
            outcome=outcome,
            reason=reason,
            prompted_by="; ".join(prompt.reasons) if prompt else "considered without a prompt",
        )
        consideration.save_tracked(by)
        audit.created(by, consideration)
    return consideration


def contact_form_address(child: Child) -> str:
    """The contact form, filled with the child's name and why (referrals' PREFILLABLE fields)."""
    values = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "other_names": child.other_names,
        "concern": "Missing episodes: CERAR is considering the child exploitation checklist because of the "
        "child's missing history (see their missing episodes in the service).",
    }
    return reverse("referrals:new") + "?" + urlencode({key: value for key, value in values.items() if value})


# --- Who is told ----------------------------------------------------------------------------------


def _history_link(child: Child) -> str:
    return reverse("missing:history", args=[child.pk])


def _tell_workers(episode: MissingEpisode, *, by: Any) -> None:
    child = episode.child
    still = "is missing" if episode.is_still_missing else "was missing"
    message = (
        f"A child with the initials {child.initials} {still} ({episode.get_kind_display().lower()} from "
        f"{episode.get_missing_from_display().lower()}, {timezone.localtime(episode.started_at):%d %b %Y %H:%M})."
    )
    told: set[Any] = set()
    for worker in (child.allocated_social_worker, child.lead_professional):
        if worker is None or worker.pk in told:
            continue
        told.add(worker.pk)
        context = {"initials": child.initials, "episode": episode}
        email = EMAIL + "episode_recorded"
        sent = notify(
            worker,
            NotificationKind.NEW_ALERT,
            message,
            _history_link(child),
            email_stem=email,
            email_context=context,
            by=by,
        )
        if sent:
            audit.sent(by, episode, detail=f"missing episode recorded: told {worker}")


def cerar_leads(partnership_id: Any) -> Iterable[User]:
    return User.objects.filter(is_active=True, role=Role.CERAR_LEAD, agency__partnership_id=partnership_id)


def _tell_cerar(child: Child, why: str, *, by: Any) -> None:
    message = f"{why} for a child with the initials {child.initials}: consider the child exploitation checklist."
    for lead in cerar_leads(child.partnership_id):
        context = {"initials": child.initials, "why": why}
        sent = notify(
            lead,
            NotificationKind.NEW_ALERT,
            message,
            _history_link(child),
            email_stem=EMAIL + "trigger_met",
            email_context=context,
            by=by,
        )
        if sent:
            audit.sent(by, child, detail=f"missing trigger: told {lead}")


def _tell_cerar_if_triggered(child: Child, *, by: Any) -> None:
    trigger = trigger_for(child.partnership_id)
    since = timezone.now() - timedelta(days=trigger.days)
    if MissingEpisode.objects.filter(child=child, started_at__gte=since).count() >= trigger.episodes:
        _tell_cerar(child, f"The missing trigger ({trigger.text}) is met", by=by)


# --- Summaries ------------------------------------------------------------------------------------


def counts_since(child_ids: list[Any], since: datetime | None, window_start: datetime) -> dict[Any, dict[str, int]]:
    """For each child: episodes since `since`, in the window, still missing, interviews overdue."""
    episodes = (
        MissingEpisode.objects.filter(child_id__in=child_ids)
        .values("child")
        .annotate(
            recent=Count("pk", filter=Q(started_at__gte=since)) if since else Count("pk"),
            window=Count("pk", filter=Q(started_at__gte=window_start)),
            missing=Count("pk", filter=Q(returned_at__isnull=True)),
        )
    )
    found: dict[Any, dict[str, int]] = {
        row["child"]: {"recent": row["recent"], "window": row["window"], "missing": row["missing"], "overdue": 0}
        for row in episodes
    }
    overdue = ReturnInterview.objects.filter(child_id__in=child_ids).overdue().values("child").annotate(n=Count("pk"))
    for row in overdue:
        found.setdefault(row["child"], {"recent": 0, "window": 0, "missing": 0, "overdue": 0})["overdue"] = row["n"]
    return found
