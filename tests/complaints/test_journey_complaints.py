"""Issue 10, part 4: a parent's concern about a meeting, from the social worker's informal answer to
a formal complaint with the council's complaints service, through the pages, with the policy's
working-day time limits (acknowledge 3, answer 10, formal answer 25) and overdue ones standing out."""

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from cepathway.complaints.models import Complaint, ComplaintStep, Stage
from cepathway.core.models import AuditEvent
from cepathway.notifications.models import Notification
from cepathway.people.models import Role
from cepathway.policy import services as policy_services
from tests.complaints.world_complaints import make_complaint

pytestmark = pytest.mark.django_db


def day_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def record_post(world, day: date, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "about": "meeting",
        "meeting": str(world.meeting[world.child.pk].pk),
        "raised_by": "parent_carer",
        "raiser_name": "Fictional Mother",
        "raiser_contact": "01632 960444",
        **day_parts("received_on", day),
        "received_how": "phone",
        "concern": "Fictional: nobody told us what the meeting decided.",
        "handler": str(world.users[Role.SOCIAL_WORKER].pk),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def fresh(world) -> set:  # type: ignore[no-untyped-def]
    return set(Complaint.objects.filter(child=world.child).values_list("pk", flat=True))


def test_a_concern_from_record_to_formal_complaint_and_closed(
    clock, world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    worker_user = world.users[Role.SOCIAL_WORKER]

    def as_(role: str):  # type: ignore[no-untyped-def]
        """Signed in afresh: the clock moves past a session's eight hours."""
        return client_for(world.users[role])

    meeting = world.meeting[world.child.pk]

    # The meeting's page offers to record a concern about it, to its chair.
    page = as_(Role.CERAR_LEAD).get(reverse("meetings:detail", args=[meeting.pk]))
    assert "Concerns about this meeting" in page.content.decode()
    new_url = reverse("complaints:new", args=[world.child.pk])
    assert f"{new_url}?meeting={meeting.pk}" in page.content.decode()
    assert as_(Role.CERAR_LEAD).get(f"{new_url}?meeting={meeting.pk}").status_code == 200

    before = fresh(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_(Role.CERAR_LEAD).post(new_url, record_post(world, clock.today))
    assert answer.status_code == 302
    (pk,) = fresh(world) - before
    complaint = Complaint.objects.get(pk=pk)
    assert answer.url == reverse("complaints:detail", args=[pk])
    assert complaint.stage == Stage.INFORMAL and complaint.meeting == meeting
    assert Notification.objects.filter(recipient=worker_user, link=answer.url).exists()
    assert AuditEvent.objects.filter(record_id=str(pk), action="created").exists()
    (email,) = mailoutbox
    assert email.to == [worker_user.email] and "acknowledge it by 5 March 2026" in email.subject
    assert world.child.first_name not in email.body and world.child.initials in email.body

    policy = policy_services.policy_for(world.home)
    assert complaint.acknowledge_by(policy) == date(2026, 3, 5)  # Monday + 3 working days
    assert complaint.respond_by(policy) == date(2026, 3, 16)  # + 10 working days

    detail = as_(Role.SOCIAL_WORKER).get(answer.url).content.decode()
    assert "5 March 2026" in detail and "16 March 2026" in detail and "Overdue" not in detail

    # Acknowledged in time, on Wednesday.
    clock.advance(2)
    acknowledged = as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:acknowledge", args=[pk]),
        {"version": complaint.version, **day_parts("acknowledged_on", clock.today), "note": "Phoned back."},
    )
    assert acknowledged.status_code == 302
    complaint.refresh_from_db()
    assert complaint.acknowledged_on == date(2026, 3, 4)
    assert not Complaint.objects.filter(pk=pk).overdue().exists()

    # Not answered by the 16th: overdue on the 17th, red on the list (first), on My work, in the API.
    clock.travel_to(date(2026, 3, 16))
    assert not Complaint.objects.filter(pk=pk).overdue().exists()
    clock.travel_to(date(2026, 3, 17))
    assert Complaint.objects.filter(pk=pk).overdue().exists()
    assert complaint.is_overdue(policy)
    on_time = make_complaint(world, world.child, received_on=clock.today)
    listing = as_(Role.TEAM_MANAGER).get(reverse("complaints:list")).content.decode()
    # This one and the world's two at home (received the day before the clock started).
    assert "3 overdue" in listing and "govuk-tag--red" in listing
    assert listing.index(str(pk)) < listing.index(str(on_time.pk))
    my_work = as_(Role.SOCIAL_WORKER).get(reverse("my-work")).content.decode()
    assert "Concerns and complaints due" in my_work and str(pk) in my_work and "Overdue" in my_work
    assert "Overdue" in as_(Role.SOCIAL_WORKER).get(answer.url).content.decode()

    # Answered (not upheld); then the family go to the complaints service.
    answered = as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:respond", args=[pk]),
        {
            "version": complaint.version,
            **day_parts("responded_on", clock.today),
            "response": "Fictional: explained the outcome and sent the family summary.",
            "outcome": "not_upheld",
        },
    )
    assert answered.status_code == 302
    assert not Complaint.objects.filter(pk=pk).overdue().exists()
    complaint.refresh_from_db()

    clock.travel_to(date(2026, 3, 18))
    # The escalation page gives the partnership's complaints service contacts, from its policy.
    contacts = replace(
        policy.contacts,
        complaints_email="fictional.complaints@example.invalid",
        complaints_phone="01632 960987",
        complaints_url="https://fictional-complaints.example.invalid/form",
    )
    policy_services.publish(
        world.home,
        replace(policy, contacts=contacts),
        based_on=policy.number,
        reason="Fictional: complaints contacts",
        by=world.users[Role.ADMINISTRATOR],
    )
    policy = policy_services.policy_for(world.home)
    escalate_page = as_(Role.SOCIAL_WORKER).get(reverse("complaints:escalate", args=[pk])).content.decode()
    for contact in (
        "fictional.complaints@example.invalid",
        "01632 960987",
        "https://fictional-complaints.example.invalid/form",
    ):
        assert contact in escalate_page
    escalated = as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:escalate", args=[pk]),
        {
            "version": complaint.version,
            **day_parts("escalated_on", clock.today),
            "sent": "Fictional: the family's email and our answer.",
            "reference": "FICT-42",
        },
    )
    assert escalated.status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == Stage.FORMAL and complaint.acknowledged_on is None and complaint.outcome == ""
    assert complaint.acknowledge_by(policy) == date(2026, 3, 23)
    # 25 working days from Wednesday 18 March, skipping Good Friday and Easter Monday 2026.
    assert complaint.respond_by(policy) == date(2026, 4, 24)

    clock.travel_to(date(2026, 4, 24))
    closed = as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:close", args=[pk]),
        {"version": complaint.version, **day_parts("closed_on", clock.today), "outcome": "partly_upheld"},
    )
    # Not answered at the formal stage yet: closing needs the answer (unless withdrawn).
    assert closed.status_code == 200 and "Record the answer before closing" in closed.content.decode()
    as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:respond", args=[pk]),
        {
            "version": complaint.version,
            **day_parts("responded_on", clock.today),
            "response": "Fictional: the complaints service's letter.",
            "outcome": "partly_upheld",
        },
    )
    complaint.refresh_from_db()
    assert complaint.responded_on == date(2026, 4, 24) and complaint.acknowledged_on == date(2026, 4, 24)
    closed = as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:close", args=[pk]),
        {"version": complaint.version, **day_parts("closed_on", clock.today), "outcome": "partly_upheld"},
    )
    assert closed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.is_closed and complaint.outcome == "partly_upheld"
    kinds = list(ComplaintStep.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert kinds == ["recorded", "acknowledged", "responded", "escalated", "responded", "closed"]

    # A closed complaint cannot be escalated or answered again: the page says so and saves nothing.
    page = as_(Role.SOCIAL_WORKER).get(reverse("complaints:escalate", args=[pk]), follow=True).content.decode()
    assert "was closed on 24 April 2026" in page
    again = as_(Role.SOCIAL_WORKER).post(
        reverse("complaints:respond", args=[pk]),
        {"version": complaint.version, **day_parts("responded_on", clock.today), "response": "x", "outcome": "upheld"},
    )
    assert again.status_code == 200 and "closed on 24 April 2026" in again.content.decode()

    # The child's chronology has the steps; the child's card links to the complaints.
    chronology = as_(Role.SOCIAL_WORKER).get(reverse("children:chronology", args=[world.child.pk])).content.decode()
    assert "Made a formal complaint" in chronology
    card = as_(Role.SOCIAL_WORKER).get(reverse("children:detail", args=[world.child.pk])).content.decode()
    assert "Concerns and complaints" in card


def test_a_policy_change_moves_the_due_date(clock, world):
    complaint = world.complaint[world.child.pk]  # received Sunday 1 March (the day before the clock)
    policy = policy_services.policy_for(world.home)
    assert complaint.acknowledge_by(policy) == date(2026, 3, 4)
    clock.travel_to(date(2026, 3, 5))
    assert Complaint.objects.filter(pk=complaint.pk).overdue().exists()

    longer = replace(policy, timescales=replace(policy.timescales, complaint_acknowledge_working_days=5))
    policy_services.publish(
        world.home, longer, based_on=policy.number, reason="Fictional: five days", by=world.users[Role.ADMINISTRATOR]
    )
    policy = policy_services.policy_for(world.home)
    assert complaint.acknowledge_by(policy) == date(2026, 3, 6)
    assert not complaint.is_overdue(policy)
    assert not Complaint.objects.filter(pk=complaint.pk).overdue().exists()


def test_bad_input_is_refused_and_nothing_saved(clock, world, client_for):
    worker = client_for(world.users[Role.SOCIAL_WORKER])
    new_url = reverse("complaints:new", args=[world.child.pk])
    before = Complaint.objects.count()
    cases = [
        ({"raiser_name": None, "concern": None}, ("Enter their name", "Enter what the concern is")),
        ({"about": "other"}, ("Say what the concern is about",)),
        ({"about": "meeting", "meeting": ""}, ("Choose the meeting the concern is about",)),
        ({"meeting": str(world.meeting[world.other_child.pk].pk)}, ("Choose one of this child",)),
        (day_parts("received_on", date(2026, 3, 9)), ("must be today or in the past",)),
        ({"handler": str(world.unrelated.pk)}, ("That choice cannot be made here",)),
    ]
    for changes, messages in cases:
        page = worker.post(new_url, record_post(world, clock.today, **changes))
        assert page.status_code == 200, changes
        text = page.content.decode()
        assert "There is a problem" in text
        for message in messages:
            assert message.replace("'", "&#x27;") in text or message in text, (changes, message)
    assert Complaint.objects.count() == before

    complaint = world.complaint[world.child.pk]
    # Answered before it was received: refused beside the date, nothing saved.
    page = worker.post(
        reverse("complaints:respond", args=[complaint.pk]),
        {
            "version": complaint.version,
            **day_parts("responded_on", date(2026, 2, 20)),
            "response": "Fictional.",
            "outcome": "upheld",
        },
    )
    assert page.status_code == 200 and "must be the same as or after the day it was received" in page.content.decode()
    complaint.refresh_from_db()
    assert complaint.responded_on is None and complaint.version == 1


def test_a_stale_step_is_told_and_overwrites_nothing(clock, world, client_for):
    complaint = world.complaint[world.child.pk]
    worker = client_for(world.users[Role.SOCIAL_WORKER])
    lead = client_for(world.users[Role.CERAR_LEAD])
    url = reverse("complaints:acknowledge", args=[complaint.pk])
    first = worker.post(url, {"version": 1, **day_parts("acknowledged_on", clock.today), "note": "First."})
    assert first.status_code == 302
    second = lead.post(url, {"version": 1, **day_parts("acknowledged_on", clock.today), "note": "Second."})
    assert second.status_code == 200
    assert "acknowledged" in second.content.decode()
    respond = lead.post(
        reverse("complaints:respond", args=[complaint.pk]),
        {"version": 1, **day_parts("responded_on", clock.today), "response": "Stale.", "outcome": "upheld"},
    )
    assert "Someone else saved this record" in respond.content.decode()
    complaint.refresh_from_db()
    assert complaint.version == 2 and complaint.responded_on is None
    assert list(complaint.steps.values_list("note", flat=True)) == ["By phone", "First."]


def test_who_sees_complaints(clock, world, client_for):
    complaint = world.complaint[world.child.pk]
    meeting = world.meeting[world.child.pk]
    # Someone unrelated sees nothing at all.
    unrelated = client_for(world.unrelated)
    for url in (
        reverse("complaints:child", args=[world.child.pk]),
        reverse("complaints:detail", args=[complaint.pk]),
        reverse("complaints:new", args=[world.child.pk]),
    ):
        assert unrelated.get(url).status_code == 404
    assert unrelated.get(reverse("complaints:list")).status_code == 403
    # The police officer invited to the meeting sees the child and the meeting, not the complaint.
    police = client_for(world.users[Role.POLICE_OFFICER])
    assert police.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 403
    meeting_page = police.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Concerns about this meeting" not in meeting_page
    assert (
        "Concerns and complaints" not in police.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    )
    assert "Concern" not in police.get(reverse("children:chronology", args=[world.child.pk])).content.decode()
    # CERAR elsewhere does not see the home partnership's complaints on their list.
    elsewhere = client_for(world.elsewhere_lead).get(reverse("complaints:list")).content.decode()
    assert str(complaint.pk) not in elsewhere
    assert str(world.complaint[world.foreign_child.pk].pk) in elsewhere


def test_the_overdue_query_and_the_page_agree_day_by_day(clock, world):
    complaint = world.complaint[world.child.pk]
    policy = policy_services.policy_for(world.home)
    for offset in range(0, 40):
        clock.travel_to(date(2026, 3, 1) if offset == 0 else clock.today)
        clock.advance(1)
        queried = Complaint.objects.filter(pk=complaint.pk).overdue().exists()
        assert queried == complaint.is_overdue(policy), clock.today
