"""What missing adds to the card at the top of a child's page: a link to the missing history
(with how many episodes, and whether the child is missing now) for those who may read it."""

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from cepathway.children.models import Child
from cepathway.children.summary import Link, SummaryPart

from . import rules
from .models import MissingEpisode


def child_summary(child: Child, user: Any) -> SummaryPart | None:
    if not user.has_perm(rules.VIEW, child):
        return None
    counts = MissingEpisode.objects.filter(child=child).aggregate(
        all=Count("pk"), missing=Count("pk", filter=Q(returned_at__isnull=True))
    )
    label = "Missing episodes"
    if counts["all"]:
        label += f" ({counts['all']}{', missing now' if counts['missing'] else ''})"
    return SummaryPart(links=[Link(label, reverse("missing:history", args=[child.pk]))])
