"""How a person signs in, kept apart from what they may do.

What a person may do is decided by the rules (`rules.permissions.ObjectPermissionBackend`, the first
backend) and nothing else: no code grants Django's model permissions (the `auth_permission` tables),
so asking them could never allow anything. Django's `ModelBackend` asks them anyway whenever the
rules refuse something, two queries a request (issue 8: most pages are refused something, if only
a navigation item). This backend signs people in exactly as `ModelBackend` does and grants nothing.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Username and password, as ModelBackend; no permissions from Django's tables."""

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False

    def get_user(self, user_id: Any) -> Any:
        """The signed-in person with their agency, which every page asks for (their partnership)."""
        users = get_user_model()._default_manager.select_related("agency")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
