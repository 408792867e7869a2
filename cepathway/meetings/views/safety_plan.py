"""Pages for the safety plan: adding an action at a meeting, an action and its progress, and the
overdue overview for managers."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cepathway.core import audit, pages
from cepathway.core.permissions import require

from .. import access, forms, panels, presenters
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
    form = forms.ActionForm(request.POST or None, partnership_id=meeting.child.partnership_id)
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


def overdue(request: HttpRequest) -> HttpResponse:
    require(request.user, "meetings.view_overdue_overview")
    found = presenters.overdue_context(request.user)
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    panel = {"context": panels.overdue_panel_context(found["reviews"], found["actions"], found["today"], link=False)}
    return render(request, "meetings/overdue.html", {"panel": panel})
