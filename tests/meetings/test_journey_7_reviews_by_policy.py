"""Step 7: the next review is scheduled by policy with the right chair and an allowed venue; at each
review the status can change (cadence and chair follow), the plan is updated, or the pathway ends
with a reason. Overdue reviews stand out for those responsible and managers, and a daily task
emails each person what is due within a week or overdue, once."""

from dataclasses import replace
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import CEStatus, Child, Involvement, InvolvementKind
from cepathway.core.policy import DEFAULT_POLICY, PARENTS_GUIDE_POLICY
from cepathway.meetings import booking, reminders, safety_plan, scheduling
from cepathway.meetings.errors import MeetingError
from cepathway.meetings.models import ClosureReason, Meeting, MeetingKind, MeetingState, Pathway, ReminderSent
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from tests.factories import UserFactory, adopt_policy

from .conftest import at, form_date, working_day_after


def test_reviews_follow_the_status_through_the_pages(world, clock, client_for, pathway):
    level1 = pathway.hold(pathway.level1())
    manager, lp = world.users[Role.TEAM_MANAGER], world.users[Role.LEAD_PROFESSIONAL]
    cerar = client_for(pathway.cerar)
    form = {
        "version": level1.version, "status": "medium", "ce_types": ["cce"], "rationale": "Agreed.",
        "review_venue": "early_help", "review_chair": str(manager.pk), "invite_same_people": "on",
    }  # fmt: skip
    refused = cerar.post(reverse("meetings:outcome", args=[level1.pk]), form)
    assert "cannot be held at Early Help" in refused.content.decode()
    wrong_chair = cerar.post(
        reverse("meetings:outcome", args=[level1.pk]), {**form, "review_venue": "school", "review_chair": str(lp.pk)}
    )
    assert "chaired by a Complex Safeguarding Team Manager" in wrong_chair.content.decode()
    assert not Meeting.objects.filter(previous=level1).exists()

    assert (
        cerar.post(reverse("meetings:outcome", args=[level1.pk]), {**form, "review_venue": "school"}).status_code == 302
    )
    review = Meeting.objects.get(previous=level1)
    expected = scheduling.next_working_day(level1.scheduled_on + timedelta(weeks=8), "ENG")
    assert (review.kind, review.due_on, review.scheduled_on, review.chair, review.venue) == (
        MeetingKind.REVIEW, expected, expected, manager, "school",
    )  # fmt: skip
    assert set(review.invitations.values_list("user", flat=True)) == set(
        level1.invitations.values_list("user", flat=True)
    )

    later = cerar.post(
        reverse("meetings:details", args=[review.pk]),
        {
            "version": review.version,
            **form_date("date", expected + timedelta(days=7)),
            "time": "10:00",
            "venue": "school",
            "chair": str(manager.pk),
        },  # fmt: skip
    )
    assert "due by" in later.content.decode()

    clock.travel_to(expected + timedelta(days=2))
    manager_page = client_for(manager)
    work = manager_page.get(reverse("my-work")).content.decode()
    assert "Meetings and reviews I chair" in work and "Overdue" in work
    assert "Overdue across the partnership" in work
    assert manager_page.get(reverse("meetings:overdue")).status_code == 200

    review = pathway.hold(review)
    high = pathway.decide(review, CEStatus.HIGH).review
    assert high.due_on == scheduling.next_working_day(review.scheduled_on + timedelta(weeks=4), "ENG")
    assert high.chair.role == Role.TEAM_MANAGER

    low = pathway.decide(high, CEStatus.LOW, review_venue="early_help", review_chair=lp).review
    assert (low.due_on, low.venue, low.chair) == (
        scheduling.next_working_day(high.scheduled_on + timedelta(weeks=12), "ENG"), "early_help", lp,
    )  # fmt: skip

    client = client_for(pathway.cerar)
    ended = client.post(
        reverse("meetings:outcome", args=[low.pk]),
        {
            "version": Meeting.objects.get(pk=low.pk).version,
            "status": "none",
            "rationale": "Safety goals met.",
            "closure_reason": ClosureReason.SAFE_ENOUGH,
        },  # fmt: skip
    )
    assert ended.status_code == 200  # the day of the meeting has not come
    pathway.hold(low)
    client = client_for(pathway.cerar)
    ended = client.post(
        reverse("meetings:outcome", args=[low.pk]),
        {
            "version": Meeting.objects.get(pk=low.pk).version,
            "status": "none",
            "rationale": "Safety goals met.",
            "closure_reason": ClosureReason.SAFE_ENOUGH,
        },  # fmt: skip
    )
    assert ended.status_code == 302
    child = Child.objects.get(pk=level1.child_id)
    closed = Pathway.objects.get(child=child)
    assert (child.ce_status, closed.closure_reason, closed.closed_by_meeting_id) == ("none", "safe_enough", low.pk)
    assert not Meeting.objects.filter(child=child, state=MeetingState.SCHEDULED).exists()
    police = world.users[Role.POLICE_OFFICER]
    assert not Involvement.objects.active().filter(child=child, user=police, kind=InvolvementKind.MEETING_INVITEE)
    assert not Involvement.objects.active().filter(child=child, kind=InvolvementKind.MEETING_INVITEE), "chairs too"
    history = [d.status for d in child.ce_status_history.order_by("decided_at")]
    assert history == ["medium", "high", "low", "none"]


def test_a_partnership_sets_its_own_cadence(world, clock, pathway):
    adopt_policy(world.home, PARENTS_GUIDE_POLICY)
    level1 = pathway.level1()
    review = pathway.decide(level1, CEStatus.MEDIUM).review
    assert review.due_on == scheduling.next_working_day(level1.scheduled_on + timedelta(weeks=4), "ENG")


def test_reminders_are_sent_once_without_child_names(world, clock, pathway, django_capture_on_commit_callbacks):
    # Reminders go into the outbox with what they remind of, and are sent once that is saved (committed).
    def send_reminders(today):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.send_reminders(today)

    level1 = pathway.level1()
    review = pathway.decide(level1, CEStatus.HIGH).review
    mail.outbox.clear()
    clock.travel_to(review.due_on - timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    manager = world.users[Role.TEAM_MANAGER]
    to_manager = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(to_manager) == 1
    child = review.child
    assert child.initials in to_manager[0].body and child.last_name not in to_manager[0].body
    assert "Due in the next week" in to_manager[0].body
    assert ReminderSent.objects.filter(user=manager, item_id=review.pk, kind="due_soon").count() == 1

    mail.outbox.clear()
    send_reminders(clock.today)
    clock.advance(1)
    send_reminders(clock.today)
    assert [m for m in mail.outbox if m.to == [manager.email]] == []

    clock.travel_to(review.due_on + timedelta(days=1))
    send_reminders(clock.today)
    overdue = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(overdue) == 1 and "Overdue" in overdue[0].body
    send_reminders(clock.today)
    assert len([m for m in mail.outbox if m.to == [manager.email]]) == 1


def test_reviews_through_the_api(world, clock, api_client_for, pathway):
    level1 = pathway.hold(pathway.level1())
    api = api_client_for(pathway.cerar)
    lp = world.users[Role.LEAD_PROFESSIONAL]
    body = {"version": level1.version, "status": "low", "ce_types": ["cse"], "rationale": "Low worries.",
            "review_venue": "early_help", "review_chair_id": str(lp.pk)}  # fmt: skip
    done = api.post(f"/api/meetings/{level1.pk}/outcome", body, content_type="application/json")
    assert done.status_code == 201
    review = done.json()["review"]
    assert review["due_on"] == scheduling.next_working_day(level1.scheduled_on + timedelta(weeks=12), "ENG").isoformat()
    assert (review["venue"], review["chair_id"]) == ("early_help", str(lp.pk))
    lp_api = api_client_for(lp)
    new_day = scheduling.next_working_day(clock.today + timedelta(days=30), "ENG")
    moved = lp_api.patch(
        f"/api/meetings/{review['id']}",
        {
            "version": review["version"],
            "date": new_day.isoformat(),
            "time": "13:00",
            "venue": "early_help",
            "chair_id": str(lp.pk),
        },  # fmt: skip
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["scheduled_for"].startswith(new_day.isoformat())
    too_late = lp_api.patch(
        f"/api/meetings/{review['id']}",
        {
            "version": moved.json()["version"],
            "date": (new_day + timedelta(weeks=12)).isoformat(),
            "time": "13:00",
            "venue": "early_help",
            "chair_id": str(lp.pk),
        },  # fmt: skip
        content_type="application/json",
    )
    assert too_late.status_code == 422 and "due by" in str(too_late.json())


def test_an_outcome_recorded_late_books_the_review_from_today_not_in_the_past(world, clock, pathway):
    level1 = pathway.hold(pathway.level1())
    clock.advance(40)  # the minutes are written up long after a High review fell due
    review = pathway.decide(level1, CEStatus.HIGH, hold=False).review
    due = scheduling.review_plan(CEStatus.HIGH, level1.scheduled_on, policy_for(world.home)).due_on
    assert review.due_on == due < clock.today
    assert review.scheduled_on == scheduling.next_working_day(clock.today + timedelta(days=1), "ENG")
    assert review.is_overdue(clock.today), "booked after its due date, it shows as overdue until held"


def test_a_review_booked_after_its_due_date_is_overdue_on_every_page_that_lists_it(
    world, clock, pathway, client_for, api_client_for
):
    """ "Overdue" is the model's rule (its date or its due date has passed), never re-derived by a page:
    the chair's own work page, the meetings list and the child's pathway say what the API and the
    managers' overview say."""
    level1 = pathway.hold(pathway.level1())
    clock.advance(40)
    review = pathway.decide(level1, CEStatus.HIGH, hold=False).review
    assert review.scheduled_on > clock.today > review.due_on, "its date is still to come; its due date has passed"
    chair = review.chair
    overdue_tag = 'govuk-tag--red">Overdue'
    chairs_work = client_for(chair).get(reverse("my-work")).content.decode()
    assert "Meetings and reviews I chair" in chairs_work and overdue_tag in chairs_work
    assert overdue_tag in client_for(chair).get(reverse("meetings:list")).content.decode()
    assert overdue_tag in client_for(chair).get(reverse("meetings:child", args=[review.child_id])).content.decode()
    detail = client_for(chair).get(reverse("meetings:detail", args=[review.pk])).content.decode()
    assert "This meeting is overdue" in detail
    mine = api_client_for(chair).get("/api/meetings/my-meetings").json()
    assert [row["overdue"] for row in mine["chairing"] if row["id"] == str(review.pk)] == [True]
    assert str(review.pk) in {row["id"] for row in api_client_for(chair).get("/api/meetings/overdue").json()["reviews"]}


def test_an_overdue_review_can_still_be_moved_or_given_a_new_chair(world, clock, pathway):
    review = pathway.decide(pathway.level1(), CEStatus.MEDIUM).review
    clock.travel_to(review.scheduled_on + timedelta(days=3))
    review.refresh_from_db()
    other_manager = UserFactory(role=Role.TEAM_MANAGER, agency=review.chair.agency)

    def move(when):
        review.refresh_from_db()
        details = booking.Details(when, review.venue, review.location, other_manager)
        booking.change_details(review, details, expected_version=review.version, by=pathway.cerar)
        review.refresh_from_db()

    move(review.scheduled_for)
    assert review.chair == other_manager, "a new chair for an overdue review, its date unchanged"

    soon = working_day_after(clock.today, 2)
    move(at(soon))
    assert review.scheduled_on == soon and review.due_on < soon

    with pytest.raises(MeetingError, match="which has passed"):
        move(at(working_day_after(clock.today, 30)))
    with pytest.raises(
        MeetingError, match="held that day, say why it is recorded late; otherwise choose today or a later date"
    ):
        move(at(clock.today - timedelta(days=1)))


CERAR_CHAIRS_MEDIUM = replace(
    DEFAULT_POLICY,
    name="Fictional partnership whose CERAR lead chairs Medium reviews",
    reviews={**DEFAULT_POLICY.reviews, "medium": replace(DEFAULT_POLICY.reviews["medium"], chair_role="cerar_lead")},
    default_meeting_time=time(14, 30),
)


def test_the_review_chair_and_time_come_from_the_partnerships_policy(world, clock, client_for, pathway):
    adopt_policy(world.home, CERAR_CHAIRS_MEDIUM)
    level1 = pathway.hold(pathway.level1())
    due = scheduling.review_plan(CEStatus.MEDIUM, level1.scheduled_on, policy_for(world.home)).due_on
    form = {
        "version": level1.version, "status": "medium", "ce_types": ["cce"], "rationale": "Agreed.",
        "review_venue": "school", "review_chair": str(pathway.cerar.pk), **form_date("review_date", due),
    }  # fmt: skip
    response = client_for(pathway.cerar).post(reverse("meetings:outcome", args=[level1.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Meeting.objects.get(previous=level1)
    assert review.chair == pathway.cerar
    assert timezone.localtime(review.scheduled_for).time() == time(14, 30)


def test_my_meetings_and_the_overdue_overview_through_the_api(world, clock, api_client_for, pathway):
    """What the work pages list: the meetings each person chairs or is invited to, and for managers
    and CERAR the reviews and actions that are overdue, only for children they may see."""
    level1 = pathway.hold(pathway.level1())
    review = pathway.decide(level1, CEStatus.MEDIUM, invite_same_people=True).review
    manager, police = world.users[Role.TEAM_MANAGER], world.users[Role.POLICE_OFFICER]
    action = safety_plan.add_action(
        level1, description="Fictional visit.", owner=police, due_on=clock.today + timedelta(days=3), by=pathway.cerar
    )
    assert review.chair == manager

    mine = api_client_for(manager).get("/api/meetings/my-meetings")
    assert mine.status_code == 200
    assert str(review.pk) in [m["id"] for m in mine.json()["chairing"]]
    assert str(review.pk) not in [m["id"] for m in mine.json()["invited_to"]]
    invited = api_client_for(police).get("/api/meetings/my-meetings").json()
    assert str(review.pk) in [m["id"] for m in invited["invited_to"]] and invited["chairing"] == []
    assert api_client_for(world.unrelated).get("/api/meetings/my-meetings").json() == {
        "chairing": [],
        "invited_to": [],
    }

    before = api_client_for(manager).get("/api/meetings/overdue")
    assert before.status_code == 200 and str(review.pk) not in {m["id"] for m in before.json()["reviews"]}
    clock.travel_to(review.due_on + timedelta(days=2))
    overdue = api_client_for(manager).get("/api/meetings/overdue").json()
    assert str(review.pk) in {m["id"] for m in overdue["reviews"]}
    assert {a["id"]: a["overdue"] for a in overdue["actions"]}[str(action.pk)] is True
    elsewhere = api_client_for(world.elsewhere_lead).get("/api/meetings/overdue").json()
    assert str(review.pk) not in {m["id"] for m in elsewhere["reviews"]}, "another partnership's child"
    assert str(action.pk) not in {a["id"] for a in elsewhere["actions"]}
    assert api_client_for(police).get("/api/meetings/overdue").status_code == 403


def test_an_overdue_review_is_given_a_new_chair_through_the_page(world, clock, client_for, pathway):
    review = pathway.decide(pathway.level1(), CEStatus.MEDIUM).review
    clock.travel_to(review.scheduled_on + timedelta(days=3))
    other_manager = UserFactory(role=Role.TEAM_MANAGER, agency=review.chair.agency)
    review.refresh_from_db()
    form = {
        "version": review.version,
        **form_date("date", review.scheduled_on),
        "time": timezone.localtime(review.scheduled_for).strftime("%H:%M"),
        "venue": review.venue,
        "location": review.location,
        "chair": str(other_manager.pk),
    }
    response = client_for(pathway.cerar).post(reverse("meetings:details", args=[review.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    review.refresh_from_db()
    assert review.chair == other_manager


def test_reminders_follow_each_partnerships_window_and_remind_a_late_review_as_overdue(world, clock, pathway):
    level1 = pathway.hold(pathway.level1())
    clock.advance(40)
    late = pathway.decide(level1, CEStatus.HIGH, hold=False).review  # booked after its due date
    soon = pathway.decide(pathway.level1(), CEStatus.MEDIUM).review
    clock.travel_to(soon.due_by - timedelta(days=10))
    due = reminders.due_items(clock.today)
    assert [(d.item, d.kind) for d in due[late.chair_id] if d.item == late] == [(late, "overdue")]
    assert soon not in [d.item for items in due.values() for d in items], "ten days ahead: outside a 7-day window"

    adopt_policy(world.home, replace(DEFAULT_POLICY, reminder_window=timedelta(days=14)))
    due = reminders.due_items(clock.today)
    assert [d.kind for d in due[soon.chair_id] if d.item == soon] == ["due_soon"], "the partnership's own window"
