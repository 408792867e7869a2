"""Pages for meetings, safety plans and Level 2. Each view finds the record in the user's scope
(else an audited 404), checks the permission (else 403), calls a service, audits what it showed,
and redirects. The rules themselves are in the services."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.models import StaleRecordError
from cepathway.core.permissions import require
from cepathway.core.policy import current_policy
from cepathway.core.scoping import get_visible_or_404, visible_to
from cepathway.people.types import AuthedRequest

from . import agenda, forms, outcomes, presenters, services, work
from .level2_sections import sections_for
from .models import (
    Action,
    CallRequest,
    CallState,
    Invitation,
    Level2Item,
    Level2Meeting,
    Meeting,
    MeetingKind,
    MeetingState,
)

GET_POST = require_http_methods(["GET", "POST"])

STALE = (
    "Someone else saved this record since you opened it. Nothing you entered has been saved. "
    "What is saved now is shown on this page: check it, then save your changes again if they are still right."
)


def _meeting(request: HttpRequest, meeting_id: Any) -> Meeting:
    rows = Meeting.objects.visible_to(request.user).select_related("child", "chair", "pathway", "chair__agency")
    return get_visible_or_404(request.user, Meeting, queryset=rows, pk=meeting_id)


def _child(request: HttpRequest, child_id: Any) -> Child:
    return get_visible_or_404(request.user, Child, pk=child_id)


def _refuse(form: Any, error: RuleError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _stale(form: Any, current_version: int) -> None:
    """Tell the person of the clash; their entry stays on the page, now against the saved version."""
    form.add_error(None, STALE)
    form.data = form.data.copy()
    form.data["version"] = str(current_version)


def _saved_version(request: HttpRequest, record: Any) -> int:
    """The version now saved (someone else's save), read through the user's scope."""
    return visible_to(request.user, type(record)).values_list("version", flat=True).get(pk=record.pk)


def _form_page(request: HttpRequest, form: Any, *, title: str, caption: str, back: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "caption": caption, "back": back, **extra}
    return render(request, "meetings/form.html", context, status=200)


def _details_as_saved(meeting: Meeting | Level2Meeting) -> dict[str, Any]:
    """A details form's starting values: the meeting's date, time, place, chair and version."""
    local = timezone.localtime(meeting.scheduled_for)
    return {
        "date": local.date(),
        "time": local.time(),
        "venue": meeting.venue,
        "location": meeting.location,
        "chair": meeting.chair_id,
        "version": meeting.version,
    }


def _detail_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


@dataclass(frozen=True)
class AddToMeeting:
    """A page that adds one record to a meeting: who may, the form, the service, and its wording."""

    permission: str
    form: Callable[[Meeting, Any], Any]
    save: Callable[..., Any]
    saved_message: str
    title: str
    submit: str
    audit_detail: str
    hint: str = ""


def _add_to_meeting(request: HttpRequest, meeting_id: Any, page: AddToMeeting) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, page.permission, meeting)
    form = page.form(meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page.save(meeting, **form.cleaned_data, by=request.user)
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, page.saved_message)
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, meeting, detail=page.audit_detail)
    return _form_page(
        request,
        form,
        title=page.title,
        caption=str(meeting),
        back=_detail_url(meeting),
        submit=page.submit,
        hint=page.hint,
    )


# --- Lists and the child's pathway -------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "meetings.view_meeting")
    rows = (
        Meeting.objects.visible_to(request.user)
        .filter(state=MeetingState.SCHEDULED)
        .select_related("child", "chair")
        .order_by("scheduled_for")
    )
    audit.listed(request.user, Meeting, detail="scheduled meetings")
    return render(request, "meetings/meeting_list.html", {"meetings": rows[:200], "today": timezone.localdate()})


def child_pathway(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = _child(request, child_id)
    require(request.user, "meetings.view_meeting", child)
    plan = services.child_plan(child, request.user)
    audit.viewed(request.user, child, detail="CE pathway: status history, meetings and safety plan")
    context = {
        "child": child,
        "plan": plan,
        "today": timezone.localdate(),
        "may_schedule": request.user.has_perm("meetings.schedule_level1", child) and plan.pathway is None,
        "may_flag": request.user.has_perm("meetings.flag_for_level2", child)
        and plan.pathway is not None
        and child.ce_status in current_policy().level2_by_exception_statuses,
    }
    return render(request, "meetings/child_pathway.html", context)


# --- Scheduling --------------------------------------------------------------------------------


@GET_POST
def schedule_level1(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = _child(request, child_id)
    require(request.user, "meetings.schedule_level1", child)
    referral = services.level1_referral(child)
    form = forms.ScheduleLevel1Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_level1(
                child,
                when=data["when"],
                venue=data["venue"],
                location=data["location"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(
                request, "Level 1 meeting scheduled. Now invite the professionals who work with the child."
            )
            return redirect("meetings:invite", meeting.pk)
    audit.viewed(request.user, child, detail="schedule a Level 1 meeting")
    return _form_page(
        request,
        form,
        title="Schedule a Level 1 meeting",
        caption=child.full_name,
        back=reverse("meetings:child", args=[child.pk]),
        intro_template="meetings/includes/schedule_intro.html",
        referral=referral,
        child=child,
        submit="Schedule the meeting",
    )


@GET_POST
def meeting_details(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    policy = current_policy()
    if meeting.kind == MeetingKind.LEVEL1:
        chair_role = policy.level1_chair_role
    else:
        rule = policy.review_rule(meeting.status_under_review)
        chair_role = rule.chair_role if rule else policy.level1_chair_role
    form = forms.MeetingDetailsForm(
        request.POST or None,
        initial=_details_as_saved(meeting),
        partnership_id=meeting.child.partnership_id,
        chair_role=chair_role,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_details(
                meeting,
                expected_version=data["version"],
                when=data["when"],
                venue=data["venue"],
                location=data["location"],
                chair=data["chair"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            meeting = _meeting(request, meeting_id)
            _stale(form, meeting.version)
        else:
            messages.success(request, "Meeting details saved.")
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, meeting, detail="change date, place or chair")
    return _form_page(
        request,
        form,
        title="Change the date, place or chair",
        caption=str(meeting),
        back=_detail_url(meeting),
        meeting=meeting,
        intro_template="meetings/includes/policy_intro.html",
        submit="Save",
    )


@GET_POST
def cancel_meeting(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    form = forms.CancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(
                meeting,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _meeting(request, meeting_id).version)
        else:
            messages.success(request, "The Level 1 meeting is cancelled and the child's CE pathway is closed.")
            return redirect("meetings:child", meeting.child_id)
    audit.viewed(request.user, meeting, detail="cancel")
    return _form_page(
        request,
        form,
        title="Cancel this Level 1 meeting",
        caption=str(meeting),
        back=_detail_url(meeting),
        submit="Cancel the meeting",
        warning="Cancelling a Level 1 meeting closes the child's CE pathway.",
    )


# --- Invitations -------------------------------------------------------------------------------


@GET_POST
def invite(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    invited = meeting.invitations.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True)
    queryset = services.invitable_people(meeting).exclude(pk__in=list(invited)).exclude(pk=meeting.chair_id)
    suggested = [user.pk for user in services.suggested_invitees(meeting)]
    form = forms.InviteForm(request.POST or None, queryset=queryset, initial={"people": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invite(meeting, list(form.cleaned_data["people"]), by=request.user)
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{len(sent)} invitation{'s' if len(sent) != 1 else ''} sent.")
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, meeting, detail="invite")
    return _form_page(
        request,
        form,
        title="Invite professionals",
        caption=str(meeting),
        back=_detail_url(meeting),
        submit="Send invitations",
    )


@GET_POST
def withdraw_invitation(request: HttpRequest, invitation_id: Any) -> HttpResponse:
    rows = Invitation.objects.visible_to(request.user).select_related("meeting", "meeting__child", "user")
    invitation = get_visible_or_404(request.user, Invitation, queryset=rows, pk=invitation_id)
    meeting = invitation.meeting
    require(request.user, "meetings.change_meeting", meeting)
    error = None
    if request.method == "POST":
        try:
            services.withdraw_invitation(invitation, by=request.user)
        except RuleError as refused:
            error = str(refused)
        else:
            messages.success(request, f"Invitation to {invitation.user} withdrawn.")
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, invitation)
    return render(request, "meetings/withdraw_invitation.html", {"invitation": invitation, "error": error})


# --- Before the meeting ------------------------------------------------------------------------


RECORD_VOICE = AddToMeeting(
    permission="meetings.record_views",
    form=lambda meeting, data: forms.VoiceForm(data),
    save=services.record_voice,
    saved_message="Views recorded.",
    title="Record the views of the child or a parent or carer",
    submit="Save the views",
    audit_detail="record views",
    hint="Views sent in by email are entered by CERAR. Mark whether they are to be read out at the meeting.",
)


@GET_POST
def record_voice(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    return _add_to_meeting(request, meeting_id, RECORD_VOICE)


LOG_CALL = AddToMeeting(
    permission="meetings.log_call_request",
    form=lambda meeting, data: forms.CallRequestForm(data),
    save=services.log_call_request,
    saved_message="Request for a telephone discussion with CERAR logged.",
    title="Log a request for a telephone discussion with CERAR",
    submit="Log the request",
    audit_detail="log a telephone discussion request",
)


@GET_POST
def log_call(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    return _add_to_meeting(request, meeting_id, LOG_CALL)


@GET_POST
def arrange_call(request: HttpRequest, call_id: Any) -> HttpResponse:
    rows = CallRequest.objects.visible_to(request.user).select_related("meeting", "child", "arranged_with")
    call = get_visible_or_404(request.user, CallRequest, queryset=rows, pk=call_id)
    require(request.user, "meetings.arrange_call", call)
    initial: dict[str, Any] = {
        "version": call.version,
        "state": call.state if call.state != CallState.REQUESTED else "",
    }
    if call.arranged_for:
        local = timezone.localtime(call.arranged_for)
        initial.update(date=local.date(), time=local.time())
    initial["notes"] = call.notes
    form = forms.ArrangeCallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.arrange_call(
                call,
                state=data["state"],
                arranged_for=data["arranged_for"],
                notes=data["notes"],
                expected_version=data["version"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _saved_version(request, call))
        else:
            messages.success(request, "Telephone discussion updated.")
            return redirect(_detail_url(call.meeting))
    audit.viewed(request.user, call)
    return _form_page(
        request,
        form,
        title="Arrange the telephone discussion",
        caption=str(call),
        back=_detail_url(call.meeting),
        call=call,
        intro_template="meetings/includes/call_intro.html",
        submit="Save",
    )


# --- At the meeting ------------------------------------------------------------------------------


def meeting_detail(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.view_meeting", meeting)
    context = presenters.meeting_context(meeting, request.user)
    audit.viewed(request.user, meeting)
    return render(request, "meetings/meeting_detail.html", context)


@GET_POST
def attendance(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    invitations = list(meeting.invitations.filter(withdrawn_at__isnull=True).select_related("user", "agency"))
    form = forms.AttendanceForm(request.POST or None, invitations=invitations, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                meeting,
                form.register(),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _meeting(request, meeting_id).version)
        else:
            messages.success(request, "Attendance saved.")
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, meeting, detail="attendance")
    return render(request, "meetings/attendance.html", {"meeting": meeting, "form": form})


ADD_CONTRIBUTION = AddToMeeting(
    permission="meetings.change_meeting",
    form=lambda meeting, data: forms.ContributionForm(data, partnership_id=meeting.child.partnership_id),
    save=services.add_contribution,
    saved_message="Contribution recorded.",
    title="Record what an agency contributed",
    submit="Save the contribution",
    audit_detail="record an agency's contribution",
    hint="For police information, record what of it may be shared with the family, and why the rest may not.",
)


@GET_POST
def add_contribution(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    return _add_to_meeting(request, meeting_id, ADD_CONTRIBUTION)


@GET_POST
def discussion(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.change_meeting", meeting)
    initial = {name: getattr(meeting, name) for name in Meeting.DISCUSSION_FIELDS}
    initial["version"] = meeting.version
    form = forms.DiscussionForm(request.POST or None, initial=initial)
    saved = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in Meeting.DISCUSSION_FIELDS}
        try:
            services.record_discussion(meeting, values, expected_version=form.cleaned_data["version"], by=request.user)
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            saved = _meeting(request, meeting_id)
            _stale(form, saved.version)
        else:
            messages.success(request, "Discussion saved.")
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, meeting, detail="discussion")
    return render(request, "meetings/discussion.html", {"meeting": meeting, "form": form, "saved": saved})


@GET_POST
def outcome(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.record_outcome", meeting)
    child = meeting.child
    form = forms.OutcomeForm(
        request.POST or None,
        initial={"version": meeting.version, "review_venue": meeting.venue, "invite_same_people": True},
        partnership_id=child.partnership_id,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = outcomes.Outcome(
            status=data["status"],
            ce_types=data["ce_types"],
            rationale=data["rationale"],
            social_worker=data["social_worker"],
            lead_professional=data["lead_professional"],
            review_when=data["review_when"],
            review_venue=data["review_venue"],
            review_location=data["review_location"],
            review_chair=data["review_chair"],
            invite_same_people=data["invite_same_people"],
            closure_reason=data["closure_reason"],
            closure_detail=data["closure_detail"],
        )
        try:
            result = outcomes.record_outcome(meeting, decided, expected_version=data["version"], by=request.user)
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _meeting(request, meeting_id).version)
        else:
            if result.review:
                messages.success(request, f"Outcome recorded. The review is due by {result.review.due_on:%-d %B %Y}.")
            else:
                messages.success(request, "Outcome recorded. The child's CE pathway has ended.")
            return redirect(_detail_url(meeting))
    audit.viewed(request.user, meeting, detail="record the outcome")
    context = {
        "meeting": meeting,
        "child": child,
        "form": form,
        "suggestion": outcomes.suggestion_for(meeting),
        "plans": presenters.review_plans(meeting),
    }
    return render(request, "meetings/outcome.html", context)


# --- Safety plan ---------------------------------------------------------------------------------


ADD_ACTION = AddToMeeting(
    permission="meetings.change_meeting",
    form=lambda meeting, data: forms.ActionForm(data, partnership_id=meeting.child.partnership_id),
    save=services.add_action,
    saved_message="Action added to the safety plan.",
    title="Add an action to the safety plan",
    submit="Add the action",
    audit_detail="add a safety plan action",
)


@GET_POST
def add_action(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    return _add_to_meeting(request, meeting_id, ADD_ACTION)


def _action(request: HttpRequest, action_id: Any) -> Action:
    rows = Action.objects.visible_to(request.user).select_related(
        "child", "owner", "owner_agency", "meeting", "meeting__chair", "level2_item", "level2_item__level2_meeting"
    )
    return get_visible_or_404(request.user, Action, queryset=rows, pk=action_id)


def action_detail(request: HttpRequest, action_id: Any) -> HttpResponse:
    action = _action(request, action_id)
    require(request.user, "meetings.view_meeting", action)
    audit.viewed(request.user, action)
    context = {
        "action": action,
        "may_update": request.user.has_perm("meetings.update_action", action),
        "updates": action.updates.select_related("created_by"),
    }
    return render(request, "meetings/action_detail.html", context)


@GET_POST
def action_progress(request: HttpRequest, action_id: Any) -> HttpResponse:
    action = _action(request, action_id)
    require(request.user, "meetings.update_action", action)
    form = forms.ActionUpdateForm(request.POST or None, initial={"version": action.version, "status": action.status})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_action(
                action,
                note=data["note"],
                status=data["status"],
                due_on=data["due_on"],
                expected_version=data["version"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _saved_version(request, action))
        else:
            messages.success(request, "Progress recorded.")
            return redirect("meetings:action", action.pk)
    audit.viewed(request.user, action, detail="record progress")
    back = reverse("meetings:action", args=[action.pk])
    return _form_page(request, form, title="Record progress", caption=str(action), back=back, submit="Save progress")


# --- Minutes and family summary ----------------------------------------------------------------


def minutes(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.view_meeting", meeting)
    audit.viewed(request.user, meeting, detail="minutes")
    return render(request, "meetings/minutes.html", presenters.minutes_context(meeting, request.user))


def family_summary(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    require(request.user, "meetings.view_family_summary", meeting)
    audit.viewed(request.user, meeting, detail="family summary")
    return render(request, "meetings/family_summary.html", {"summary": presenters.family_summary(meeting)})


# --- Level 2 -------------------------------------------------------------------------------------


@GET_POST
def flag_for_level2(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = _child(request, child_id)
    require(request.user, "meetings.flag_for_level2", child)
    form = forms.FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_for_level2(child, reason=form.cleaned_data["reason"], by=request.user)
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The child is flagged for the next Level 2 meeting.")
            return redirect("meetings:child", child.pk)
    audit.viewed(request.user, child, detail="flag for Level 2")
    return _form_page(
        request,
        form,
        title="Flag for the next Level 2 meeting",
        caption=child.full_name,
        back=reverse("meetings:child", args=[child.pk]),
        submit="Flag for Level 2",
        hint="High and Medium children are always on the Level 2 agenda. Low children are discussed by exception.",
    )


def level2_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "meetings.view_level2")
    rows = visible_to(request.user, Level2Meeting).select_related("chair")
    audit.listed(request.user, Level2Meeting)
    context = {"meetings": rows, "may_create": request.user.has_perm("meetings.manage_level2")}
    return render(request, "meetings/level2_list.html", context)


@GET_POST
def level2_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, "meetings.manage_level2")
    user = request.user
    policy = current_policy()
    partnership = agenda.partnership_of(user)
    months = agenda.months_without_level2(partnership, timezone.localdate())
    if not months:
        messages.info(request, "This month's and the next two months' Level 2 meetings exist already.")
        return redirect("meetings:level2-list")
    first = months[0]
    proposed = agenda.proposed_day(first, timezone.localdate())
    initial = {"month": first.isoformat(), "date": proposed, "time": policy.default_meeting_time, "chair": user.pk}
    form = forms.Level2Form(
        request.POST or None,
        initial=initial,
        partnership_id=partnership.pk,
        months=months,
        roles=policy.level2_organiser_roles,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            level2 = agenda.create_level2(
                partnership,
                month=data["month"],
                when=data["when"],
                venue=data["venue"],
                location=data["location"],
                chair=data["chair"],
                by=user,
            )
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{level2} created with {level2.items.count()} children on the agenda.")
            return _to_level2(level2)
    return _form_page(
        request,
        form,
        title="Create the Level 2 meeting",
        caption="Level 2",
        back=reverse("meetings:level2-list"),
        submit="Create the meeting and its agenda",
        hint="The agenda is built for you: every High and Medium child, and Low children flagged by exception.",
    )


def _level2(request: HttpRequest, year: int, month: int) -> Level2Meeting:
    """The Level 2 meeting of the user's own partnership for a month (each partnership has one)."""
    try:
        first = date(year, month, 1)
    except ValueError as impossible:
        audit.denied(request.user, Level2Meeting, f"{year}-{month}", detail="no such month")
        raise Http404("No such month.") from impossible
    rows = visible_to(request.user, Level2Meeting).select_related("chair", "partnership")
    return get_visible_or_404(request.user, Level2Meeting, queryset=rows, month=first)


def _to_level2(level2: Level2Meeting) -> HttpResponse:
    return redirect("meetings:level2", level2.month.year, level2.month.month)


def level2_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = _level2(request, year, month)
    require(request.user, "meetings.view_level2", level2)
    built = agenda.build(level2, request.user)
    audit.viewed(request.user, level2, detail=f"agenda of {len(built.items)} children")
    for row in built.items:
        audit.viewed(request.user, row.item, detail="on the Level 2 agenda")
    context = {
        "agenda": built,
        "level2": level2,
        "sections": sections_for(level2, request),
        "may_manage": request.user.has_perm("meetings.manage_level2", level2),
        "held_form": forms.Level2HeldForm(),
    }
    return render(request, "meetings/level2_detail.html", context)


@require_POST
def level2_refresh(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = _level2(request, year, month)
    require(request.user, "meetings.manage_level2", level2)
    try:
        update = agenda.refresh(level2, by=request.user)
    except RuleError as error:
        messages.error(request, str(error))
    else:
        added, removed = len(update.added), len(update.removed)
        messages.success(request, f"Agenda brought up to date: {added} added, {removed} no longer due taken off.")
    return _to_level2(level2)


@require_POST
def level2_held(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = _level2(request, year, month)
    require(request.user, "meetings.manage_level2", level2)
    form = forms.Level2HeldForm(request.POST)
    if form.is_valid():
        try:
            agenda.mark_held(level2, notes=form.cleaned_data["notes"], by=request.user)
        except RuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Recorded as held.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _to_level2(level2)


@GET_POST
def level2_details(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = _level2(request, year, month)
    require(request.user, "meetings.manage_level2", level2)
    initial = _details_as_saved(level2) | {"members": [member.pk for member in level2.members.all()]}
    form = forms.Level2DetailsForm(
        request.POST or None,
        initial=initial,
        partnership_id=level2.partnership_id,
        roles=current_policy().level2_organiser_roles,
        panel_roles=agenda.panel_roles(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agenda.change_level2_details(
                level2,
                expected_version=data["version"],
                when=data["when"],
                venue=data["venue"],
                location=data["location"],
                chair=data["chair"],
                members=list(data["members"]),
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _saved_version(request, level2))
        else:
            messages.success(request, "Level 2 meeting details saved.")
            return _to_level2(level2)
    audit.viewed(request.user, level2, detail="change the date, place, chair or panel")
    return _form_page(
        request,
        form,
        title="Change the date, place, chair or panel",
        caption=str(level2),
        back=reverse("meetings:level2", args=[level2.month.year, level2.month.month]),
        submit="Save",
        hint=f"The meeting must stay in {level2.month:%B %Y}, on a working day.",
    )


def _item(request: HttpRequest, item_id: Any) -> Level2Item:
    rows = Level2Item.objects.visible_to(request.user).select_related(
        "child", "level2_meeting", "flag", "flag__created_by"
    )
    return get_visible_or_404(request.user, Level2Item, queryset=rows, pk=item_id)


def level2_item(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = _item(request, item_id)
    require(request.user, "meetings.view_level2", item)
    audit.viewed(request.user, item)
    context = {
        "item": item,
        "may_manage": request.user.has_perm("meetings.manage_level2", item),
        "actions": item.actions.select_related("owner", "owner_agency"),
    }
    return render(request, "meetings/level2_item.html", context)


@GET_POST
def level2_decisions(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = _item(request, item_id)
    require(request.user, "meetings.manage_level2", item)
    initial = {"version": item.version, "decisions": item.decisions}
    form = forms.Level2DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agenda.record_decisions(
                item,
                decisions=form.cleaned_data["decisions"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except RuleError as error:
            _refuse(form, error)
        except StaleRecordError:
            _stale(form, _saved_version(request, item))
        else:
            messages.success(request, "Decisions saved.")
            return _to_level2(item.level2_meeting)
    audit.viewed(request.user, item, detail="record decisions")
    back = reverse("meetings:level2-item", args=[item.pk])
    return _form_page(
        request,
        form,
        title="Record the panel's decisions",
        caption=item.child.full_name,
        back=back,
        submit="Save the decisions",
    )


@GET_POST
def level2_item_action(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = _item(request, item_id)
    require(request.user, "meetings.manage_level2", item)
    form = forms.ActionForm(request.POST or None, partnership_id=item.child.partnership_id)
    back = reverse("meetings:level2-item", args=[item.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(None, level2_item=item, **form.cleaned_data, by=request.user)
        except RuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect(back)
    audit.viewed(request.user, item, detail="add a Level 2 action")
    return _form_page(
        request, form, title="Add a Level 2 action", caption=item.child.full_name, back=back, submit="Add the action"
    )


# --- Overdue, for managers -----------------------------------------------------------------------


def overdue(request: HttpRequest) -> HttpResponse:
    require(request.user, "meetings.view_overdue_overview")
    found = presenters.overdue_context(request.user)
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    panel = {"context": work.overdue_panel_context(found["reviews"], found["actions"], found["today"], link=False)}
    context = {"panel": panel}
    return render(request, "meetings/overdue.html", context)
