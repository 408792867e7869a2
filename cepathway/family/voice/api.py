"""The family's voice through the JSON API: a meeting's views links (never a token), issuing one
(its address given once, in this answer only), and withdrawing one. The same access helpers, forms
and services as the pages. There is no API for the family's side: that is the public page only."""

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

from cepathway.core import audit
from cepathway.core.api_support import In, responds, validated
from cepathway.people.types import AuthedRequest

from . import access
from .forms import AskForViewsForm, WithdrawForm

router = Router()


class ViewsLinkOut(Schema):
    id: UUID
    meeting_id: UUID
    voice_of: str = Field(description="child or parent_carer")
    first_name: str
    relationship: str
    state: str = Field(description="waiting, used or withdrawn")
    usable: bool = Field(description="Whether it still works now (waiting, not expired, meeting not started)")
    expires_at: datetime
    used_at: datetime | None
    views_id: UUID | None = Field(description="The views it brought, once used")
    issued_by: str
    issued_at: datetime
    version: int

    @staticmethod
    def resolve_usable(link: Any) -> bool:
        return bool(link.is_usable())

    @staticmethod
    def resolve_issued_by(link: Any) -> str:
        return str(link.created_by or "")

    @staticmethod
    def resolve_issued_at(link: Any) -> datetime:
        return link.created_at  # type: ignore[no-any-return]


class IssuedOut(Schema):
    link: ViewsLinkOut
    url: str = Field(description="The link to send. Given once, here: only a hash of it is kept.")


class IssueIn(In):
    voice_of: str = Field(description="parent_carer or child")
    first_name: str
    relationship: str = Field("", description="Needed for a parent or carer, e.g. mother")


class WithdrawIn(In):
    version: int


@router.get(
    "/meetings/{uuid:meeting_id}/views-links",
    response=responds(list[ViewsLinkOut], 403, 404, 422),
    summary="A meeting's links for the family's views",
)
def list_links(request: AuthedRequest, meeting_id: UUID) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, access.VIEW)
    links = access.links_of(meeting)
    audit.viewed(request.user, meeting, detail="views links")
    if links:
        audit.viewed_each(request.user, links, detail="views links")
    return links


@router.post(
    "/meetings/{uuid:meeting_id}/views-links",
    response=responds(IssuedOut, 403, 404, 413, 422, status=201),
    summary="Ask a parent or carer, or the child, for their views through a single-use link",
)
def issue_link(request: AuthedRequest, meeting_id: UUID, payload: IssueIn) -> Any:
    meeting = access.meeting_for(request.user, meeting_id, access.ISSUE)
    issued = validated(AskForViewsForm, payload.dict()).submit(meeting, by=request.user)
    return Status(201, {"link": issued.link, "url": issued.url})


@router.post(
    "/views-links/{uuid:link_id}/withdraw",
    response=responds(ViewsLinkOut, 403, 404, 409, 413, 422),
    summary="Withdraw a views link (it stops working at once)",
)
def withdraw_link(request: AuthedRequest, link_id: UUID, payload: WithdrawIn) -> Any:
    link = access.link_for(request.user, link_id, access.WITHDRAW)
    return validated(WithdrawForm, payload.dict()).submit(link, by=request.user)
