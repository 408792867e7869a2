"""The service navigation: apps register their pages here, and every page shows those the user may use.

Register in your AppConfig.ready():

    from cepathway.ui import navigation
    navigation.register("Children", "child-list", allowed=lambda user: user.has_perm("children.view_child"), order=20)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def _everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavigationEntry:
    label: str
    url_name: str
    allowed: Callable[[Any], bool]
    order: int


@dataclass(frozen=True)
class NavigationItem:
    """One link as a page shows it. `current`: this is the page; `active`: the page is in this section."""

    label: str
    url: str
    current: bool
    active: bool


# Keyed by URL name, so registering again (ready() can run twice in tests) replaces rather than duplicates.
_entries: dict[str, NavigationEntry] = {}


def register(label: str, url_name: str, allowed: Callable[[Any], bool] = _everyone, order: int = 100) -> None:
    """Show a link to `url_name` to signed-in users for whom `allowed(user)` is true, sorted by `order`."""
    _entries[url_name] = NavigationEntry(label, url_name, allowed, order)


def unregister(url_name: str) -> None:
    _entries.pop(url_name, None)


def items_for(request: HttpRequest) -> list[NavigationItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else None
    entries = sorted(_entries.values(), key=lambda entry: (entry.order, entry.label))
    shown = [(entry, reverse(entry.url_name)) for entry in entries if entry.allowed(user)]
    # A page is in the section of the longest URL it sits under: /intelligence/registers/... is in
    # Registers, not also in Intelligence at /intelligence/.
    sections = [url for _, url in shown if _sits_under(request.path, url)]
    section = max(sections, key=len, default=None)
    return [
        NavigationItem(
            entry.label, url, current=entry.url_name == view_name, active=entry.url_name == view_name or url == section
        )
        for entry, url in shown
    ]


def _sits_under(path: str, url: str) -> bool:
    """A section's pages sit under its URL; "/" would claim every page, so the home link is only ever current."""
    return url != "/" and (path == url or path.startswith(url.rstrip("/") + "/"))
