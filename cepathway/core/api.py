"""The audit log through the JSON API, for auditors."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from . import audit
from .api_support import PageOut, cursor_parameter, limit_parameter, paged, responds, validated
from .audit_views import AuditSearchForm, filters
from .models import AuditEvent
from .permissions import require

router = Router(tags=["audit"])


class AuditOut(Schema):
    at: datetime
    username: str
    role: str
    agency: str
    ip_address: str | None
    channel: str
    action: str
    record_type: str
    record_id: str
    child_id: UUID | None
    fields: list[str]
    detail: str


@router.get(
    "",
    response=responds(PageOut[AuditOut], 403, 422),
    summary="Search the audit log (auditors), newest first, a page at a time",
)
def search(
    request: HttpRequest,
    child: UUID | None = None,
    user: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    cursor: str = cursor_parameter(),
    limit: int = limit_parameter(),
) -> Any:
    require(request.user, "core.search_audit")
    payload = {"child": child, "user": user, "date_from": date_from, "date_to": date_to}
    form = validated(AuditSearchForm, {k: str(v) for k, v in payload.items() if v})
    audit.searched(request.user, AuditEvent, detail=str({k: str(v) for k, v in payload.items() if v}))
    partnership_id = getattr(request.user, "partnership_id", None)
    entries = audit.entries_for_auditor(request.user).filter(filters(form.cleaned_data, partnership_id))
    return paged(entries, ("-at",), cursor=cursor, limit=limit)
