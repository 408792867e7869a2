"""The nrm API (mounted at /api/nrm): a child's NRM referrals, recording one, its decisions and the
guardian (each with the version read: 409 when someone saved since), and the partnership's list of
decisions awaited past the expected time. The same access helpers, forms and services as the pages."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

from cepathway.core import audit
from cepathway.core.api_support import In, PageOut, cursor_parameter, limit_parameter, paged, responds, validated
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest

from . import access, forms
from .models import NrmReferral
from .presenters import ReferralView, views_of
from .views import overdue_rows

router = Router(tags=["nrm"])


class WaitingOut(Schema):
    decision: str = Field(description="reasonable grounds or conclusive grounds")
    expected: str = Field(description="What the partnership's policy expects, in its words.")
    awaited: str = Field(description="How long the decision has been awaited.")
    is_late: bool = Field(description="Awaited past the expected time.")


class NrmReferralOut(Schema):
    """A referral as the caller may read it: the fields marked 'details' are null for those who see
    only that a referral exists and its decisions (docs/nrm.md)."""

    id: UUID
    child_id: UUID
    first_responder_kind: str
    first_responder_name: str
    referred_on: dt.date
    referred_by_id: UUID | None = Field(description="Details.")
    referred_by: str | None = Field(description="Details.")
    exploitation: list[str] | None = Field(description="Details: sexual, criminal, labour, domestic_servitude, other.")
    exploitation_detail: str | None = Field(description="Details.")
    reasonable_grounds: str = Field(description="awaited, positive or negative")
    reasonable_grounds_on: dt.date | None
    conclusive_grounds: str = Field(description="awaited, positive or negative")
    conclusive_grounds_on: dt.date | None
    reconsideration_requested_on: dt.date | None = Field(description="Details.")
    guardian_name: str
    guardian_organisation: str
    guardian_allocated_on: dt.date | None
    outcome: str | None = Field(description="Details.")
    closed_on: dt.date | None
    version: int
    summary: str
    waiting: WaitingOut | None = Field(description="The decision awaited, if any, against the policy.")

    @staticmethod
    def resolve_referred_by_id(obj: ReferralView) -> Any:
        return obj.referral.referred_by_id if obj.full else None

    @staticmethod
    def resolve_referred_by(obj: ReferralView) -> str | None:
        return obj.referral.referred_by.display_name if obj.full else None

    @staticmethod
    def resolve_exploitation(obj: ReferralView) -> list[str] | None:
        return list(obj.referral.exploitation) if obj.full else None

    @staticmethod
    def resolve_exploitation_detail(obj: ReferralView) -> str | None:
        return obj.referral.exploitation_detail if obj.full else None

    @staticmethod
    def resolve_reconsideration_requested_on(obj: ReferralView) -> dt.date | None:
        return obj.referral.reconsideration_requested_on if obj.full else None

    @staticmethod
    def resolve_outcome(obj: ReferralView) -> str | None:
        return obj.referral.outcome if obj.full else None

    @staticmethod
    def resolve_summary(obj: ReferralView) -> str:
        return obj.line


class NrmReferralIn(In):
    first_responder_kind: str = Field(description="local_authority, police, ukvi_border_force, nca, glaa, ngo or other")
    first_responder_name: str
    referred_on: dt.date | str
    referred_by_id: UUID | None = Field(None, description="Who made it; leave out for yourself.")
    exploitation: list[str] = Field(description="sexual, criminal, labour, domestic_servitude, other")
    exploitation_detail: str = ""


class DecisionsIn(In):
    version: int
    reasonable_grounds: str = Field(description="awaited, positive or negative")
    reasonable_grounds_on: dt.date | str | None = None
    conclusive_grounds: str = Field("awaited", description="awaited, positive or negative")
    conclusive_grounds_on: dt.date | str | None = None
    reconsideration_requested_on: dt.date | str | None = None


class GuardianIn(In):
    version: int
    guardian_name: str = ""
    guardian_organisation: str = ""
    guardian_allocated_on: dt.date | str | None = None


def _shown(referral: Any, user: Any) -> ReferralView:
    return views_of([referral], user)[0]


@router.get(
    "/children/{uuid:pk}/referrals",
    response=responds(list[NrmReferralOut], 403, 404, 422),
    summary="A child's NRM referrals",
)
def child_referrals(request: AuthedRequest, pk: UUID) -> Any:
    child = access.child_with_referrals(request.user, pk)
    referrals = list(access.referrals_of(request.user, child))
    audit.viewed(request.user, child, detail="NRM referrals")
    audit.viewed_each(request.user, referrals)
    return views_of(referrals, request.user)


@router.post(
    "/children/{uuid:pk}/referrals",
    response=responds(NrmReferralOut, 403, 404, 413, 422, status=201),
    summary="Record an NRM referral",
)
def record_referral(request: AuthedRequest, pk: UUID, payload: NrmReferralIn) -> Any:
    child = access.child_with_referrals(request.user, pk, "nrm.record_referral")
    form = validated(forms.ReferralForm, payload.dict(), partnership_id=child.partnership_id)
    return Status(201, _shown(form.submit(child, by=request.user), request.user))


@router.post(
    "/referrals/{uuid:pk}/decisions",
    response=responds(NrmReferralOut, 403, 404, 409, 413, 422),
    summary="Record or correct the NRM decisions (send the version you read)",
)
def record_decisions(request: AuthedRequest, pk: UUID, payload: DecisionsIn) -> Any:
    referral = access.referral_for(request.user, pk)
    validated(forms.DecisionForm, payload.dict()).submit(referral, by=request.user)
    return _shown(referral, request.user)


@router.post(
    "/referrals/{uuid:pk}/guardian",
    response=responds(NrmReferralOut, 403, 404, 409, 413, 422),
    summary="Record the Independent Child Trafficking Guardian (send the version you read)",
)
def record_guardian(request: AuthedRequest, pk: UUID, payload: GuardianIn) -> Any:
    referral = access.referral_for(request.user, pk)
    validated(forms.GuardianForm, payload.dict()).submit(referral, by=request.user)
    return _shown(referral, request.user)


@router.get(
    "/awaited",
    response=responds(PageOut[NrmReferralOut], 403, 422),
    summary="NRM decisions awaited past the expected time, in your partnership (CERAR, team managers)",
)
def awaited(request: AuthedRequest, cursor: str = cursor_parameter(), limit: int = limit_parameter()) -> Any:
    require(request.user, "nrm.view_overdue")
    page = paged(overdue_rows(request.user), ("referred_on",), cursor=cursor, limit=limit)
    audit.listed(request.user, NrmReferral, detail="NRM decisions awaited")
    audit.viewed_each(request.user, page["items"], detail="NRM decisions awaited past the expected time")
    return {"items": views_of(page["items"], request.user), "next": page["next"]}
