"""The Meetings page: every scheduled Level 1 meeting and review the person may see, 25 to a page
(it used to stop silently at 200), soonest first or sorted by a column, filtered by kind, chair or
overdue; a filter or sort it does not offer is refused clearly."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.core.policy import Venue
from cepathway.meetings.models import Meeting, MeetingKind, Pathway
from cepathway.people.models import Role
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    """32 scheduled meetings about new home children: every third chaired by the team manager, every
    fourth a review, the first five already past their date (overdue)."""
    cerar, manager = world.users[Role.CERAR_LEAD], world.users[Role.TEAM_MANAGER]
    # Surnames in a known order under any collation.
    for person, surname in ((cerar, "Chairwood"), (manager, "Chairfield")):
        person.last_name = surname
        person.save(update_fields=["last_name"])
    meetings = []
    for n in range(32):
        child = ChildFactory(partnership=world.home, last_name=f"Meetwood{n:02d}")
        pathway = Pathway(child=child)
        pathway.save_tracked(cerar)
        meeting = Meeting(
            pathway=pathway,
            child=child,
            kind=MeetingKind.REVIEW if n % 4 == 0 else MeetingKind.LEVEL1,
            scheduled_for=timezone.now() + timedelta(days=n - 5, hours=1),
            venue=Venue.ONLINE,
            location="Fictional video call",
            chair=manager if n % 3 == 0 else cerar,
        )
        meeting.save_tracked(cerar)
        meetings.append(meeting)
    return meetings


def scheduled(user):
    return list(Meeting.objects.visible_to(user).scheduled().select_related("child", "chair"))


def test_the_meetings_list_pages_soonest_first(world, many, client_for):
    cerar = world.users[Role.CERAR_LEAD]
    client = client_for(cerar)
    rows = sorted(scheduled(cerar), key=lambda m: (m.scheduled_for, m.pk))
    first = client.get(reverse("meetings:list"))
    assert first.status_code == 200
    assert f"Showing 1 to 25 of {len(rows)}" in first.content.decode()
    assert [m.pk for m in first.context["meetings"]] == [m.pk for m in rows[:25]]
    second = client.get(reverse("meetings:list") + first.context["listing"].next_url)
    assert [m.pk for m in second.context["meetings"]] == [m.pk for m in rows[25:50]]
    assert 'rel="prev"' in second.content.decode()


def test_sorted_by_child_or_chair(world, many, client_for):
    cerar = world.users[Role.CERAR_LEAD]
    client = client_for(cerar)
    by_child = client.get(reverse("meetings:list"), {"sort": "child", "dir": "desc"})
    shown = [m.child.last_name for m in by_child.context["meetings"]]
    ours = [name for name in shown if name.startswith("Meetwood")]
    assert ours == [f"Meetwood{n:02d}" for n in range(31, 31 - len(ours), -1)] and len(ours) >= 23
    assert 'aria-sort="descending"' in by_child.content.decode()
    by_chair = client.get(reverse("meetings:list"), {"sort": "chair"})
    chairs = [m.chair.last_name for m in by_chair.context["meetings"]]
    assert chairs == sorted(chairs)


def test_filtered_by_kind_chair_and_overdue(world, many, client_for):
    cerar, manager = world.users[Role.CERAR_LEAD], world.users[Role.TEAM_MANAGER]
    client = client_for(cerar)
    reviews = client.get(reverse("meetings:list"), {"kind": MeetingKind.REVIEW})
    assert reviews.context["meetings"] and {m.kind for m in reviews.context["meetings"]} == {MeetingKind.REVIEW}

    chaired = client.get(reverse("meetings:list"), {"chair": str(manager.pk)})
    assert chaired.context["meetings"] and {m.chair_id for m in chaired.context["meetings"]} == {manager.pk}

    overdue = client.get(reverse("meetings:list"), {"overdue": "yes"})
    assert overdue.status_code == 200
    assert {m.pk for m in overdue.context["meetings"]} == {m.pk for m in many[:5]}
    assert all(m.is_overdue() for m in overdue.context["meetings"])


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ({"kind": "level3"}, "Kind of meeting &#x27;level3&#x27; is not one this list offers"),
        ({"overdue": "maybe"}, "Overdue &#x27;maybe&#x27; is not one this list offers"),
        ({"chair": "nobody"}, "Chair &#x27;nobody&#x27; is not one this list offers"),
        ({"sort": "venue"}, "cannot be sorted by &#x27;venue&#x27;"),
    ],
)
def test_what_the_list_does_not_offer_is_refused(world, client_for, asked, says):
    response = client_for(world.users[Role.CERAR_LEAD]).get(reverse("meetings:list"), asked)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode() and says in response.content.decode()


def test_someone_unrelated_sees_no_meeting(world, many, client_for):
    response = client_for(world.unrelated).get(reverse("meetings:list"))
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.context["meetings"] == [] and response.context["chairs"] == []


def test_the_api_pages_with_offset_and_limit(world, many, api_client_for):
    cerar = world.users[Role.CERAR_LEAD]
    api = api_client_for(cerar)
    rows = sorted(scheduled(cerar), key=lambda m: (m.scheduled_for, m.pk))
    first = api.get("/api/meetings", {"limit": 10}).json()
    rest = api.get("/api/meetings", {"offset": 10}).json()
    assert [row["id"] for row in first + rest] == [str(m.pk) for m in rows]
    assert api.get("/api/meetings", {"offset": -1}).status_code == 422


@pytest.fixture
def long_overdue(world):
    """30 meetings past their date, about new home children, every third chaired by the team manager."""
    cerar, manager = world.users[Role.CERAR_LEAD], world.users[Role.TEAM_MANAGER]
    made = []
    for n in range(30):
        child = ChildFactory(partnership=world.home)
        pathway = Pathway(child=child)
        pathway.save_tracked(cerar)
        meeting = Meeting(
            pathway=pathway,
            child=child,
            kind=MeetingKind.REVIEW,
            scheduled_for=timezone.now() - timedelta(days=40 - n),
            venue=Venue.ONLINE,
            location="Fictional video call",
            chair=manager if n % 3 == 0 else cerar,
        )
        meeting.save_tracked(cerar)
        made.append(meeting)
    return made


def test_the_overdue_overview_pages_sorts_and_filters_reviews_by_chair(world, long_overdue, client_for):
    manager = world.users[Role.TEAM_MANAGER]
    client = client_for(manager)
    overdue = sorted(Meeting.objects.visible_to(manager).overdue(), key=lambda m: (m.scheduled_for, m.pk))
    first = client.get(reverse("meetings:overdue"))
    assert first.status_code == 200
    text = first.content.decode()
    assert f"Reviews and meetings overdue ({len(overdue)})" in text and f"Showing 1 to 25 of {len(overdue)}" in text
    assert [m.pk for m in first.context["reviews"].rows] == [m.pk for m in overdue[:25]]
    assert "reviews_cursor=" in first.context["reviews"].next_url
    second = client.get(reverse("meetings:overdue") + first.context["reviews"].next_url)
    assert [m.pk for m in second.context["reviews"].rows] == [m.pk for m in overdue[25:50]]
    newest = client.get(reverse("meetings:overdue"), {"reviews_sort": "when", "reviews_dir": "desc"})
    assert newest.context["reviews"].rows[0].pk == overdue[-1].pk

    theirs = client.get(reverse("meetings:overdue"), {"chair": str(manager.pk)})
    assert {m.chair_id for m in theirs.context["reviews"].rows} == {manager.pk}
    assert theirs.context["reviews"].total == sum(1 for m in overdue if m.chair_id == manager.pk)


def test_the_overdue_api_pages_each_list_with_its_own_cursor(world, long_overdue, api_client_for):
    """It used to answer up to 1,000 rows at once; now a page of each, with a cursor for the next."""
    manager = world.users[Role.TEAM_MANAGER]
    api = api_client_for(manager)
    overdue = sorted(Meeting.objects.visible_to(manager).overdue(), key=lambda m: (m.scheduled_for, m.pk))
    seen, reply = [], api.get("/api/meetings/overdue", {"limit": 12}).json()
    while True:
        assert len(reply["reviews"]) <= 12
        seen += [row["id"] for row in reply["reviews"]]
        if reply["reviews_next"] is None:
            break
        reply = api.get("/api/meetings/overdue", {"limit": 12, "reviews_cursor": reply["reviews_next"]}).json()
    assert seen == [str(m.pk) for m in overdue]
    refused = api.get("/api/meetings/overdue", {"actions_cursor": "tampered"})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["actions_cursor"]
    assert api.get("/api/meetings/overdue", {"limit": 500}).status_code == 422


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ({"agency": "bogus"}, "Owner&#x27;s agency &#x27;bogus&#x27; is not one this list offers"),
        ({"chair": "bogus"}, "Chair &#x27;bogus&#x27; is not one this list offers"),
        ({"actions_sort": "size"}, "cannot be sorted by &#x27;size&#x27;"),
    ],
)
def test_the_overdue_overview_refuses_what_it_does_not_offer(world, client_for, asked, says):
    response = client_for(world.users[Role.TEAM_MANAGER]).get(reverse("meetings:overdue"), asked)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode() and says in response.content.decode()


def test_my_work_counts_every_overdue_review_not_the_first_25(world, long_overdue, client_for):
    manager = world.users[Role.TEAM_MANAGER]
    overdue = Meeting.objects.visible_to(manager).overdue().count()
    assert overdue > 25
    page = client_for(manager).get(reverse("my-work")).content.decode()
    assert f"Reviews and meetings overdue ({overdue})" in page
    assert f"Showing the first 25 of {overdue}." in page


def test_my_work_links_a_chair_to_all_the_meetings_they_chair(world, many, long_overdue, client_for):
    cerar = world.users[Role.CERAR_LEAD]
    chaired = Meeting.objects.visible_to(cerar).scheduled().filter(chair=cerar).count()
    assert chaired > 25
    page = client_for(cerar).get(reverse("my-work")).content.decode()
    assert f"Showing the first 25 of {chaired}." in page
    link = f"{reverse('meetings:list')}?chair={cerar.pk}"
    assert link in page
    assert client_for(cerar).get(link).context["listing"].total == chaired
