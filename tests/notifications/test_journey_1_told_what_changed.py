"""Issue 7, "Telling people what changed": moving, cancelling or re-chairing a meeting and
withdrawing an invitation tell the people affected (its invitees and chair, never the person who
made the change), and a new action tells its owner; each by one email and a notification on their
My work page, marked new until seen. Nobody else sees any of it."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from cepathway.meetings import safety_plan
from cepathway.meetings.models import Invitation
from cepathway.notifications.models import Notification, NotificationKind
from cepathway.notifications.services import mark_read, notify, unread_for
from cepathway.people.models import Role
from tests.factories import UserFactory
from tests.meetings.conftest import form_date, working_day_after

NEW_TAG = '<strong class="govuk-tag govuk-tag--blue">New</strong>'


def _move(page, meeting, day, *, chair, time="15:30", venue="school", location="Room 4, Fictional House"):
    form = {
        "version": meeting.version,
        **form_date("date", day),
        "time": time,
        "venue": venue,
        "location": location,
        "chair": str(chair.pk),
    }
    return page.post(reverse("meetings:details", args=[meeting.pk]), form)


def test_cerar_moves_a_meeting_and_each_invitee_is_told_once(
    world, clock, client_for, pathway, django_capture_on_commit_callbacks
):
    meeting = pathway.level1()
    child = meeting.child
    police, school = world.users[Role.POLICE_OFFICER], world.users[Role.PARTNER_PROFESSIONAL]
    new_day = working_day_after(meeting.scheduled_on, 3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moved = _move(client_for(pathway.cerar), meeting, new_day, chair=pathway.cerar)

    assert moved.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted([police.email, school.email])
    for message in mail.outbox:
        assert f"{new_day:%-d %B %Y}" in message.subject and f"{new_day:%-d %B %Y}" in message.body
        assert "15:30" in message.body and "School or college" in message.body and "Room 4" in message.body
        assert child.initials in message.body
        assert child.first_name not in message.body and child.last_name not in message.body
        assert reverse("meetings:detail", args=[meeting.pk]) in message.body
    for user in (police, school):
        told = Notification.objects.get(recipient=user)
        assert told.kind == NotificationKind.MEETING_MOVED and told.read_at is None
        assert told.link == reverse("meetings:detail", args=[meeting.pk]) and told.created_by == pathway.cerar
        assert f"{new_day:%-d %B %Y}" in told.message and child.last_name not in told.message
    assert not Notification.objects.filter(recipient=pathway.cerar).exists(), "the mover is not told of their move"

    police_page = client_for(police)
    first = police_page.get(reverse("my-work")).content.decode()
    assert "Notifications" in first and NEW_TAG in first and f"{new_day:%-d %B %Y}" in first
    assert reverse("meetings:detail", args=[meeting.pk]) in first and reverse("notifications:list") in first
    assert not unread_for(police).exists()
    again = police_page.get(reverse("my-work")).content.decode()
    assert f"{new_day:%-d %B %Y}" in again and NEW_TAG not in again, "shown once as new, then as read"

    unrelated = client_for(world.unrelated)
    assert "Notifications" not in unrelated.get(reverse("my-work")).content.decode()
    listing = unrelated.get(reverse("notifications:list")).content.decode()
    # Not the child's initials: two letters can be found in any page ("AP" in "API token").
    assert "You have no notifications" in listing and reverse("meetings:detail", args=[meeting.pk]) not in listing
    assert unread_for(school).count() == 1, "the school's notification is untouched by others' visits"

    mail.outbox.clear()
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unchanged = _move(client_for(pathway.cerar), meeting, new_day, chair=pathway.cerar)
    assert unchanged.status_code == 302 and mail.outbox == [], "saving the same details tells nobody"


def test_cancelling_tells_the_invitees_not_to_come(
    world, clock, client_for, pathway, django_capture_on_commit_callbacks
):
    meeting = pathway.level1()
    police, school = world.users[Role.POLICE_OFFICER], world.users[Role.PARTNER_PROFESSIONAL]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(pathway.cerar).post(
            reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Family moved away.", "version": meeting.version}
        )

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted([police.email, school.email])
    body = mail.outbox[0].body
    assert "cancelled" in body and "do not need to attend" in body and "Family moved away" not in body
    told = Notification.objects.get(recipient=school)
    assert told.kind == NotificationKind.MEETING_CANCELLED
    assert told.link == "", "the invitee no longer sees the meeting, so is given no link to it"
    work = client_for(school).get(reverse("my-work")).content.decode()
    assert "cancelled" in work and reverse("meetings:detail", args=[meeting.pk]) not in work
    assert not Notification.objects.filter(recipient=pathway.cerar).exists()


def test_re_chairing_tells_the_old_and_new_chair_and_the_invitees(
    world, clock, client_for, pathway, django_capture_on_commit_callbacks
):
    meeting = pathway.level1()
    agency = pathway.cerar.agency
    colleague = UserFactory(role=Role.CERAR_LEAD, agency=agency)
    new_chair = UserFactory(role=Role.CERAR_LEAD, agency=agency)
    police, school, old_chair = world.users[Role.POLICE_OFFICER], world.users[Role.PARTNER_PROFESSIONAL], pathway.cerar
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        changed = _move(
            client_for(colleague),
            meeting,
            meeting.scheduled_on,
            chair=new_chair,
            time=f"{meeting.scheduled_for:%H:%M}",
            venue=meeting.venue,
            location=meeting.location,
        )

    assert changed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair == new_chair
    emailed = sorted(message.to[0] for message in mail.outbox)
    assert emailed == sorted([police.email, school.email, old_chair.email, new_chair.email])
    kinds = dict(Notification.objects.values_list("recipient", "kind"))
    assert kinds == {user.pk: NotificationKind.CHAIR_CHANGED for user in (police, school, old_chair, new_chair)}
    assert "You now chair" in Notification.objects.get(recipient=new_chair).message
    assert "You no longer chair" in Notification.objects.get(recipient=old_chair).message
    assert str(new_chair) in Notification.objects.get(recipient=police).message
    assert not Notification.objects.filter(recipient=colleague).exists(), "the person who changed it is not told"


def test_withdrawing_an_invitation_tells_the_person_withdrawn(
    world, clock, client_for, pathway, django_capture_on_commit_callbacks
):
    meeting = pathway.level1()
    school, police = world.users[Role.PARTNER_PROFESSIONAL], world.users[Role.POLICE_OFFICER]
    invitation = Invitation.objects.get(meeting=meeting, user=school)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(pathway.cerar).post(reverse("meetings:withdraw-invitation", args=[invitation.pk]))

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[school.email]]
    assert "withdrawn" in mail.outbox[0].subject.lower() and meeting.child.initials in mail.outbox[0].body
    told = Notification.objects.get()
    assert (told.recipient, told.kind, told.link) == (school, NotificationKind.INVITATION_WITHDRAWN, "")
    assert not Notification.objects.filter(recipient=police).exists()


def test_a_new_action_tells_its_owner(world, clock, client_for, pathway, django_capture_on_commit_callbacks):
    meeting = pathway.hold(pathway.level1(invite=False))
    owner = world.users[Role.POLICE_OFFICER]
    due = clock.today + timedelta(days=14)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        added = client_for(pathway.cerar).post(
            reverse("meetings:add-action", args=[meeting.pk]),
            {"description": "Share what can be shared.", "owner": str(owner.pk), **form_date("due_on", due)},
        )

    assert added.status_code == 302
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert f"{due:%-d %B %Y}" in mail.outbox[0].body
    told = Notification.objects.get(recipient=owner)
    assert told.kind == NotificationKind.NEW_ACTION and told.link.startswith("/meetings/actions/")
    work = client_for(owner).get(reverse("my-work")).content.decode()
    assert "is now yours" in work and NEW_TAG in work
    assert client_for(owner).get(told.link).status_code == 200, "the link leads to the action"

    safety_plan.add_action(meeting, description="Mine.", owner=pathway.cerar, due_on=due, by=pathway.cerar)
    assert not Notification.objects.filter(recipient=pathway.cerar).exists(), "nobody is told of their own action"


def test_all_notifications_are_paged_and_only_ever_ones_own(world, client_for):
    police, school = world.users[Role.POLICE_OFFICER], world.users[Role.PARTNER_PROFESSIONAL]
    for number in range(30):
        notify(police, NotificationKind.NEW_ALERT, f"Fictional alert number {number:02d}.", "")
    notify(school, NotificationKind.NEW_ALERT, "An alert for the school only.", "")
    page = client_for(police)

    shown = page.get(reverse("notifications:list"))
    first = shown.content.decode()
    assert first.count(NEW_TAG) == 25 and "govuk-pagination" in first and "Fictional alert number 29" in first
    assert "An alert for the school only" not in first
    second = page.get(reverse("notifications:list") + shown.context["listing"].next_url).content.decode()
    assert second.count(NEW_TAG) == 5 and "Fictional alert number 00" in second
    assert not unread_for(police).exists()
    assert unread_for(school).count() == 1
    refused = page.get(reverse("notifications:list"), {"cursor": "last"})
    assert refused.status_code == 400 and "not one this list made" in refused.content.decode()

    assert mark_read(police, Notification.objects.filter(recipient=school)) == 0, "one's own only"
    assert unread_for(school).count() == 1
    assert notify(police, NotificationKind.NEW_ALERT, "Of my own change.", "", by=police) is None
