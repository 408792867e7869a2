"""The people app's own routes for tests/catalogue.py (see docs/testing.md)."""

from django.urls import reverse

from cepathway.people.models import Role, User
from tests.catalogue import ADMIN, FORM, PARTNERSHIP, Route, to


def _colleague(world, partnership):
    """Someone of the partnership whose password its administrator may reset (not an administrator)."""
    return User.objects.filter(agency__partnership=partnership).exclude(role=Role.ADMINISTRATOR).first()


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
    # Your account (issue 11): who you are, your password, your API tokens ("api-token", in
    # tests/catalogue.py), signing out everywhere; the warning's "Stay signed in".
    Route("account", note="the signed-in person's own account: nothing of a child"),
    Route("password-change", methods=FORM, note="the signed-in person's own password"),
    Route(
        "sign-out-everywhere",
        methods=("POST",),
        html=False,
        note="ends every session of the signed-in person, this one included",
    ),
    Route(
        "session-keep-alive",
        methods=("POST",),
        html=False,
        note="'Stay signed in': the idle limit starts again (204)",
    ),
    # The partnership administrator's accounts, and the reset of a colleague's password.
    Route("people-accounts", roles=ADMIN, audit="listed", note="the partnership's accounts, not child records"),
    Route(
        "password-reset",
        about=PARTNERSHIP,
        role_first=True,
        roles=ADMIN,
        methods=FORM,
        url=to("password-reset", _colleague),
        note="another partnership's person is a 404 (an audited refusal)",
    ),
]
