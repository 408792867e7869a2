"""The one check views and API operations make of what a role may do (scope is `scoping`)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """Refuse (403) unless the signed-in user has `permission`, for `obj` when given."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied
