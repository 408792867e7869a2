"""Links in the footer of every page, for everyone (signed in or not): apps register them here.

Register in your AppConfig.ready():

    from cepathway.ui import footer
    footer.register("Guide for parents and carers", lambda request: reverse("family:guide-index"))

`url(request)` gives the link's address for that request, or "" to leave the link out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


# Keyed by label, so registering again (ready() can run twice in tests) replaces rather than duplicates.
_entries: dict[str, tuple[Callable[[HttpRequest], str], int]] = {}


def register(label: str, url: Callable[[HttpRequest], str], order: int = 100) -> None:
    _entries[label] = (url, order)


def unregister(label: str) -> None:
    _entries.pop(label, None)


def links_for(request: HttpRequest) -> list[FooterLink]:
    ordered = sorted(_entries.items(), key=lambda item: (item[1][1], item[0]))
    return [FooterLink(label, address) for label, (url, _order) in ordered if (address := url(request))]
