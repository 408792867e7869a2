"""Pages for the meeting itself: the meeting page, attendance, agencies' contributions, the
discussion, the outcome, and what is printed or shared afterwards (minutes, the family summary)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cepathway.core import audit, pages
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from .. import access, forms, invitations, outcomes, presenters
from .booking import GET_POST
from .common import meeting_url


def meeting_detail(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id)
    context = presenters.meeting_context(meeting, request.user)
    audit.viewed(request.user, meeting)
    return render(request, "meetings/meeting_detail.html", context)


ATTENDANCE = pages.FormPage(
    title="Attendance and apologies",
    saved="Attendance saved.",
    audit_detail="attendance",
    template="meetings/attendance.html",
)


@GET_POST
def attendance(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = forms.AttendanceForm(
        request.POST or None, invitations=list(meeting.current_invitations()), initial={"version": meeting.version}
    )
    back = meeting_url(meeting)
    return pages.form_page(request, meeting, form, ATTENDANCE, done=back, back=back, meeting=meeting)


ADD_CONTRIBUTION = pages.FormPage(
    title="Record what an agency contributed",
    submit="Save the contribution",
    saved="Contribution recorded.",
    audit_detail="record an agency's contribution",
    hint="For police information, record what of it may be shared with the family, and why the rest may not.",
)


@GET_POST
def add_contribution(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = forms.ContributionForm(request.POST or None, partnership_id=meeting.child.partnership_id)
    back = meeting_url(meeting)
    return pages.form_page(request, meeting, form, ADD_CONTRIBUTION, done=back, back=back, caption=str(meeting))


DISCUSSION = pages.FormPage(
    title="What was discussed",
    saved="Discussion saved.",
    audit_detail="discussion",
    template="meetings/discussion.html",
)


@GET_POST
def discussion(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    initial = {name: getattr(meeting, name) for name in meeting.DISCUSSION_FIELDS} | {"version": meeting.version}
    form = forms.DiscussionForm(request.POST or None, initial=initial)
    back = meeting_url(meeting)

    def saved() -> Any:
        """After a clash, what the other person saved, shown beside what this person typed."""
        return access.meeting_for(request.user, meeting_id) if getattr(form, "stale", False) else None

    return pages.form_page(request, meeting, form, DISCUSSION, done=back, back=back, meeting=meeting, saved=saved)


def _outcome_saved(result: outcomes.OutcomeResult) -> str:
    if result.review:
        return f"Outcome recorded. The review is due by {result.review.due_on:%-d %B %Y}."
    return "Outcome recorded. The child's CE pathway has ended."


OUTCOME = pages.FormPage(
    title="Record the outcome",
    saved=_outcome_saved,
    audit_detail="record the outcome",
    template="meetings/outcome.html",
)


@GET_POST
def outcome(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.record_outcome")
    child = meeting.child
    form = forms.OutcomeForm(
        request.POST or None,
        initial={"version": meeting.version, "review_venue": meeting.venue, "invite_same_people": True},
        partnership_id=child.partnership_id,
        policy=policy_for(child.partnership_id),
        connected=invitations.connected_people(meeting),
    )
    back = meeting_url(meeting)
    return pages.form_page(
        request,
        meeting,
        form,
        OUTCOME,
        done=back,
        back=back,
        meeting=meeting,
        child=child,
        suggestion=outcomes.suggestion_for(meeting),
        plans=presenters.review_plans(meeting),
        reviewed_statuses=wording.status_labels(list(form.policy.reviews), word="or"),
    )


def minutes(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id)
    audit.viewed(request.user, meeting, detail="minutes")
    return render(request, "meetings/minutes.html", presenters.minutes_context(meeting, request.user))


def family_summary(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.view_family_summary")
    audit.viewed(request.user, meeting, detail="family summary")
    return render(request, "meetings/family_summary.html", {"summary": presenters.family_summary(meeting)})
