"""What this part adds to lower apps' pages: a link on the child's card, and what may be shared
with the family on the child's pathway page and the family summary (cepathway.meetings.family_sharing)."""

from typing import Any

from django.urls import reverse

from cepathway.children.summary import Link, SummaryPart
from cepathway.meetings.family_sharing import Shareable

from . import sharing


def child_card(child: Any, user: Any) -> SummaryPart:
    """The card is shown only to those who may see the child; the page behind the link checks again."""
    return SummaryPart(
        links=[Link("What may be shared with the family", reverse("intelligence:sharing", args=[child.pk]))]
    )


def shareable(child: Any) -> list[Shareable]:
    url = reverse("intelligence:sharing", args=[child.pk])
    return [
        Shareable(source=_decided_by(decision), text=decision.what, url=url)
        for decision in sharing.shared_with_family(child)
    ]


def _decided_by(decision: Any) -> str:
    agency = decision.decided_by.agency
    who = str(agency) if agency is not None else str(decision.decided_by)
    return f"{who}, for {decision.with_whom}"
