"""The one audit service. Views, API operations, tasks and commands call it explicitly.

Every page or API call that shows or changes a child-related record writes an entry here:
who (and their role and agency at that moment), when, which record and child, what (viewed,
created, changed with the field names), from which address and through which channel.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.http import HttpRequest

from . import audit_chain
from .models import AuditAction, AuditEvent, AuditQuerySet

# The request being served, so that entries written by services (which are not handed the
# request) still record the address, channel and path it came through.
_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)

# The entries a request has written outside any transaction, inserted together when it ends.
# Each autocommit INSERT waits for its own flush to disk (4.6 ms each, measured on PostgreSQL): a
# page writing five entries one by one spent a quarter of its time on the audit. Entries written
# inside a transaction join it at once, so a change and its audit commit or roll back together.
_request_batch: ContextVar[list[AuditEvent] | None] = ContextVar("audit_request_batch", default=None)


# The partnership of each of some children (child id -> partnership id), registered by
# cepathway.children in its AppConfig.ready(): core may not import it, and the log holds only the
# child's id. An entry written by nobody in a partnership (a task, a command) is in the log of the
# partnership of the child it is about.
PartnershipsOfChildren = Callable[[set[Any]], dict[Any, Any]]
_partnerships_of_children: list[PartnershipsOfChildren] = []


def register_partnerships_of_children(source: PartnershipsOfChildren) -> PartnershipsOfChildren:
    if source not in _partnerships_of_children:
        _partnerships_of_children.append(source)
    return source


def entries_for_auditor(user: Any) -> AuditQuerySet:
    """The part of the log an auditor may search: their own partnership's entries (`partnership`:
    by its people, or by nobody about its children), which its own index finds without reading
    other partnerships' entries of the same days."""
    flush()  # the search itself, and anything this request did, are in the log it reads
    partnership_id = getattr(user, "partnership_id", None)
    if partnership_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(partnership_id=partnership_id)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = _current_request.set(request)
        batch = _request_batch.set([])
        try:
            return self.get_response(request)
        finally:
            try:
                flush()  # before the response leaves: nothing is shown that is not yet audited
            finally:
                _request_batch.reset(batch)
                _current_request.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """A page refused to a role (403) is in the log, as an out-of-scope record (404) already is."""
        if isinstance(exception, PermissionDenied):
            refused(None)


REFUSED = "refused: the role may not do this (403)"


def refused(user: Any) -> AuditEvent:
    """The request being served was refused to the person's role; the log keeps its path and address."""
    return write(AuditAction.DENIED, None, user=user, detail=REFUSED)


def flush() -> None:
    """Insert the entries this request has kept back, in one statement (see _request_batch)."""
    batch = _request_batch.get()
    if batch:
        entries = list(batch)
        batch.clear()
        _insert(entries)


def _append(entries: list[AuditEvent]) -> None:
    batch = _request_batch.get()
    if batch is not None and not connection.in_atomic_block:
        batch.extend(entries)
    elif entries:
        _insert(entries)


def _insert(entries: list[AuditEvent]) -> None:
    """Link the entries onto their chains and insert them, in one transaction (the caller's, when
    it has one: the entries and the change they record commit together or not at all)."""
    if connection.in_atomic_block:
        _link_and_insert(entries)  # no savepoint: if this fails, so does the caller's transaction
        return
    with transaction.atomic():
        _link_and_insert(entries)


def _link_and_insert(entries: list[AuditEvent]) -> None:
    audit_chain.link(entries)
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(entries, batch_size=BULK_BATCH)


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    header = settings.CEPATHWAY_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def child_id_of(record: Any) -> Any:
    """The child a record is about, for searching the log by child."""
    if record is None:
        return None
    if getattr(record, "audit_is_child", False):
        return record.pk
    return getattr(record, "audit_child_id", None)


def record_label(record: Any) -> tuple[str, str]:
    if record is None:
        return "", ""
    if isinstance(record, type) and issubclass(record, models.Model):
        return record._meta.label, ""
    return record._meta.label, str(record.pk)


def write(
    action: str,
    record: Any = None,
    *,
    user: Any,
    fields: Iterable[str] = (),
    detail: str = "",
    child_id: Any = None,
    channel: str | None = None,
    record_id: Any = None,
    partnership_id: Any = None,
) -> AuditEvent:
    """Append one entry. `record` is a model instance, or a model class for lists and searches.

    `user` is the person acting (None for a task or command, or to name the signed-in person of the
    request being served). The request itself, for the address, channel and path, comes from the
    request context, so services never need it. `partnership_id` puts an entry by nobody signed in
    in a partnership's log (a failed sign-in to one of its accounts).
    """
    entry = AuditEvent(
        **_who_and_where(user, channel),
        **_what(action, record, fields=fields, detail=detail, child_id=child_id, record_id=record_id),
    )
    if partnership_id is not None and entry.partnership_id is None:
        entry.partnership_id = partnership_id
    _fill_partnership([entry], [record])
    _append([entry])
    return entry


# Beyond this many entries a list's audit is inserted in several statements (a page never shows so many).
BULK_BATCH = 2000


def write_each(
    action: str,
    records: Iterable[Any],
    *,
    user: Any,
    fields: Iterable[str] = (),
    detail: str | Callable[[Any], str] = "",
    channel: str | None = None,
) -> list[AuditEvent]:
    """One entry per record, as `write` would append them one by one, inserted together in one
    statement: a page or API answer showing many records audits them all at the cost of one.
    `detail` is the same for every entry, or a function of the record."""
    who = _who_and_where(user, channel)
    names = list(fields)
    shown = list(records)
    entries = [
        AuditEvent(**who, **_what(action, record, fields=names, detail=detail(record) if callable(detail) else detail))
        for record in shown
    ]
    _fill_partnership(entries, shown)
    _append(entries)
    return entries


def _who_and_where(user: Any, channel: str | None) -> dict[str, Any]:
    """Who acted (and their role and agency at that moment), from which address, path and channel."""
    request = _current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    return {
        "user": user if authenticated else None,
        "partnership_id": getattr(user, "partnership_id", None) if authenticated else None,
        "username": user.get_username() if authenticated else "anonymous",
        "role": getattr(user, "role", "") or "",
        "agency": str(getattr(user, "agency", "") or "") if authenticated else "",
        "ip_address": client_address(request),
        "channel": channel or getattr(request, "audit_channel", None) or ("web" if request else "task"),
        "path": (request.get_full_path()[:500] if request else ""),
    }


def _fill_partnership(entries: list[AuditEvent], records: list[Any]) -> None:
    """Entries by nobody in a partnership go in the log of their child's partnership: read from a
    child record at hand, else asked of cepathway.children in one query (tasks and commands only)."""
    missing = [entry for entry in entries if entry.partnership_id is None and entry.child_id is not None]
    if not missing:
        return
    children = [
        record for record in records if getattr(record, "audit_is_child", False) and not isinstance(record, type)
    ]
    known = {child.pk: child.partnership_id for child in children}
    unknown = {entry.child_id for entry in missing} - known.keys()
    for source in _partnerships_of_children if unknown else []:
        known.update(source(unknown))
    for entry in missing:
        entry.partnership_id = known.get(entry.child_id)


def _what(
    action: str, record: Any, *, fields: Iterable[str], detail: str, child_id: Any = None, record_id: Any = None
) -> dict[str, Any]:
    """What was done to which record, and the child it is about."""
    record_type, label_id = record_label(record)
    return {
        "action": action,
        "record_type": record_type,
        "record_id": str(record_id) if record_id is not None else label_id,
        "child_id": child_id or (None if isinstance(record, type) else child_id_of(record)),
        "fields": sorted(set(fields)),
        "detail": detail[:500],
    }


# One function a kind of entry, each taking the acting user first: the same call from a view, an
# API operation, a service, a task or a command.


def viewed(user: Any, record: Any, detail: str = "") -> AuditEvent:
    return write(AuditAction.VIEWED, record, user=user, detail=detail)


def viewed_each(user: Any, records: Iterable[Any], detail: str = "") -> list[AuditEvent]:
    """A `viewed` entry for each record a list shows, in one statement (see `write_each`)."""
    return write_each(AuditAction.VIEWED, records, user=user, detail=detail)


def listed(user: Any, model: type[models.Model], detail: str = "") -> AuditEvent:
    return write(AuditAction.LISTED, model, user=user, detail=detail)


def searched(user: Any, model: type[models.Model], detail: str = "") -> AuditEvent:
    return write(AuditAction.SEARCHED, model, user=user, detail=detail)


def downloaded(user: Any, record: Any, detail: str = "") -> AuditEvent:
    """`record` (or a search of `record`'s model) given to `user` as a file to keep."""
    return write(AuditAction.DOWNLOADED, record, user=user, detail=detail)


def created(user: Any, record: Any, detail: str = "") -> AuditEvent:
    return write(AuditAction.CREATED, record, user=user, detail=detail)


def created_each(user: Any, records: Iterable[Any], detail: str | Callable[[Any], str] = "") -> list[AuditEvent]:
    """A `created` entry for each record made together, in one statement (see `write_each`)."""
    return write_each(AuditAction.CREATED, records, user=user, detail=detail)


def changed(user: Any, record: Any, fields: Iterable[str], detail: str = "") -> AuditEvent:
    return write(AuditAction.CHANGED, record, user=user, fields=fields, detail=detail)


def changed_each(
    user: Any, records: Iterable[Any], fields: Iterable[str], detail: str | Callable[[Any], str] = ""
) -> list[AuditEvent]:
    """A `changed` entry for each record changed together, in one statement (see `write_each`)."""
    return write_each(AuditAction.CHANGED, records, user=user, fields=fields, detail=detail)


def removed(user: Any, record: Any, detail: str = "") -> AuditEvent:
    """A record taken away (written before it is deleted, so the entry names it)."""
    return write(AuditAction.REMOVED, record, user=user, detail=detail)


def sent(user: Any, record: Any, detail: str = "", channel: str | None = None) -> AuditEvent:
    """A notification about `record` was sent (by `user`, or by the service itself: None)."""
    return write(AuditAction.SENT, record, user=user, detail=detail, channel=channel)


def denied(user: Any, model: type[models.Model], record_id: Any, detail: str = "") -> AuditEvent:
    return write(AuditAction.DENIED, model, user=user, record_id=record_id, detail=detail or "not in the user's scope")


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after.get(name))


def snapshot(record: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}
