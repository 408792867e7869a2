"""Finding one record for a person: out of their scope is an audited 404; in scope but not theirs
to use that way is a 403 (the permission, rules.py). Pages and API operations call the same helpers."""

from typing import Any
from uuid import UUID

from cepathway.core.scoping import get_visible_or_404

from .models import MissingEpisode, ReturnInterview


def episode_for(user: Any, pk: UUID, permission: str | None = None) -> MissingEpisode:
    rows = MissingEpisode.objects.visible_to(user).select_related("child", "child__partnership")
    return get_visible_or_404(user, MissingEpisode, rows, permission=permission, pk=pk)


def interview_for(user: Any, pk: UUID, permission: str | None = None) -> ReturnInterview:
    rows = ReturnInterview.objects.visible_to(user).select_related("child", "episode", "interviewer")
    return get_visible_or_404(user, ReturnInterview, rows, permission=permission, pk=pk)
