"""The one scoping entry point for child-related records.

Every query for a record about a child goes through `visible_to(user, Model)` (or the same
method on the model's queryset, which this calls). Out of scope means "not found": views turn a
miss into a 404 and an audit entry, never a 403 that would confirm the record exists.
"""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from . import audit

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


def get_visible_or_404(request: HttpRequest, model: type[M], queryset: Any = None, **lookup: Any) -> M:
    """The record if the signed-in user may see it; else an audited 404."""
    rows = queryset if queryset is not None else visible_to(request.user, model)
    try:
        return rows.get(**lookup)
    except (ValueError, models.ObjectDoesNotExist) as missing:
        audit.denied(request, model, lookup.get("pk") or lookup.get("id") or next(iter(lookup.values()), ""))
        raise Http404(f"No {model._meta.verbose_name} found.") from missing
