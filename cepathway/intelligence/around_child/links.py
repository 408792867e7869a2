"""Addresses of the other parts' pages, asked by name so this part works before they exist."""

from typing import Any

from django.urls import NoReverseMatch, reverse

RECORD_PAGES = {
    "person": "intelligence:person",
    "place": "intelligence:place",
    "vehicle": "intelligence:vehicle",
    "phone": "intelligence:phone",
}


def url_or_blank(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return ""


def record_url(kind: str, record_id: Any) -> str:
    """The register record's page, or "" while the registers part has no such page."""
    name = RECORD_PAGES.get(kind)
    return url_or_blank(name, record_id) if name else ""
