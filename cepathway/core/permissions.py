"""The one check views and API operations make of what a role may do (scope is `scoping`)."""

from typing import Any

from django.core.exceptions import PermissionDenied


def require(user: Any, permission: str, obj: Any = None) -> None:
    """Refuse (403) unless `user` has `permission`, for `obj` when given."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied
