"""Submission pages: submit information, what you submitted, the queue waiting to be graded, and
grading. Each view parses, authorises, calls the service, audits and redirects."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.models import StaleRecordError
from cepathway.core.pages import submit as submit_form
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for

from ..models import SubjectKind, Submission, is_handler
from . import services
from .access import subject_to_link, submission_for, submission_to_grade
from .forms import GradingForm, SubmissionForms
from .readback import history, parts_of, referral_prefill

SHOWN = 100


def intelligence_home(request: AuthedRequest) -> HttpResponse:
    services.require_submitter(request.user)
    waiting = None
    if is_handler(request.user):
        waiting = waiting_for(request.user).count()
    return render(request, "intelligence/submissions/home.html", {"waiting": waiting})


def waiting_for(user: Any) -> Any:
    """The submissions of the handler's partnership waiting to be graded, oldest first."""
    rows = Submission.objects.visible_to(user).waiting().filter(partnership_id=user.partnership_id)
    return rows.select_related("submitter_agency").order_by("submitted_at", "pk")


def submit_information(request: AuthedRequest) -> HttpResponse:
    services.require_submitter(request.user)
    forms = SubmissionForms(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and forms.is_valid():
        try:
            submission = forms.submit()
        except RuleError as error:
            forms.about.add_error(error.field if error.field in forms.about.fields else None, error.message)
        else:
            return redirect("intelligence:submission-sent", pk=submission.pk)
    policy = policy_for(request.user.partnership_id)
    context = {"forms": forms, "form": forms.about, "all_forms": forms.all_forms, "policy": policy}
    return render(request, "intelligence/submissions/submit.html", context)


def submission_sent(request: AuthedRequest, pk: UUID) -> HttpResponse:
    submission = submission_for(request.user, pk)
    audit.viewed(request.user, submission, detail="confirmation")
    return render(request, "intelligence/submissions/sent.html", {"submission": submission})


def my_submissions(request: AuthedRequest) -> HttpResponse:
    services.require_submitter(request.user)
    rows = Submission.objects.filter(submitted_by=request.user).order_by("-submitted_at", "pk")
    shown = list(rows[:SHOWN])
    audit.listed(request.user, Submission, detail="my submissions")
    return render(request, "intelligence/submissions/mine.html", {"submissions": shown, "more": len(shown) == SHOWN})


def submission_detail(request: AuthedRequest, pk: UUID) -> HttpResponse:
    submission = submission_for(request.user, pk)
    audit.viewed(request.user, submission)
    context = _readback(request, submission)
    return render(request, "intelligence/submissions/detail.html", context)


def _readback(request: AuthedRequest, submission: Submission) -> dict[str, Any]:
    user = request.user
    handles = is_handler(user) and user.partnership_id == submission.partnership_id
    return {
        "submission": submission,
        "parts": parts_of(
            submission, match_link=match_link if handles else None, children_shown=children_seen_by(user, submission)
        ),
        "shows_grading": handles,
        "may_grade": services.may_grade(user, submission),
        "revisions": history(submission) if handles else [],
        "readers": submission.handling_readers.all() if handles else [],
        "mine": submission.submitted_by_id == user.pk,
    }


def children_seen_by(user: Any, submission: Submission) -> Any:
    """Which of the children the submission is linked to `user` may see (one query)."""
    linked = [pk for pk in submission.subjects.values_list("child_id", flat=True) if pk]
    seen = set(Child.objects.visible_to(user).filter(pk__in=linked).values_list("pk", flat=True)) if linked else set()
    return lambda child: child.pk in seen


MATCHED_KINDS = {
    "SubmissionSubject": "subject",
    "SubmissionPlace": "place",
    "SubmissionVehicle": "vehicle",
    "SubmissionPhone": "phone",
}


def match_link(part: Any) -> tuple[str, str]:
    """Where the handler links one thing a submission names to a record, and the link's words: a
    child to the child's record (here), anything else to the registers part's matching page."""
    kind = MATCHED_KINDS.get(type(part).__name__)
    if kind == "subject" and part.kind == SubjectKind.CHILD:
        return reverse("intelligence:subject-child", args=[part.pk]), "Link to a child's record"
    if kind is None or (kind == "subject" and part.kind != SubjectKind.PERSON_OF_CONCERN):
        return "", ""
    try:
        return reverse("intelligence:match-item", args=[kind, part.pk]), "Find matches"
    except NoReverseMatch:
        return "", ""


def triage_queue(request: AuthedRequest) -> HttpResponse:
    if not is_handler(request.user):
        raise PermissionDenied
    rows = waiting_for(request.user)
    shown = list(rows[:SHOWN])
    audit.listed(request.user, Submission, detail="waiting to be graded")
    context = {"submissions": shown, "total": rows.count() if len(shown) == SHOWN else len(shown)}
    return render(request, "intelligence/submissions/queue.html", context)


def triage(request: AuthedRequest, pk: UUID) -> HttpResponse:
    submission = submission_to_grade(request.user, pk)
    may_grade = services.may_grade(request.user, submission)
    if request.method == "POST" and not may_grade:
        raise PermissionDenied
    if request.method == "POST" and "record_referral" in request.POST:
        return record_referral(request, submission)
    form = GradingForm(request.POST or None, submission=submission) if may_grade else None
    was_graded = submission.is_graded
    if form is not None and submit_form(request, form, submission):
        messages.success(request, "Change saved." if was_graded else "Grading saved.")
        return redirect("intelligence:triage", pk=submission.pk)
    audit.viewed(request.user, submission, detail="grading")
    context = {
        **_readback(request, submission),
        "form": form,
        "referral_url": reverse("referrals:new") + referral_prefill(submission),
        "may_refer": request.user.has_perm("referrals.submit_contact"),
        "referrals_made": _referrals_made(request, submission),
    }
    return render(request, "intelligence/submissions/triage.html", context)


def link_child(request: AuthedRequest, pk: UUID) -> HttpResponse:
    """Link a child named in a submission to the child's record: search the children the handler
    may see, and choose one (a button per child, so it works without JavaScript)."""
    subject = subject_to_link(request.user, pk)
    error = ""
    if request.method == "POST":
        child = Child.objects.visible_to(request.user).filter(pk=_uuid(request.POST.get("child"))).first()
        if child is None:
            error = "Choose a child from the list"
        else:
            try:
                services.link_child(subject, child, by=request.user)
            except RuleError as refusal:
                error = refusal.message
            else:
                messages.success(request, f"Linked to {child.full_name}'s record.")
                return redirect("intelligence:triage", pk=subject.submission_id)
    words = request.GET.get("q", request.POST.get("q", "")) if request.GET or request.POST else subject.name
    found = list(services.child_candidates(request.user, words)) if words else []
    audit.viewed(request.user, subject, detail="linking to a child's record")
    if found:
        audit.viewed_each(request.user, found, detail="offered as the child named in an intelligence submission")
    context = {"subject": subject, "q": words, "found": found, "error": error}
    return render(request, "intelligence/submissions/link_child.html", context)


def _uuid(value: Any) -> Any:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _referrals_made(request: AuthedRequest, submission: Submission) -> list[Any]:
    found = list(services.referrals_to_record(submission, request.user)[: services.REFERRALS_OFFERED])
    if found:
        audit.viewed_each(request.user, found, detail="offered as the referral started from an intelligence submission")
    return found


def record_referral(request: AuthedRequest, submission: Submission) -> HttpResponse:
    """The handler notes which referral they made from the submission (a radio per referral they made)."""
    from cepathway.referrals.models import Referral

    referral = Referral.objects.visible_to(request.user).filter(pk=_uuid(request.POST.get("referral"))).first()
    try:
        if referral is None:
            raise RuleError("Choose the referral you made", field="referral")
        services.record_referral(submission, referral, by=request.user, version=_int(request.POST.get("version")))
    except RuleError as refusal:
        messages.error(request, refusal.message)
    except StaleRecordError:
        messages.error(request, "Someone else saved this submission since you opened it: check, then choose again.")
    else:
        messages.success(request, f"Referral {referral.reference} recorded on this submission.")
    return redirect("intelligence:triage", pk=submission.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
