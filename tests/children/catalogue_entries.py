"""The children app's own routes for tests/catalogue.py (see docs/testing.md)."""

from tests.catalogue import CHILD, Route, to

CHILDREN_ROUTES: list[Route] = [
    # The chronology: everyone who sees the child; viewing it is audited as viewing the child.
    Route("children:chronology", about=CHILD, url=to("children:chronology")),
]
