"""Missing pages: a child's missing history, recording an episode and a return, offering and
recording the return home interview, CERAR's answer to a prompt, and the partnership's list of
return home interviews. Each view finds its record through an access helper (scope, then
permission), submits through the form's service, audits and redirects."""

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cepathway.children.access import child_for
from cepathway.core import audit, pages
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest
from cepathway.ui.listing import Sort, read_listing

from . import rules, services
from .access import episode_for, interview_for
from .forms import ConsiderationForm, CorrectEpisodeForm, EpisodeForm, InterviewForm, ReturnForm
from .models import ConsiderationOutcome, InterviewState, MissingEpisode, ReturnInterview, TriggerConsideration


@require_GET
def history(request: AuthedRequest, child_pk: UUID) -> HttpResponse:
    """Every episode of the child, newest first, with its return and interview; the trigger."""
    user = request.user
    child = child_for(user, child_pk, permission=rules.VIEW)
    episodes = list(
        MissingEpisode.objects.visible_to(user)
        .filter(child=child)
        .select_related("interview", "interview__interviewer", "created_by")
        .order_by("-started_at")
    )
    considerations = list(
        TriggerConsideration.objects.visible_to(user).filter(child=child).select_related("created_by")
    )
    audit.viewed(user, child, detail="missing history")
    interviews = [episode.interview for episode in episodes if _interview_of(episode) is not None]
    if episodes:
        audit.viewed_each(user, [*episodes, *interviews], detail="missing history")
    trigger = services.trigger_for(child.partnership_id)
    now = timezone.now()
    in_window = sum(1 for episode in episodes if episode.started_at >= now - timedelta(days=trigger.days))
    context = {
        "child": child,
        "episodes": episodes,
        "considerations": considerations,
        "accounts": [interview for interview in interviews if interview.child_said],
        "trigger": trigger,
        "in_window": in_window,
        "prompt": services.prompt_for(child, now),
        "hours": services.interview_hours(child.partnership_id),
        "may_record": user.has_perm(rules.RECORD_EPISODE, child),
        "may_interview": user.has_perm(rules.RECORD_INTERVIEW),
        "may_consider": user.has_perm(rules.CONSIDER, child),
        "contact_form": services.contact_form_address(child) if user.has_perm("referrals.submit_contact") else "",
        "now": now,
    }
    return render(request, "missing/history.html", context)


def _interview_of(episode: MissingEpisode) -> ReturnInterview | None:
    try:
        return episode.interview
    except ReturnInterview.DoesNotExist:
        return None


RECORD = pages.FormPage(
    "Record a missing episode",
    submit="Save the episode",
    saved="Missing episode saved.",
    hint="You can record it while the child is still missing, and record the return later.",
    audit_detail="recording a missing episode",
)


def record_episode(request: AuthedRequest, child_pk: UUID) -> HttpResponse:
    child = child_for(request.user, child_pk, permission=rules.RECORD_EPISODE)
    form = EpisodeForm(request.POST or None, initial={"risk_grading": "not_graded", "kind": "missing"})
    back = reverse("missing:history", args=[child.pk])
    return pages.form_page(request, child, form, RECORD, done=back, back=back, caption=child.full_name)


RETURN = pages.FormPage(
    "Record the return",
    submit="Save the return",
    saved=lambda episode: (
        "Return saved. The return home interview is due by "
        f"{timezone.localtime(episode.interview.due_by):%d %b %Y %H:%M}."
    ),
    audit_detail="recording the return",
)


def record_return(request: AuthedRequest, pk: UUID) -> HttpResponse:
    episode = episode_for(request.user, pk, permission=rules.RECORD_EPISODE)
    form = ReturnForm(request.POST or None, initial=ReturnForm.initial_for(episode))
    back = reverse("missing:history", args=[episode.child_id])
    caption = f"{episode.child.full_name}: {episode}"
    return pages.form_page(request, episode, form, RETURN, done=back, back=back, caption=caption)


CORRECT = pages.FormPage(
    "Correct the episode",
    submit="Save the changes",
    saved="Episode changed.",
    audit_detail="correcting a missing episode",
)


def correct_episode(request: AuthedRequest, pk: UUID) -> HttpResponse:
    episode = episode_for(request.user, pk, permission=rules.RECORD_EPISODE)
    form = CorrectEpisodeForm(request.POST or None, initial=CorrectEpisodeForm.initial_for(episode))
    back = reverse("missing:history", args=[episode.child_id])
    caption = f"{episode.child.full_name}: {episode}"
    return pages.form_page(request, episode, form, CORRECT, done=back, back=back, caption=caption)


INTERVIEW = pages.FormPage(
    "Return home interview",
    submit="Save the interview",
    saved="Return home interview saved.",
    intro_template="missing/includes/interview_intro.html",
)


def interview(request: AuthedRequest, pk: UUID) -> HttpResponse:
    record = interview_for(request.user, pk, permission=rules.RECORD_INTERVIEW)
    form = InterviewForm(request.POST or None, interview=record, initial=InterviewForm.initial_for(record))
    back = reverse("missing:history", args=[record.child_id])
    caption = f"{record.child.full_name}: {record.episode}"
    return pages.form_page(request, record, form, INTERVIEW, done=back, back=back, caption=caption, interview=record)


CONSIDER = pages.FormPage(
    "Consider the child exploitation checklist",
    submit="Save the decision",
    saved="Decision saved.",
    intro_template="missing/includes/consider_intro.html",
    audit_detail="considering a missing trigger",
)


def consider(request: AuthedRequest, child_pk: UUID) -> HttpResponse:
    child = child_for(request.user, child_pk, permission=rules.CONSIDER)
    form = ConsiderationForm(request.POST or None)
    back = reverse("missing:history", args=[child.pk])

    def done(consideration: TriggerConsideration) -> str:
        if consideration.outcome == ConsiderationOutcome.CHECKLIST_STARTED:
            return services.contact_form_address(child)
        return back

    context = {"prompt": services.prompt_for(child), "child": child}
    return pages.form_page(request, child, form, CONSIDER, done=done, back=back, caption=child.full_name, **context)


SORTS = (
    Sort("due", "Due by", ("due_by",)),
    Sort("child", "Child", ("child__last_name", "child__first_name", "due_by")),
)
STATE_FILTER = {"state": ["open", "done", "all"]}


def interviews_for(user: Any, state: str) -> Any:
    rows = ReturnInterview.objects.visible_to(user).select_related("child", "episode", "interviewer")
    if state in ("", "open"):
        rows = rows.still_open()
    elif state == "done":
        rows = rows.exclude(state__in=[InterviewState.TO_OFFER, InterviewState.OFFERED, InterviewState.ACCEPTED])
    return rows


@require_GET
def interview_list(request: AuthedRequest) -> HttpResponse:
    """The partnership's return home interviews, earliest due first (so the overdue come first)."""
    require(request.user, rules.VIEW_LIST)
    listing = read_listing(
        request, sorts=SORTS, default="due", filters=STATE_FILTER, filter_labels={"state": "Interviews"}
    )
    state = listing.filters["state"]
    rows = interviews_for(request.user, state)
    listing.paginate(rows)
    audit.listed(request.user, ReturnInterview, detail=f"return home interviews ({state or 'open'})")
    overdue = ReturnInterview.objects.visible_to(request.user).overdue().count()
    context = {"interviews": listing, "state": state or "open", "overdue": overdue, "now": timezone.now()}
    return render(request, "missing/interviews.html", context)
