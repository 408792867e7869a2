"""Step 6, reached by clicking: CERAR's My work lists the children waiting for a Level 1 meeting
(decided, none booked), oldest first, each with a Schedule link; the child's pathway page links to
it too. The referrer's view follows the pathway after the decision. A Level 2 panel member's My work
shows the Level 2 meetings they sit on."""

import re
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from cepathway.children.models import CEStatus
from cepathway.meetings import invitations
from cepathway.meetings import pathway as pathway_rules
from cepathway.meetings.level2 import services as level2
from cepathway.meetings.models import Meeting, Pathway
from cepathway.people.models import Role
from cepathway.referrals.models import Referral

from .conftest import form_date, level1_referral, new_child, working_day_after


def waiting_panel(page: str) -> str:
    match = re.search(r"Children waiting for a Level 1 meeting</h2>(.*?)</section>", page, re.S)
    assert match, "My work has no list of children waiting for a Level 1 meeting"
    return match.group(1)


def test_cerar_finds_each_child_waiting_oldest_first_and_schedules_from_the_list(world, client_for, clock, cerar):
    older = new_child(world, referral=False)
    level1_referral(world, older)
    clock.advance(2)
    newer = new_child(world, referral=False)
    level1_referral(world, newer)

    panel = waiting_panel(client_for(cerar).get(reverse("my-work")).text)
    assert panel.index(escape(older.full_name)) < panel.index(escape(newer.full_name))
    schedule = reverse("meetings:schedule-level1", args=[older.pk])
    assert f'href="{schedule}"' in panel

    day = working_day_after(clock.today, 5)
    booked = client_for(cerar).post(
        schedule, {**form_date("date", day), "time": "10:00", "venue": "online", "location": ""}
    )
    assert booked.status_code == 302
    panel = waiting_panel(client_for(cerar).get(reverse("my-work")).text)
    assert escape(older.full_name) not in panel and escape(newer.full_name) in panel


def test_booking_marks_the_referral_so_the_waiting_list_is_found_by_its_own_index(world, client_for, clock, cerar):
    """A referral decided "Level 1 meeting" keeps that status for good; when its pathway opens it is
    marked, and the list asks only the unmarked ones (issue 8). The pathways are asked as well, so
    a referral with a pathway never shows as waiting, even unmarked."""
    child = new_child(world, referral=False)
    referral = level1_referral(world, child)
    assert referral.pathway_opened_at is None
    assert list(pathway_rules.waiting_for_level1(cerar)) == [referral]

    day = working_day_after(clock.today, 5)
    schedule = reverse("meetings:schedule-level1", args=[child.pk])
    client_for(cerar).post(schedule, {**form_date("date", day), "time": "10:00", "venue": "online", "location": ""})

    referral.refresh_from_db()
    opened = Pathway.objects.get(referral=referral)
    assert referral.pathway_opened_at == opened.opened_at
    assert list(pathway_rules.waiting_for_level1(cerar)) == []
    Referral.objects.filter(pk=referral.pk).update(pathway_opened_at=None)
    assert list(pathway_rules.waiting_for_level1(cerar)) == []


def test_nobody_else_sees_the_waiting_list(world, client_for):
    new_child(world)
    for person in (world.users[Role.SOCIAL_WORKER], world.users[Role.PARTNER_PROFESSIONAL], world.unrelated):
        assert "Children waiting for a Level 1 meeting" not in client_for(person).get(reverse("my-work")).text


def test_a_child_whose_pathway_ended_is_not_waiting_again_on_the_old_decision(world, pathway, client_for):
    meeting = pathway.level1()
    pathway.decide(meeting, CEStatus.NONE)
    page = client_for(pathway.cerar).get(reverse("meetings:child", args=[meeting.child_id])).text
    assert "Schedule a Level 1 meeting" not in page
    assert escape(meeting.child.full_name) not in client_for(pathway.cerar).get(reverse("my-work")).text


def test_the_childs_page_and_pathway_page_offer_scheduling_only_while_the_child_waits(
    world, client_for, cerar, pathway
):
    child = new_child(world)
    schedule = reverse("meetings:schedule-level1", args=[child.pk])
    for url in (reverse("children:detail", args=[child.pk]), reverse("meetings:child", args=[child.pk])):
        assert schedule in client_for(cerar).get(url).text
        assert schedule not in client_for(world.users[Role.SOCIAL_WORKER]).get(url).text

    pathway.level1(child)
    for url in (reverse("children:detail", args=[child.pk]), reverse("meetings:child", args=[child.pk])):
        assert schedule not in client_for(cerar).get(url).text


def test_the_referrers_view_follows_the_pathway_after_the_decision(world, pathway, client_for):
    child = new_child(world, referral=False)
    referral = level1_referral(world, child)
    referrer = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    detail = reverse("referrals:detail", args=[referral.pk])
    assert "Level 1 meeting to be held" in referrer.get(detail).text

    meeting = pathway.level1(child)
    assert f"Level 1 meeting booked for {meeting.scheduled_for:%-d %B %Y}" in referrer.get(detail).text

    pathway.decide(meeting, CEStatus.MEDIUM)
    referrer = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    for page in (referrer.get(detail).text, referrer.get(reverse("my-work")).text):
        assert "On the CE pathway: Medium status" in page


def test_a_level2_panel_member_finds_the_level2_meetings_they_sit_on(world, client_for, clock):
    member = world.users[Role.LEVEL2_MEMBER]
    organiser = world.users[Role.CERAR_LEAD]
    month = level2.months_without_level2(world.home, clock.today)[0]
    meeting = level2.create_level2(world.home, month=month, chair=organiser, members=[member], by=organiser)

    page = client_for(member).get(reverse("my-work")).text
    assert "Level 2 meetings I sit on" in page
    assert reverse("meetings:level2", args=[meeting.month.year, meeting.month.month]) in page
    assert "Level 2 meetings I sit on" not in client_for(world.unrelated).get(reverse("my-work")).text


def test_a_meeting_page_says_when_recording_opens_instead_of_hiding_it(world, pathway, client_for):
    meeting = pathway.level1(days_ahead=10)
    page = client_for(pathway.cerar).get(reverse("meetings:detail", args=[meeting.pk])).text
    assert f"can be recorded from <strong>{meeting.scheduled_for:%A %-d %B %Y}</strong>" in page
    assert reverse("meetings:attendance", args=[meeting.pk]) not in page

    pathway.hold(meeting)
    page = client_for(pathway.cerar).get(reverse("meetings:detail", args=[meeting.pk])).text
    assert "can be recorded from" not in page
    assert reverse("meetings:attendance", args=[meeting.pk]) in page


def test_an_invited_social_worker_records_the_childs_views(world, pathway, client_for, clock):
    child = new_child(world, with_workers=False)
    meeting = pathway.level1(child, invite=False)
    invited = world.users[Role.SOCIAL_WORKER]
    invitations.invite(meeting, [invited], by=pathway.cerar)
    worker = client_for(invited)
    page = worker.get(reverse("meetings:detail", args=[meeting.pk])).text
    record = reverse("meetings:record-views", args=[meeting.pk])
    assert record in page
    saved = worker.post(
        record,
        {
            "voice_of": "child",
            "relationship": "",
            "method": "in_person",
            **form_date("gathered_on", clock.today - timedelta(days=1)),
            "views": "Fictional views.",
            "read_out": "on",
        },
    )
    assert saved.status_code == 302, saved.text
    assert Meeting.objects.get(pk=meeting.pk).voices.count() == 1

    police = client_for(world.users[Role.POLICE_OFFICER])
    invitations.invite(meeting, [world.users[Role.POLICE_OFFICER]], by=pathway.cerar)
    assert police.get(record).status_code == 403


def test_the_migration_marks_each_referral_a_pathway_was_opened_from_before_it(world, pathway):
    """referrals/0005 fills the new column in from the pathways already there, the earliest first."""
    meeting = pathway.level1()
    referral = Pathway.objects.get(pk=meeting.pathway_id).referral
    Referral.objects.filter(pk=referral.pk).update(pathway_opened_at=None)
    untouched = level1_referral(world, new_child(world, referral=False))

    import_module("cepathway.referrals.migrations.0005_referral_pathway_opened").fill_from_pathways(apps, None)

    referral.refresh_from_db()
    untouched.refresh_from_db()
    assert referral.pathway_opened_at == Pathway.objects.get(pk=meeting.pathway_id).opened_at
    assert untouched.pathway_opened_at is None
