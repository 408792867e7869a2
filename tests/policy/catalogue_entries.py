"""The policy app's routes for tests/catalogue.py. Everyone with an agency reads their own
partnership's policy; only the partnership administrator changes it. A version is a partnership's
own record: another partnership's is not found (404, audited as refused), whoever asks."""

from tests.catalogue import ADMIN, FORM, PARTNERSHIP, Route, first_of, to

POLICY_ROUTES: list[Route] = [
    Route("policy:current", audit="viewed"),
    Route("policy:history", audit="listed"),
    Route("policy:edit", roles=ADMIN, methods=FORM),
    Route(
        "policy:version",
        about=PARTNERSHIP,
        url=to("policy:version", first_of("policy.PolicyVersion")),
        audit="viewed",
    ),
]
