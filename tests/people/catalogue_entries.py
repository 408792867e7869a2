"""The people app's own routes for tests/catalogue.py (see docs/testing.md)."""

from django.urls import reverse

from tests.catalogue import ADMIN, FORM, Route

PEOPLE_ROUTES: list[Route] = [
    # A person picker's type-ahead: colleagues of the signed-in person's own partnership, nothing of a child.
    Route(
        "people-search",
        html=False,
        url=lambda world: reverse("people-search") + "?q=fi&role=social_worker",
        note="a person picker's type-ahead: the caller's own partnership's people, not child records",
    ),
    # Recent failed sign-ins to the partnership's own accounts, and lifting a lock (issue 11).
    Route(
        "sign-in-locks",
        roles=ADMIN,
        methods=FORM,
        audit="listed",
        note="the administrator's list of failed sign-ins to their partnership's accounts",
    ),
]
