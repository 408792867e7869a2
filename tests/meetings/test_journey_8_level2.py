"""Step 8: each month a Level 2 meeting is created with its agenda built automatically: every High
and Medium child, and Low children only where someone flagged them (who, why). Each item shows
status and history, days since the last review, overdue actions and what is new since the last
Level 2; decisions and actions are recorded per child; persons and places have their place."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cepathway.children.models import CEStatus, Child
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.meetings import booking, scheduling
from cepathway.meetings.errors import MeetingError
from cepathway.meetings.level2 import agenda, flags
from cepathway.meetings.level2 import services as level2_services
from cepathway.meetings.models import Action, Level2Flag, Level2Item, Level2Meeting
from cepathway.notifications.models import Notification
from cepathway.people.models import Role
from cepathway.policy.services import policy_for
from tests.factories import UserFactory

from .conftest import form_date, new_child


def children_at(pathway, world, *statuses):
    made = {}
    for status in statuses:
        child = new_child(world)
        pathway.decide(pathway.level1(child), status)
        made.setdefault(status, []).append(child)
    return made


def test_level2_through_the_pages(world, clock, client_for, pathway):
    made = children_at(pathway, world, CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW, CEStatus.LOW)
    flagged, quiet = made[CEStatus.LOW]
    police = world.users[Role.POLICE_OFFICER]
    flag_url = reverse("meetings:flag-level2", args=[flagged.pk])
    assert client_for(police).post(flag_url, {"reason": ""}).status_code == 200
    assert client_for(police).post(flag_url, {"reason": "Seen with a county lines peer group."}).status_code == 302
    high_child = made[CEStatus.HIGH][0]
    refused = client_for(pathway.cerar).post(
        reverse("meetings:flag-level2", args=[high_child.pk]), {"reason": "Already there."}
    )
    assert "on the Level 2 agenda already" in refused.content.decode()

    month = clock.today.replace(day=1) + timedelta(days=32)
    month = month.replace(day=1)
    cerar = client_for(pathway.cerar)
    assert cerar.get(reverse("meetings:level2-new")).status_code == 200
    day = scheduling.level2_date(month, policy_for(world.home))
    created = cerar.post(
        reverse("meetings:level2-new"),
        {
            "month": month.isoformat(),
            **form_date("date", day),
            "time": "10:00",
            "venue": "online",
            "chair": str(pathway.cerar.pk),
        },  # fmt: skip
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    level2 = Level2Meeting.objects.get(partnership=world.home, month=month)
    listed = set(Level2Item.objects.filter(level2_meeting=level2).values_list("child_id", flat=True))
    assert listed == {high_child.pk, made[CEStatus.MEDIUM][0].pk, flagged.pk}
    assert quiet.pk not in listed
    assert Level2Flag.objects.get(child=flagged).level2_meeting == level2

    page = cerar.get(reverse("meetings:level2", args=[month.year, month.month]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Seen with a county lines peer group." in text and escape(str(police)) in text
    assert "Persons and places of concern" in text
    assert escape(quiet.full_name) not in text and escape(high_child.full_name) in text
    assert "Days since last review" in text and "New since the last Level 2" in text

    member = world.users[Role.LEVEL2_MEMBER]
    member_page = client_for(member).get(reverse("meetings:level2", args=[month.year, month.month])).content.decode()
    assert escape(high_child.full_name) in member_page
    assert client_for(police).get(reverse("meetings:level2", args=[month.year, month.month])).status_code == 403

    item = Level2Item.objects.get(level2_meeting=level2, child=high_child)
    decisions_url = reverse("meetings:level2-decisions", args=[item.pk])
    early = cerar.post(decisions_url, {"version": item.version, "decisions": "Disruption: CAWN."})
    assert "on the day of the meeting" in early.content.decode()
    clock.travel_to(day)
    cerar = client_for(pathway.cerar)
    assert cerar.post(decisions_url, {"version": item.version, "decisions": "Disruption: CAWN."}).status_code == 302
    action_url = reverse("meetings:level2-item-action", args=[item.pk])
    owner = world.users[Role.POLICE_OFFICER]
    added = cerar.post(
        action_url, {"description": "Serve the notice.", "owner": str(owner.pk), **form_date("due_on", day)}
    )
    assert added.status_code == 302
    assert Action.objects.get(level2_item=item).owner == owner
    assert client_for(member).post(decisions_url, {"version": 2, "decisions": "x"}).status_code == 403


def test_monthly_creation_and_what_is_new_since_the_last(world, clock, pathway):
    made = children_at(pathway, world, CEStatus.MEDIUM, CEStatus.HIGH)
    clock.travel_to((clock.today.replace(day=1) + timedelta(days=32)).replace(day=1))  # the next month begins
    call_command("create_level2_meetings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = Level2Meeting.objects.get(partnership=world.home, month=clock.today.replace(day=1))
    assert first.items.count() == 2
    call_command("create_level2_meetings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Level2Meeting.objects.filter(partnership=world.home, month=first.month).count() == 1

    medium_child = made[CEStatus.MEDIUM][0]
    review = medium_child.ce_meetings.get(state="scheduled")
    assert review.scheduled_for > first.scheduled_for
    pathway.decide(review, CEStatus.HIGH)  # held after the first Level 2, in the month after it
    call_command("create_level2_meetings", stdout=open("/dev/null", "w"))  # noqa: SIM115
    second = Level2Meeting.objects.get(partnership=world.home, month=clock.today.replace(day=1))
    built = agenda.build(second, pathway.cerar)
    news = {row.child.pk: row.new_since_last for row in built.items}
    assert built.previous == first
    assert "1 status decision" in news[medium_child.pk] and "1 meeting held" in news[medium_child.pk]
    assert news[made[CEStatus.HIGH][0].pk] == []


def test_level2_through_the_api(world, clock, api_client_for, pathway):
    made = children_at(pathway, world, CEStatus.MEDIUM, CEStatus.LOW)
    low = made[CEStatus.LOW][0]
    sw = api_client_for(world.users[Role.SOCIAL_WORKER])
    flagged = sw.post(f"/api/meetings/children/{low.pk}/level2-flags", {"reason": "New missing episode."},
                      content_type="application/json")  # fmt: skip
    assert flagged.status_code == 201
    cerar = api_client_for(pathway.cerar)
    month = clock.today.replace(day=1)
    created = cerar.post("/api/meetings/level2", {"month": month.isoformat()}, content_type="application/json")
    assert created.status_code == 201, created.content
    again = cerar.post("/api/meetings/level2", {"month": month.isoformat()}, content_type="application/json")
    assert again.status_code == 422
    got = cerar.get(f"/api/meetings/level2/{month:%Y-%m}").json()
    reasons = {item["child_id"]: (item["reason"], item["flag_reason"]) for item in got["items"]}
    assert reasons == {
        str(made[CEStatus.MEDIUM][0].pk): ("status", None),
        str(low.pk): ("flagged", "New missing episode."),
    }
    item = next(i for i in got["items"] if i["reason"] == "flagged")
    clock.travel_to(Level2Meeting.objects.get(month=month, partnership=world.home).scheduled_for.date())
    decided = cerar.post(f"/api/meetings/level2/items/{item['id']}/decisions",
                         {"version": item["version"], "decisions": "Keep at Low; METCO to visit."},
                         content_type="application/json")  # fmt: skip
    assert decided.status_code == 200 and decided.json()["decisions"].startswith("Keep at Low")
    assert (
        api_client_for(world.users[Role.POLICE_OFFICER]).get(f"/api/meetings/level2/{month:%Y-%m}").status_code == 403
    )
    assert cerar.get("/api/meetings/level2/2026-13").status_code == 404


def test_panel_members_and_flags_when_the_pathway_ends(world, clock, pathway):
    """Panel members see the children on the agenda only while their pathway is open; taking a flag
    onto the agenda is audited."""
    high = pathway.decide(pathway.level1(), CEStatus.HIGH).review
    low_child = new_child(world)
    pathway.decide(pathway.level1(low_child), CEStatus.LOW)
    low_child.refresh_from_db()
    flag = flags.flag_for_level2(low_child, reason="Seen with a High child.", by=pathway.cerar)
    member = world.users[Role.LEVEL2_MEMBER]
    month = clock.today.replace(day=1) + timedelta(days=32)
    level2_services.create_level2(world.home, month=month, chair=pathway.cerar, members=[member], by=pathway.cerar)

    assert AuditEvent.objects.filter(record_id=str(flag.pk), action=AuditAction.CHANGED).exists()
    assert Child.objects.visible_to(member).filter(pk=high.child_id).exists()

    pathway.decide(high, CEStatus.NONE)

    assert not Child.objects.visible_to(member).filter(pk=high.child_id).exists()
    assert Child.objects.visible_to(member).filter(pk=low_child.pk).exists()


def _this_months_level2(world, clock, pathway, *statuses):
    """April 2026's Level 2 meeting (on the policy's day, 14 April), made in March with the children
    of `statuses` on its agenda and the world's Level 2 member on the panel."""
    made = children_at(pathway, world, *statuses)
    assert clock.today.month == 3
    level2 = level2_services.create_level2(world.home, month=date(2026, 4, 1), chair=pathway.cerar, by=pathway.cerar)
    return level2, made


def test_refresh_and_held_through_the_api(world, clock, api_client_for, pathway):
    level2, _ = _this_months_level2(world, clock, pathway, CEStatus.HIGH)
    later = children_at(pathway, world, CEStatus.MEDIUM)[CEStatus.MEDIUM][0]  # Medium after the agenda was made
    base = f"/api/meetings/level2/{level2.month:%Y-%m}"
    cerar = api_client_for(pathway.cerar)

    assert api_client_for(world.users[Role.LEVEL2_MEMBER]).post(f"{base}/refresh").status_code == 403
    assert cerar.post("/api/meetings/level2/2031-01/refresh").status_code == 404, "no meeting that month"
    refreshed = cerar.post(f"{base}/refresh")
    assert refreshed.status_code == 200 and refreshed.json()["added"] == 1
    assert level2.items.filter(child=later).exists()
    assert cerar.post(f"{base}/refresh").json()["added"] == 0

    held = f"{base}/held"
    police = api_client_for(world.users[Role.POLICE_OFFICER])
    assert police.post(held, {}, content_type="application/json").status_code == 403
    early = cerar.post(held, {"notes": "Too soon."}, content_type="application/json")
    assert early.status_code == 422 and "before its date" in str(early.json())
    clock.travel_to(timezone.localtime(level2.scheduled_for).date(), hour=15)
    done = cerar.post(held, {"notes": "All items discussed."}, content_type="application/json")
    assert done.status_code == 200 and done.json()["held"] is True and done.json()["notes"] == "All items discussed."
    assert cerar.post(held, {"notes": ""}, content_type="application/json").status_code == 422
    assert cerar.post(f"{base}/refresh").status_code == 422, "the agenda of a held meeting cannot change"
    level2.refresh_from_db()
    assert level2.is_held and level2.notes == "All items discussed."


def _details_form(level2, day, **changes):
    members = changes.pop("members", list(level2.members.values_list("pk", flat=True)))
    return {
        "version": level2.version,
        **form_date("date", day),
        "time": "10:00",
        "venue": level2.venue,
        "location": level2.location,
        "chair": str(level2.chair_id),
        "members": [str(pk) for pk in members],
        **changes,
    }


def test_level2_details_and_panel_change_through_the_page(world, clock, client_for, pathway):
    level2, made = _this_months_level2(world, clock, pathway, CEStatus.HIGH)
    child = made[CEStatus.HIGH][0]
    old_member = world.users[Role.LEVEL2_MEMBER]
    new_member = UserFactory(role=Role.LEVEL2_MEMBER, agency=old_member.agency)
    manager = world.users[Role.TEAM_MANAGER]
    assert list(level2.members.all()) == [old_member]
    assert Child.objects.visible_to(old_member).filter(pk=child.pk).exists()
    assert not Child.objects.visible_to(new_member).filter(pk=child.pk).exists()
    page_url = reverse("meetings:level2", args=[level2.month.year, level2.month.month])
    url = reverse("meetings:level2-details", args=[level2.month.year, level2.month.month])

    cerar = client_for(pathway.cerar)
    assert url in cerar.get(page_url).content.decode()
    assert url not in client_for(old_member).get(page_url).content.decode()
    assert client_for(old_member).get(url).status_code == 403
    assert client_for(world.users[Role.POLICE_OFFICER]).get(url).status_code == 403
    shown = cerar.get(url)
    assert shown.status_code == 200 and "Panel members" in shown.content.decode()

    april = cerar.post(url, _details_form(level2, date(2026, 5, 5)))
    assert "must fall in the month" in april.content.decode()
    police = world.users[Role.POLICE_OFFICER]
    not_panel = cerar.post(url, _details_form(level2, date(2026, 4, 16), members=[police.pk]))
    assert not_panel.status_code == 200 and "That choice cannot be made here" in not_panel.content.decode()
    level2.refresh_from_db()
    assert (level2.version, list(level2.members.all())) == (1, [old_member])

    opened = _details_form(level2, date(2026, 4, 16))  # two organisers open the form at the same version
    first = cerar.post(
        url,
        {**opened, "time": "14:00", "venue": "school", "location": "Room 2", "chair": str(manager.pk),
         "members": [str(new_member.pk)]},
    )  # fmt: skip
    assert first.status_code == 302
    level2.refresh_from_db()
    local = timezone.localtime(level2.scheduled_for)
    assert (local.date(), local.strftime("%H:%M"), level2.venue, level2.location, level2.chair) == (
        date(2026, 4, 16), "14:00", "school", "Room 2", manager,
    )  # fmt: skip
    assert list(level2.members.all()) == [new_member]
    assert Child.objects.visible_to(new_member).filter(pk=child.pk).exists(), "a new member sees the agenda"
    assert not Child.objects.visible_to(old_member).filter(pk=child.pk).exists(), "a removed member no longer does"
    change = AuditEvent.objects.filter(action=AuditAction.CHANGED, record_id=str(level2.pk)).latest("at")
    assert set(change.fields) == {"scheduled_for", "venue", "location", "chair", "members"}
    told = {note.recipient: note.message for note in Notification.objects.filter(link=page_url)}
    assert set(told) == {new_member, old_member, manager}, "the acting organiser (the chair before) is not told"
    assert told[new_member].startswith("You are now on the panel") and "16 April 2026 at 14:00" in told[new_member]
    assert told[old_member].startswith("You are no longer on the panel")
    assert told[manager].startswith("You now chair")

    second = client_for(manager).post(url, {**opened, "location": "Somewhere else"})
    assert "Someone else saved this record" in second.content.decode()
    level2.refresh_from_db()
    assert (level2.location, level2.chair, list(level2.members.all())) == ("Room 2", manager, [new_member])

    clock.travel_to(date(2026, 4, 16), hour=16)
    level2_services.mark_held(level2, notes="", by=pathway.cerar)
    cerar = client_for(pathway.cerar)
    assert url not in cerar.get(page_url).content.decode()
    refused = cerar.post(url, _details_form(level2, date(2026, 4, 16)))
    assert "recorded as held" in refused.content.decode()


def test_level2_details_and_panel_change_through_the_api(world, clock, api_client_for, pathway):
    level2, made = _this_months_level2(world, clock, pathway, CEStatus.MEDIUM)
    child = made[CEStatus.MEDIUM][0]
    old_member = world.users[Role.LEVEL2_MEMBER]
    new_member = UserFactory(role=Role.LEVEL2_MEMBER, agency=old_member.agency)
    url = f"/api/meetings/level2/{level2.month:%Y-%m}"
    manager = api_client_for(world.users[Role.TEAM_MANAGER])
    assert Child.objects.visible_to(old_member).filter(pk=child.pk).exists()

    def patch(client, body, to=url):
        return client.patch(to, body, content_type="application/json")

    assert patch(api_client_for(old_member), {"version": 1, "location": "x"}).status_code == 403
    assert patch(api_client_for(world.users[Role.SOCIAL_WORKER]), {"version": 1}).status_code == 403
    assert patch(manager, {"version": 1}, "/api/meetings/level2/2031-01").status_code == 404, "no meeting that month"
    bad_chair = patch(manager, {"version": 1, "chair_id": str(world.users[Role.POLICE_OFFICER].pk)})
    assert bad_chair.status_code == 422 and "chair_id" in bad_chair.json()["errors"], "named as the caller sent it"
    outside = patch(manager, {"version": 1, "date": "2026-05-05"})
    assert outside.status_code == 422 and "must fall in the month" in outside.json()["errors"]["date"][0]

    moved = patch(manager, {"version": 1, "location": "Fictional video link", "member_ids": [str(new_member.pk)]})
    assert moved.status_code == 200, moved.content
    got = moved.json()
    assert (got["location"], got["member_ids"], got["version"]) == ("Fictional video link", [str(new_member.pk)], 2)
    before = level2.scheduled_for
    level2.refresh_from_db()
    assert level2.scheduled_for == before, "what the request left out is kept"
    assert Child.objects.visible_to(new_member).filter(pk=child.pk).exists()
    assert not Child.objects.visible_to(old_member).filter(pk=child.pk).exists()

    stale = patch(manager, {"version": 1, "location": "Room 9", "member_ids": []})
    assert stale.status_code == 409
    level2.refresh_from_db()
    assert (level2.location, list(level2.members.all())) == ("Fictional video link", [new_member])
    listed = api_client_for(pathway.cerar).get(url).json()
    assert (listed["version"], listed["member_ids"]) == (2, [str(new_member.pk)])


def test_a_member_added_later_sees_only_the_children_still_on_the_pathway(world, clock, pathway):
    level2, made = _this_months_level2(world, clock, pathway, CEStatus.HIGH, CEStatus.MEDIUM)
    ended, still_on = made[CEStatus.HIGH][0], made[CEStatus.MEDIUM][0]
    pathway.decide(ended.ce_meetings.get(state="scheduled"), CEStatus.NONE)
    newcomer = UserFactory(role=Role.LEVEL2_MEMBER, agency=world.users[Role.LEVEL2_MEMBER].agency)
    level2.refresh_from_db()

    changed = level2_services.change_level2_details(
        level2,
        booking.Details(level2.scheduled_for, level2.venue, level2.location, level2.chair),
        members=[*level2.members.all(), newcomer],
        expected_version=level2.version,
        by=pathway.cerar,
    )

    assert changed == ["members"]
    assert Child.objects.visible_to(newcomer).filter(pk=still_on.pk).exists()
    assert not Child.objects.visible_to(newcomer).filter(pk=ended.pk).exists()


def test_refreshing_takes_off_children_no_longer_due(world, clock, client_for, pathway):
    """A child stepped down to an unflagged Low before Level 2 leaves the agenda when it is brought up
    to date; one the panel has already recorded something on stays."""
    stepping_down = pathway.decide(pathway.level1(), CEStatus.HIGH).review
    discussed = pathway.decide(pathway.level1(), CEStatus.HIGH).review
    member = world.users[Role.LEVEL2_MEMBER]
    month = clock.today.replace(day=1) + timedelta(days=32)
    level2 = level2_services.create_level2(
        world.home, month=month, chair=pathway.cerar, members=[member], by=pathway.cerar
    )
    assert set(level2.items.values_list("child_id", flat=True)) == {stepping_down.child_id, discussed.child_id}
    item = level2.items.get(child_id=discussed.child_id)
    Level2Item.objects.filter(pk=item.pk).update(decisions="Fictional: disruption agreed.")

    pathway.decide(stepping_down, CEStatus.LOW)
    pathway.decide(discussed, CEStatus.LOW)
    response = client_for(pathway.cerar).post(reverse("meetings:level2-refresh", args=[month.year, month.month]))

    assert response.status_code == 302
    assert set(level2.items.values_list("child_id", flat=True)) == {discussed.child_id}
    assert AuditEvent.objects.filter(action=AuditAction.REMOVED, child_id=stepping_down.child_id).exists()
    assert not Child.objects.visible_to(member).filter(pk=stepping_down.child_id).exists()


def test_only_panel_members_and_organisers_sit_on_the_panel(world, clock, pathway):
    month = clock.today.replace(day=1) + timedelta(days=32)
    police = world.users[Role.POLICE_OFFICER]
    with pytest.raises(MeetingError, match="not a Level 2 panel member"):
        level2_services.create_level2(world.home, month=month, chair=pathway.cerar, members=[police], by=pathway.cerar)
    assert not Level2Meeting.objects.filter(partnership=world.home, month=month).exists()
