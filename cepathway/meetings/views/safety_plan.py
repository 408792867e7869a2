"""Pages for the safety plan: adding an action at a meeting, an action and its progress, and the
overdue overview for managers."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit, pages
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest
from cepathway.ui.listing import read_listing

from .. import access, forms, invitations, panels, safety_plan
from .. import listing as listing_rules
from ..models import Action, Meeting
from .booking import GET_POST
from .common import meeting_url

ADD_ACTION = pages.FormPage(
    title="Add an action to the safety plan",
    submit="Add the action",
    saved="Action added to the safety plan.",
    audit_detail="add a safety plan action",
)


@GET_POST
def add_action(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = forms.ActionForm(
        request.POST or None,
        partnership_id=meeting.child.partnership_id,
        connected=invitations.connected_people(meeting),
    )
    back = meeting_url(meeting)
    return pages.form_page(request, meeting, form, ADD_ACTION, done=back, back=back, caption=str(meeting))


def action_detail(request: HttpRequest, action_id: Any) -> HttpResponse:
    action = access.action_for(request.user, action_id)
    audit.viewed(request.user, action)
    context = {
        "action": action,
        "may_update": request.user.has_perm("meetings.update_action", action),
        "updates": action.updates.select_related("created_by"),
    }
    return render(request, "meetings/action_detail.html", context)


PROGRESS = pages.FormPage(
    title="Record progress", submit="Save progress", saved="Progress recorded.", audit_detail="record progress"
)


@GET_POST
def action_progress(request: HttpRequest, action_id: Any) -> HttpResponse:
    action = access.action_for(request.user, action_id, "meetings.update_action")
    form = forms.ActionUpdateForm(request.POST or None, initial={"version": action.version, "status": action.status})
    back = reverse("meetings:action", args=[action.pk])
    return pages.form_page(request, action, form, PROGRESS, done=back, back=back, caption=str(action))


def overdue(request: AuthedRequest) -> HttpResponse:
    """Overdue reviews (filtered by chair) and overdue actions (by the owner's agency), each paged
    and sorted on its own; a filter or sort the page does not offer is refused (400) and named."""
    require(request.user, "meetings.view_overdue_overview")
    today = timezone.localdate()
    reviews, actions = panels.overdue_reviews(request.user, today), safety_plan.overdue_actions(request.user, today)
    partnership_id = request.user.partnership_id
    chairs = listing_rules.chairs_of(reviews, partnership_id)
    agencies = listing_rules.owner_agencies_of(actions, partnership_id)
    review_list = read_listing(
        request,
        sorts=listing_rules.REVIEW_SORTS,
        default="when",
        filters={"chair": [str(chair.pk) for chair in chairs]},
        prefix=listing_rules.REVIEW_PREFIX,
        filter_labels=listing_rules.OVERDUE_FILTER_LABELS,
    )
    action_list = read_listing(
        request,
        sorts=listing_rules.ACTION_SORTS,
        default="due",
        filters={"agency": [str(agency.pk) for agency in agencies]},
        prefix=listing_rules.ACTION_PREFIX,
        filter_labels=listing_rules.OVERDUE_FILTER_LABELS,
    )
    if review_list.filters["chair"]:
        reviews = reviews.filter(chair__pk=review_list.filters["chair"])
    if action_list.filters["agency"]:
        actions = actions.filter(owner_agency__pk=action_list.filters["agency"])
    review_list.paginate(reviews)
    action_list.paginate(actions)
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    context = {
        "reviews": review_list,
        "actions": action_list,
        "chairs": chairs,
        "agencies": agencies,
        "errors": review_list.errors + action_list.errors,
    }
    status = 400 if context["errors"] else 200
    return render(request, "meetings/overdue.html", context, status=status)
