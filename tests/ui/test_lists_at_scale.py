"""Issue 8: every list pages by keyset, so the SQL a page runs does not grow with the rows behind it.
Each list is asked for its first and its next page with some rows, then with twice as many; the
number of queries must be the same. (The counts include the COUNT for "Showing 1 to 25 of N", so
both sizes are more than a page.)"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepathway.core.policy import Venue
from cepathway.meetings.models import Action, Meeting, MeetingKind, Pathway
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify
from cepathway.people.models import Role
from tests.factories import ChildFactory
from tests.referrals.world import contact_about

pytestmark = pytest.mark.django_db

LISTS = [
    (Role.CERAR_LEAD, "children:list", {}),
    (Role.CERAR_LEAD, "children:list", {"q": "Scalewood"}),
    (Role.CERAR_LEAD, "children:list", {"sort": "worker", "dir": "desc"}),
    (Role.HUB_PRACTITIONER, "referrals:list", {}),
    (Role.CERAR_LEAD, "meetings:list", {}),
    (Role.TEAM_MANAGER, "meetings:overdue", {}),
    (Role.POLICE_OFFICER, "notifications:list", {}),
]


def grow(world, start, count):
    """`count` more children, each with a referral, an overdue review and an overdue action, and a
    notification for the police officer."""
    cerar, manager = world.users[Role.CERAR_LEAD], world.users[Role.TEAM_MANAGER]
    police = world.users[Role.POLICE_OFFICER]
    for n in range(start, start + count):
        child = ChildFactory(partnership=world.home, last_name=f"Scalewood{n:03d}")
        contact_about(world, child)
        pathway = Pathway(child=child)
        pathway.save_tracked(cerar)
        meeting = Meeting(
            pathway=pathway,
            child=child,
            kind=MeetingKind.REVIEW,
            scheduled_for=timezone.now() - timedelta(days=n + 1),
            venue=Venue.ONLINE,
            location="Fictional video call",
            chair=manager,
        )
        meeting.save_tracked(cerar)
        action = Action(
            child=child,
            meeting=meeting,
            description="Fictional visit.",
            owner=manager,
            owner_agency=manager.agency,
            due_on=timezone.localdate() - timedelta(days=n + 1),
        )
        action.save_tracked(cerar)
        notify(police, NotificationKind.NEW_ALERT, f"Fictional alert {n}.", "")


def queries(client, url, params):
    """The queries of the list's first page, and of the page its Next link leads to."""
    with CaptureQueriesContext(connection) as first:
        response = client.get(reverse(url), params)
    assert response.status_code == 200
    listing = response.context.get("listing") or response.context["reviews"]
    assert listing.next_url, "more than a page"
    with CaptureQueriesContext(connection) as following:
        assert client.get(reverse(url) + listing.next_url).status_code == 200
    return len(first), len(following)


def test_no_list_runs_more_queries_with_more_rows(world, client_for):
    grow(world, 0, 30)
    smaller = {
        (role, url, str(params)): queries(client_for(world.users[role]), url, params) for role, url, params in LISTS
    }
    grow(world, 30, 30)
    larger = {
        (role, url, str(params)): queries(client_for(world.users[role]), url, params) for role, url, params in LISTS
    }
    assert larger == smaller


def test_my_work_and_the_overdue_api_run_no_more_queries_with_more_rows(world, client_for, api_client_for):
    manager = world.users[Role.TEAM_MANAGER]
    counts = []
    for start in (0, 30):
        grow(world, start, 30)
        with CaptureQueriesContext(connection) as work:
            assert client_for(manager).get(reverse("my-work")).status_code == 200
        api = api_client_for(manager)
        with CaptureQueriesContext(connection) as overdue:
            reply = api.get("/api/meetings/overdue", {"limit": 10}).json()
        with CaptureQueriesContext(connection) as following:
            api.get("/api/meetings/overdue", {"limit": 10, "reviews_cursor": reply["reviews_next"]})
        counts.append((len(work), len(overdue), len(following)))
    assert counts[0] == counts[1]


def test_a_list_that_fits_on_one_page_asks_the_same_queries_as_one_that_does_not(world, client_for):
    """Its total is counted either way (issue 8: the bench saw the child search and the overdue
    overview ask one more query at metropolitan size, where their lists grew past a page)."""
    searches = [(Role.CERAR_LEAD, "children:list", {"q": "Scalewood"}), (Role.TEAM_MANAGER, "meetings:overdue", {})]

    def first_page(role, url, params):
        with CaptureQueriesContext(connection) as asked:
            assert client_for(world.users[role]).get(reverse(url), params).status_code == 200
        return len(asked)

    grow(world, 0, 3)
    one_page = [first_page(*search) for search in searches]
    grow(world, 3, 30)
    assert [first_page(*search) for search in searches] == one_page
