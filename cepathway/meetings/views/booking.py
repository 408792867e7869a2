"""Pages for booking meetings: the meetings list, a child's pathway, scheduling a Level 1, moving or
re-chairing a meeting, cancelling a Level 1, and who is invited."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cepathway.core import audit, pages
from cepathway.core.errors import RuleError
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest
from cepathway.policy import wording
from cepathway.policy.services import policy_for
from cepathway.ui.listing import read_listing

from .. import access, family_sharing, forms, invitations, invitee_notes, pathway
from .. import listing as listing_rules
from ..level2.flags import may_be_flagged
from ..models import Meeting, MeetingKind
from .common import details_as_saved, meeting_url

GET_POST = require_http_methods(["GET", "POST"])


def meeting_list(request: AuthedRequest) -> HttpResponse:
    """Scheduled meetings the person may see, paged, sorted by a column, filtered by kind, chair or
    overdue; a filter or sort the page does not offer is refused (400) and named."""
    require(request.user, "meetings.view_meeting")
    rows = Meeting.objects.visible_to(request.user).scheduled().select_related("child", "chair")
    chairs = listing_rules.chairs_of(rows, request.user.partnership_id)
    listing = read_listing(
        request,
        sorts=listing_rules.SORTS,
        default=listing_rules.DEFAULT_SORT,
        filters=listing_rules.filters(chairs),
        filter_labels=listing_rules.FILTER_LABELS,
    )
    listing.paginate(listing_rules.filtered(rows, listing.filters))
    shown = ", ".join(f"{name}={value}" for name, value in listing.filters.items() if value)
    audit.listed(request.user, Meeting, detail="scheduled meetings" + (f" ({shown})" if shown else ""))
    context = {
        "listing": listing,
        "meetings": listing.rows,
        "chairs": chairs,
        "kinds": MeetingKind.choices,
        "may_level2": request.user.has_perm("meetings.view_level2"),
    }
    return render(request, "meetings/meeting_list.html", context, status=listing.status)


def child_pathway(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = access.child_for(request.user, child_id)
    plan = pathway.child_plan(child, request.user)
    may_book = request.user.has_perm("meetings.schedule_level1", child)
    audit.viewed(request.user, child, detail="CE pathway: status history, meetings and safety plan")
    context = {
        "child": child,
        "plan": plan,
        "may_schedule": may_book and pathway.is_waiting_for_level1(child),
        "may_record_held": may_book and plan.pathway is None,
        "may_flag": request.user.has_perm("meetings.flag_for_level2", child) and may_be_flagged(child),
        "shareable": family_sharing.shareable_for(child) if plan.people_shown else [],
    }
    return render(request, "meetings/child_pathway.html", context)


SCHEDULE = pages.FormPage(
    title="Schedule a Level 1 meeting",
    submit="Schedule the meeting",
    saved="Level 1 meeting scheduled. Now invite the professionals who work with the child.",
    audit_detail="schedule a Level 1 meeting",
    intro_template="meetings/includes/schedule_intro.html",
)


@GET_POST
def schedule_level1(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = access.child_for(request.user, child_id, "meetings.schedule_level1")
    form = forms.ScheduleLevel1Form(request.POST or None)
    return pages.form_page(
        request,
        child,
        form,
        SCHEDULE,
        done=lambda meeting: reverse("meetings:invite", args=[meeting.pk]),
        back=reverse("meetings:child", args=[child.pk]),
        caption=child.full_name,
        referral=pathway.waiting_referral(child),
        child=child,
    )


RECORD_HELD = pages.FormPage(
    title="Record a meeting already held",
    submit="Continue",
    saved="Meeting recorded as held. Now record who attended, the discussion and the outcome.",
    audit_detail="record a meeting already held",
    intro_template="meetings/includes/record_held_intro.html",
)


@GET_POST
def record_held(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = access.child_for(request.user, child_id, "meetings.schedule_level1")
    policy = policy_for(child.partnership_id)
    waiting = pathway.is_waiting_for_level1(child)
    initial = {"kind": MeetingKind.LEVEL1 if waiting else MeetingKind.REVIEW, "chair": request.user.pk}
    connected = (child.allocated_social_worker_id, child.lead_professional_id)
    form = forms.RecordHeldForm(
        request.POST or None, initial=initial, partnership_id=child.partnership_id, policy=policy, connected=connected
    )
    return pages.form_page(
        request,
        child,
        form,
        RECORD_HELD,
        done=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
        back=reverse("meetings:child", args=[child.pk]),
        caption=child.full_name,
        late_sentence=wording.late_recording_sentence(policy),
        on_pathway=pathway.open_pathway(child) is not None,
    )


DETAILS = pages.FormPage(
    title="Change the date, place or chair",
    saved="Meeting details saved.",
    audit_detail="change date, place or chair",
    intro_template="meetings/includes/policy_intro.html",
)


def chair_role(meeting: Meeting) -> str:
    """The role policy wants in the chair of this meeting."""
    policy = policy_for(meeting.child.partnership_id)
    rule = policy.review_rule(meeting.status_under_review) if meeting.kind == MeetingKind.REVIEW else None
    return rule.chair_role if rule else policy.level1_chair_role


@GET_POST
def meeting_details(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = forms.MeetingDetailsForm(
        request.POST or None,
        initial=details_as_saved(meeting),
        partnership_id=meeting.child.partnership_id,
        chair_role=chair_role(meeting),
        connected=invitations.connected_people(meeting),
    )
    back = meeting_url(meeting)
    return pages.form_page(request, meeting, form, DETAILS, done=back, back=back, caption=str(meeting), meeting=meeting)


CANCEL = pages.FormPage(
    title="Cancel this Level 1 meeting",
    submit="Cancel the meeting",
    saved="The Level 1 meeting is cancelled and the child's CE pathway is closed.",
    audit_detail="cancel",
    warning="Cancelling a Level 1 meeting closes the child's CE pathway.",
)


@GET_POST
def cancel_meeting(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = forms.CancelForm(request.POST or None, initial={"version": meeting.version})
    done = reverse("meetings:child", args=[meeting.child_id])
    return pages.form_page(request, meeting, form, CANCEL, done=done, back=meeting_url(meeting), caption=str(meeting))


INVITE = pages.FormPage(
    title="Invite professionals",
    submit="Send invitations",
    saved=lambda sent: f"{len(sent)} invitation{'s' if len(sent) != 1 else ''} sent.",
    audit_detail="invite",
    intro_template="meetings/includes/invitee_notes.html",
)


@GET_POST
def invite(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    people = invitations.suggested_invitees(meeting)
    suggested = [user.pk for user in people]
    notes = invitee_notes.notes_for(people)
    form = forms.InviteForm(
        request.POST or None,
        queryset=invitations.invitable_people(meeting),
        initial={"people": suggested},
        connected=suggested,
    )
    back = meeting_url(meeting)
    noted = [(person, notes[person.pk]) for person in people if notes.get(person.pk)]
    return pages.form_page(request, meeting, form, INVITE, done=back, back=back, caption=str(meeting), noted=noted)


@GET_POST
def withdraw_invitation(request: HttpRequest, invitation_id: Any) -> HttpResponse:
    invitation = access.invitation_for(request.user, invitation_id, "meetings.change_meeting")
    error = None
    if request.method == "POST":
        try:
            invitations.withdraw_invitation(invitation, by=request.user)
        except RuleError as refused:
            error = refused.message
        else:
            messages.success(request, f"Invitation to {invitation.user} withdrawn.")
            return redirect(meeting_url(invitation.meeting))
    audit.viewed(request.user, invitation)
    return render(request, "meetings/withdraw_invitation.html", {"invitation": invitation, "error": error})
