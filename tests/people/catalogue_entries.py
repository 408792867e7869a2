"""The people app's own routes for tests/catalogue.py (see docs/testing.md)."""

from django.urls import reverse

from tests.catalogue import Route

PEOPLE_ROUTES: list[Route] = [
    # A person picker's type-ahead: colleagues of the signed-in person's own partnership, nothing of a child.
    Route(
        "people-search",
        html=False,
        url=lambda world: reverse("people-search") + "?q=fi&role=social_worker",
        note="a person picker's type-ahead: the caller's own partnership's people, not child records",
    ),
]
