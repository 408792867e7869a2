"""The people app's own routes for tests/catalogue.py (see docs/testing.md)."""

from django.urls import reverse

from cepathway.people.models import Role, User
from tests.catalogue import ADMIN, FORM, PARTNERSHIP, PUBLIC, Route, to


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

# Two-factor authentication (issue 11): the code after the password, Your account's page, set-up,
# recovery codes, turning it off, and the administrator's reset. Pages reached only in a state the matrix
# does not make (a password just given, codes just shown, an app set up) answer with a redirect here;
# tests/people/test_two_factor.py and tests/browser/test_two_factor_pages.py draw them.
TWO_FACTOR_ROUTES: list[Route] = [
    Route(
        "two-factor-code",
        roles=PUBLIC,
        methods=FORM,
        ok=302,
        html=False,
        note="the code after the password: without a password just given, back to the sign-in page",
    ),
    Route("two-factor", note="the signed-in person's own two-factor authentication"),
    Route("two-factor-setup", methods=FORM, note="the signed-in person sets up their own authenticator app"),
    Route(
        "two-factor-recovery-codes",
        methods=("POST",),
        html=False,
        note="new recovery codes for the signed-in person (none without an app: back to the page)",
    ),
    Route(
        "two-factor-recovery-codes-download",
        ok=302,
        html=False,
        note="the recovery codes just shown, as text; otherwise back to the two-factor page",
    ),
    Route(
        "two-factor-remove",
        methods=FORM,
        ok=302,
        html=False,
        note="turning off the signed-in person's own two-factor (nothing to turn off: back to the page)",
    ),
    Route(
        "two-factor-reset",
        about=PARTNERSHIP,
        role_first=True,
        roles=ADMIN,
        methods=FORM,
        url=to("two-factor-reset", _colleague),
        note="another partnership's person is a 404 (an audited refusal)",
    ),
]
