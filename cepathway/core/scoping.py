"""The one scoping entry point for child-related records.

Every query for a record about a child goes through `visible_to(user, Model)` (or the same
method on the model's queryset, which this calls). Out of scope means "not found": views turn a
miss into a 404 and an audit entry, never a 403 that would confirm the record exists.

`get_visible_or_404` is the one way pages and API operations reach a single record: it scopes,
audits a miss as refused, and (given a permission) checks what the person may do with the record
in the same call, so no caller can find a record and forget to ask.
"""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from . import audit
from .permissions import require

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows who may see its rows. Subclasses implement `visible_to`."""

    def visible_to(self, user: Any) -> "ScopedQuerySet[M]":
        raise NotImplementedError


def visible_to(user: Any, model: type[M]) -> Any:
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        raise TypeError(f"{model._meta.label} is not a scoped model")
    return manager.visible_to(user)


def get_visible_or_404(
    user: Any, model: type[M], queryset: Any = None, *, permission: str | None = None, **lookup: Any
) -> M:
    """The record if `user` may see it (else an audited 404) and, given `permission`, may use it
    that way (else 403). `queryset` narrows or joins the scoped rows; it must start from them."""
    rows = queryset if queryset is not None else visible_to(user, model)
    try:
        record = rows.get(**lookup)
    except (ValueError, models.ObjectDoesNotExist) as missing:
        audit.denied(user, model, lookup.get("pk") or lookup.get("id") or next(iter(lookup.values()), ""))
        raise Http404(f"No {model._meta.verbose_name} found.") from missing
    if permission is not None:
        require(user, permission, record)
    return record
