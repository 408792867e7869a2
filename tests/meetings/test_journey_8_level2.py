"""Step 8: each month a Level 2 meeting is created with its agenda built automatically: every High
and Medium child, and Low children only where someone flagged them (who, why). Each item shows
status and history, days since the last review, overdue actions and what is new since the last
Level 2; decisions and actions are recorded per child; persons and places have their place."""

from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse

from cepathway.children.models import CEStatus, Child
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.meetings import agenda, services
from cepathway.meetings.models import Action, Level2Flag, Level2Item, Level2Meeting
from cepathway.people.models import Role

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
    day = agenda.scheduling.level2_date(month)
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
    assert "Seen with a county lines peer group." in text and str(police) in text
    assert "Persons and places of concern" in text
    assert quiet.full_name not in text and high_child.full_name in text
    assert "Days since last review" in text and "New since the last Level 2" in text

    member = world.users[Role.LEVEL2_MEMBER]
    member_page = client_for(member).get(reverse("meetings:level2", args=[month.year, month.month])).content.decode()
    assert high_child.full_name in member_page
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
    flag = services.flag_for_level2(low_child, reason="Seen with a High child.", by=pathway.cerar)
    member = world.users[Role.LEVEL2_MEMBER]
    month = clock.today.replace(day=1) + timedelta(days=32)
    agenda.create_level2(world.home, month=month, chair=pathway.cerar, members=[member], by=pathway.cerar)

    assert AuditEvent.objects.filter(record_id=str(flag.pk), action=AuditAction.CHANGED).exists()
    assert Child.objects.visible_to(member).filter(pk=high.child_id).exists()

    pathway.decide(high, CEStatus.NONE)

    assert not Child.objects.visible_to(member).filter(pk=high.child_id).exists()
    assert Child.objects.visible_to(member).filter(pk=low_child.pk).exists()
