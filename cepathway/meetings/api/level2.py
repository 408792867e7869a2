"""Level 2 through the API: flagging a child by exception and the flags waiting, the month's
meetings, creating one with its agenda, the agenda as you may see it, its details and panel, bringing
it up to date, recording it as held, and the panel's decisions and actions on a child."""

import datetime as dt
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Status

from cepathway.core import audit
from cepathway.core.api_support import (
    Extended,
    FormInvalid,
    In,
    cursor_parameter,
    limit_parameter,
    paged,
    responds,
    validated,
)
from cepathway.core.permissions import require
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for

from .. import access, forms
from ..level2 import agenda, flags
from ..level2 import services as level2_services
from ..level2.sections import sections_for
from ..models import Level2Flag, Level2Meeting
from ..schemas import ActionOut, AgendaOut, FlagOut, Level2ItemOut, Level2Out, RefreshOut
from .safety_plan import ActionIn

router = Router()

MANAGE = "meetings.manage_level2"


class FlagIn(In):
    reason: str


@router.post(
    "/children/{uuid:child_id}/level2-flags",
    response=responds(FlagOut, 403, 404, 413, 422, status=201),
    summary="Flag a child for the next Level 2, by exception",
)
def flag_for_level2(request: AuthedRequest, child_id: UUID, payload: FlagIn) -> Any:
    child = access.child_for(request.user, child_id, "meetings.flag_for_level2")
    return Status(201, validated(forms.FlagForm, payload.dict()).submit(child, by=request.user))


@router.get(
    "/level2-flags",
    response=responds(list[FlagOut], 403),
    summary="Flags waiting for the next Level 2 agenda, on children you may see",
)
def waiting_flags(request: AuthedRequest) -> Any:
    require(request.user, "meetings.view_level2")
    audit.listed(request.user, Level2Flag, detail="flags waiting for Level 2")
    return flags.waiting_flags(request.user)[:500]


@router.get("/level2", response=responds(list[Level2Out], 403), summary="Level 2 meetings of your partnership")
def level2_list(request: AuthedRequest) -> Any:
    require(request.user, "meetings.view_level2")
    rows = visible_to(request.user, Level2Meeting).select_related("chair").prefetch_related("members")
    audit.listed(request.user, Level2Meeting)
    return rows[:100]


class Level2In(In):
    month: dt.date
    date: dt.date | str | None = Field(None, description="Leave out for the policy's day")
    time: str = Field("", description="24-hour clock; leave out for the policy's time")
    venue: str = "online"
    location: str = ""
    chair_id: UUID | None = Field(None, description="Leave out to chair it yourself")


@router.post(
    "/level2",
    response=responds(Level2Out, 403, 413, 422, status=201),
    summary="Create a month's Level 2 meeting and its agenda",
)
def level2_create(request: AuthedRequest, payload: Level2In) -> Any:
    require(request.user, MANAGE)
    partnership = level2_services.partnership_of(request.user)
    policy = policy_for(partnership.pk)
    month = payload.month.replace(day=1)
    proposed = timezone.localtime(level2_services.proposed_details(partnership, month, request.user).when)
    data = payload.dict() | {
        "month": month.isoformat(),
        "date": payload.date or proposed.date(),
        "time": payload.time or f"{proposed:%H:%M}",
        "chair_id": payload.chair_id or request.user.pk,
    }
    form = validated(
        forms.Level2Form, data, partnership_id=partnership.pk, months=[month], roles=policy.level2_organiser_roles
    )
    return Status(201, form.submit(partnership, by=request.user))


@router.get(
    "/level2/{month}",
    response=responds(AgendaOut, 403, 404, 422),
    summary="Your partnership's Level 2 meeting for a month (YYYY-MM) and its agenda, a page of items at a time",
)
def level2_detail(
    request: AuthedRequest,
    month: str,
    section: str = Query("", description="Only this section's items (a key from `sections`); all when left out."),
    cursor: str = cursor_parameter(),
    limit: int = limit_parameter(),
) -> Any:
    """Items in agenda order (section by section, by surname), a page at a time: send `next` as `cursor`."""
    level2 = access.level2_for(request.user, month, "meetings.view_level2")
    keys = [kind.key for kind in agenda.section_kinds(policy_for(level2.partnership_id))]
    if section and section not in keys:
        raise FormInvalid.with_errors({"section": [f"No section {section[:40]!r}: use one of {', '.join(keys)}"]})
    built = agenda.summary(level2, request.user)
    page = paged(*agenda.in_agenda_order(level2, request.user, section), cursor=cursor, limit=limit)
    built.items, built.next_cursor = agenda.with_details(page["items"], built), page["next"]
    audit.viewed(request.user, level2, detail=f"agenda of {built.total} children ({len(built.items)} shown)")
    audit.viewed_each(request.user, [row.item for row in built.items], detail="on the Level 2 agenda")
    built.persons_and_places_of_concern = [part.title for part in sections_for(level2, request)]
    return built


class Level2DetailsIn(In):
    version: int
    date: dt.date | str | None = Field(None, description="Leave out to keep it; it must stay in the meeting's month")
    time: str | None = Field(None, description="24-hour clock, e.g. 14:30; leave out to keep it")
    venue: str | None = None
    location: str | None = None
    chair_id: UUID | None = None
    member_ids: list[UUID] | None = Field(None, description="The whole panel; leave out to keep it as it is")


@router.patch(
    "/level2/{month}",
    response=responds(Level2Out, 403, 404, 409, 413, 422),
    summary="Change the date, place, chair or panel (before it is held)",
)
def level2_change(request: AuthedRequest, month: str, payload: Level2DetailsIn) -> Any:
    level2 = access.level2_for(request.user, month, MANAGE)
    policy = policy_for(level2.partnership_id)
    local = timezone.localtime(level2.scheduled_for)
    saved = {
        "date": local.date(),
        "time": f"{local:%H:%M}",
        "venue": level2.venue,
        "location": level2.location,
        "chair_id": level2.chair_id,
        "members": [str(member.pk) for member in level2.members.all()],
    }
    sent = payload.dict(exclude_none=True)
    if "member_ids" in sent:
        sent["members"] = [str(pk) for pk in sent.pop("member_ids")]
    form = validated(
        forms.Level2DetailsForm,
        saved | sent,
        partnership_id=level2.partnership_id,
        roles=policy.level2_organiser_roles,
        panel_roles=level2_services.panel_roles(policy),
    )
    form.submit(level2, by=request.user)
    return level2


@router.post(
    "/level2/{month}/refresh",
    response=responds(RefreshOut, 403, 404, 422),
    summary="Bring the agenda up to date (until the meeting is held)",
)
def level2_refresh(request: AuthedRequest, month: str) -> Any:
    level2 = access.level2_for(request.user, month, MANAGE)
    update = level2_services.refresh(level2, by=request.user)
    return Extended(level2, added=len(update.added), removed=len(update.removed))


class Level2HeldIn(In):
    notes: str = ""


@router.post(
    "/level2/{month}/held",
    response=responds(Level2Out, 403, 404, 413, 422),
    summary="Record the Level 2 meeting as held",
)
def level2_held(request: AuthedRequest, month: str, payload: Level2HeldIn) -> Any:
    level2 = access.level2_for(request.user, month, MANAGE)
    return validated(forms.Level2HeldForm, payload.dict()).submit(level2, by=request.user)


class Level2DecisionsIn(In):
    version: int
    decisions: str


@router.post(
    "/level2/items/{uuid:item_id}/decisions",
    response=responds(Level2ItemOut, 403, 404, 409, 413, 422),
    summary="Record the panel's decisions on a child",
)
def level2_decisions(request: AuthedRequest, item_id: UUID, payload: Level2DecisionsIn) -> Any:
    item = access.level2_item_for(request.user, item_id, MANAGE)
    validated(forms.Level2DecisionForm, payload.dict()).submit(item, by=request.user)
    return item


@router.post(
    "/level2/items/{uuid:item_id}/actions",
    response=responds(ActionOut, 403, 404, 413, 422, status=201),
    summary="Add a Level 2 action on a child",
)
def level2_action(request: AuthedRequest, item_id: UUID, payload: ActionIn) -> Any:
    item = access.level2_item_for(request.user, item_id, MANAGE)
    form = validated(forms.ActionForm, payload.dict(), partnership_id=item.child.partnership_id)
    return Status(201, form.submit(item, by=request.user))
