"""What missing adds to the card at the top of a child's page: a link to the missing history
(with how many episodes, and whether the child is missing now) for those who may read it."""

from typing import Any

from django.urls import reverse

from cepathway.children.models import Child
from cepathway.children.summary import Link, SummaryPart

from . import rules
from .chronology import episodes_of


def child_summary(child: Child, user: Any) -> SummaryPart | None:
    if not user.has_perm(rules.VIEW, child):
        return None
    episodes = episodes_of(child, user)
    label = "Missing episodes"
    if episodes:
        missing_now = any(episode.is_still_missing for episode in episodes)
        label += f" ({len(episodes)}{', missing now' if missing_now else ''})"
    return SummaryPart(links=[Link(label, reverse("missing:history", args=[child.pk]))])
