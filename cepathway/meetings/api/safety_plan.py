"""The safety plan through the API: adding actions, an action and its progress, your own actions,
and the overdue overview for managers and CERAR."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Status

from cepathway.core import audit
from cepathway.core.api_support import In, cursor_parameter, limit_parameter, paged, responds, validated
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest

from .. import access, forms, panels, safety_plan
from ..models import Action, Meeting
from ..safety_plan import my_open_actions
from ..schemas import ActionOut, OverdueOut

router = Router()


class ActionIn(In):
    description: str
    owner_id: UUID
    due_on: dt.date | str


@router.post(
    "/{uuid:meeting_id}/actions",
    response=responds(ActionOut, 403, 404, 413, 422, status=201),
    summary="Add a safety plan action",
)
def add_action(request: AuthedRequest, meeting_id: UUID, payload: ActionIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, "meetings.change_meeting")
    form = validated(forms.ActionForm, payload.dict(), partnership_id=meeting.child.partnership_id)
    return Status(201, form.submit(meeting, by=request.user))


@router.get(
    "/my-actions", response=responds(list[ActionOut]), summary="Open safety plan actions you own, overdue first"
)
def my_actions(request: AuthedRequest) -> Any:
    require(request.user, "meetings.view_meeting")
    audit.listed(request.user, Action, detail="safety plan actions I own")
    return my_open_actions(request.user)[:200]


@router.get(
    "/overdue",
    response=responds(OverdueOut, 403, 422),
    summary="Overdue reviews and actions you may see (managers, CERAR), a page of each",
)
def overdue(
    request: AuthedRequest,
    reviews_cursor: str = cursor_parameter(),
    actions_cursor: str = cursor_parameter(),
    limit: int = limit_parameter(),
) -> Any:
    """Reviews longest overdue first, then actions; each pages on its own: send `reviews_next` back
    as `reviews_cursor` (or `actions_next` as `actions_cursor`) for its next page."""
    require(request.user, "meetings.view_overdue_overview")
    today = timezone.localdate()
    reviews = panels.overdue_reviews(request.user, today)
    actions = safety_plan.overdue_actions(request.user, today)
    review_page = paged(reviews, ("scheduled_for",), cursor=reviews_cursor, limit=limit, parameter="reviews_cursor")
    action_page = paged(actions, ("due_on",), cursor=actions_cursor, limit=limit, parameter="actions_cursor")
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    return {
        "reviews": review_page["items"],
        "reviews_next": review_page["next"],
        "actions": action_page["items"],
        "actions_next": action_page["next"],
    }


@router.get("/actions/{uuid:action_id}", response=responds(ActionOut, 403, 404, 422), summary="A safety plan action")
def action_detail(request: AuthedRequest, action_id: UUID) -> Any:
    action = access.action_for(request.user, action_id)
    audit.viewed(request.user, action)
    return action


class ActionUpdateIn(In):
    version: int
    note: str
    status: str = Field(description="not_started, in_progress, done or no_longer_needed")
    due_on: dt.date | str | None = None


@router.post(
    "/actions/{uuid:action_id}/updates",
    response=responds(ActionOut, 403, 404, 409, 413, 422, status=201),
    summary="Record progress on an action",
)
def update_action(request: AuthedRequest, action_id: UUID, payload: ActionUpdateIn) -> Any:
    action = access.action_for(request.user, action_id, "meetings.update_action")
    validated(forms.ActionUpdateForm, payload.dict()).submit(action, by=request.user)
    return Status(201, action)
