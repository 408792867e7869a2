"""The notifications app's routes for tests/catalogue.py: one page, each person's own notifications."""

from tests.catalogue import Route

NOTIFICATIONS_ROUTES: list[Route] = [
    Route("notifications:list", audit="listed", note="only ever the signed-in person's own notifications"),
]
