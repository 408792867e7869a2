"""Addresses of the other parts' pages, asked by name so this part works with or without them."""

from typing import Any

from django.urls import NoReverseMatch, reverse

# The registers part's record page: /intelligence/registers/<persons|places|...>/<id>/.
RECORD_PAGE = "intelligence:register-record"
REGISTER_PATHS = {"person": "persons", "place": "places", "vehicle": "vehicles", "phone": "phones"}


def url_or_blank(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return ""


def record_url(kind: str, record_id: Any) -> str:
    """The register record's page, or "" where the registers part has no such page."""
    path = REGISTER_PATHS.get(kind)
    return url_or_blank(RECORD_PAGE, path, record_id) if path else ""


def disruption_url(kind: str, record_id: Any) -> str:
    """Where a handler records a disruption against the record, or "" where there is no such page."""
    path = REGISTER_PATHS.get(kind)
    return url_or_blank("intelligence:disruption-new", path, record_id) if path else ""
