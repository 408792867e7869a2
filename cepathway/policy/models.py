"""Each partnership's policy, kept as numbered versions that are never changed or deleted.

A version's `document` is `cepathway.core.policy.to_document(policy)`. The current policy is the
highest-numbered version; cepathway.policy.services reads and publishes them.
"""

from typing import Any

from django.db import models
from django.db.models import Q

from cepathway.core.models import TrackedModel
from cepathway.core.scoping import ScopedQuerySet
from cepathway.people.models import Partnership

APPEND_ONLY = "A policy version is never changed or deleted: publish a new version instead."


class PolicyVersionQuerySet(ScopedQuerySet["PolicyVersion"]):
    def visible_to(self, user: Any) -> "PolicyVersionQuerySet":
        """Everyone sees their own partnership's policy, and no other."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.agency_id:
            return self.none()
        return self.filter(partnership_id=user.partnership_id)

    def update(self, **kwargs: Any) -> int:
        raise PermissionError(APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)


class PolicyVersion(TrackedModel):
    """One version of a partnership's policy: what it said, who published it, when and why."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="policy_versions")
    number = models.PositiveIntegerField(help_text="1 for the partnership's first policy, then 2, 3 and so on.")
    document = models.JSONField(help_text="The policy, as cepathway.core.policy.to_document writes it.")
    reason = models.TextField(blank=True, help_text="Why this version was made; required from version 2 on.")

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="policy_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="policy_version_number_from_one"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(reason=""), name="policy_version_reason_after_first"),
        ]

    def __str__(self) -> str:
        return f"Policy version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(APPEND_ONLY)
