"""The Level 2 agenda holds exactly the High and Medium children plus the flagged Low ones, for a
seeded partnership of many children; the queries to build it, show its page and answer it through the
API do not grow with the children, and neither do the statements that audit it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.children.models import Child, Involvement
from cepathway.core.models import AuditEvent
from cepathway.meetings.level2 import agenda
from cepathway.meetings.level2 import services as level2_services
from cepathway.meetings.models import AgendaReason, Level2Item
from cepathway.people.models import Role

from .seeding import seed_partnership


def _seed(world, count, seed=7):
    owner = world.users[Role.SOCIAL_WORKER]
    return seed_partnership(world.home, world.users[Role.CERAR_LEAD], owner, owner.agency, count, seed=seed)


def _month(world, ahead):
    """A month `ahead` months after the world's Level 2: a year at most, as policy allows booking."""
    month = world.level2[world.home.pk].month
    index = month.year * 12 + month.month - 1 + ahead
    return month.replace(year=index // 12, month=index % 12 + 1)


def _everything(section, items):
    return list(items.order_by(*agenda.BY_NAME))


def _expected(seeded):
    return seeded.by_status["high"] | seeded.by_status["medium"] | seeded.flagged_low


@pytest.mark.parametrize("count", [40, 160])
def test_the_agenda_holds_exactly_high_medium_and_flagged_low(world, count):
    seeded = _seed(world, count)
    level2 = level2_services.create_level2(
        world.home, month=_month(world, 1), chair=world.users[Role.CERAR_LEAD],
        by=world.users[Role.CERAR_LEAD], members=[],
    )  # fmt: skip
    items = Level2Item.objects.filter(level2_meeting=level2)
    on_agenda = set(items.values_list("child_id", flat=True))
    assert on_agenda == _expected(seeded)
    assert (
        seeded.by_status["low"] - seeded.flagged_low and not (seeded.by_status["low"] - seeded.flagged_low) & on_agenda
    )
    assert not seeded.by_status["none"] & on_agenda
    flagged = set(items.filter(reason=AgendaReason.FLAGGED).values_list("child_id", flat=True))
    assert flagged == seeded.flagged_low
    assert all(item.flag.reason for item in items.filter(reason=AgendaReason.FLAGGED).select_related("flag"))

    built = agenda.build(level2, world.users[Role.CERAR_LEAD], pager=_everything)
    assert {row.child.pk for row in built.items} == _expected(seeded)
    by_key = {section.key: {row.child.pk for row in section.rows} for section in built.sections}
    assert by_key["high"] == seeded.by_status["high"] & by_key["high"] and by_key["flagged"] == seeded.flagged_low
    assert built.total == len(built.items) == sum(len(section.rows) for section in built.sections)
    assert all(len(row.overdue_actions) == 1 for row in built.items)
    assert all(row.days_since_review is not None and row.history for row in built.items)


def _queries_to_build(world, count, seed):
    cerar = world.users[Role.CERAR_LEAD]
    _seed(world, count, seed=seed)
    month = _month(world, 1 + seed)
    with CaptureQueriesContext(connection) as created:
        level2 = level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    # Inserts are one audit entry per item (every creation is audited) and the items themselves, in
    # as few batches as the database allows (SQLite caps the parameters of one statement).
    reads_and_updates = sum(not q["sql"].startswith("INSERT") for q in created.captured_queries)
    with CaptureQueriesContext(connection) as built_queries:
        built = agenda.build(level2, cerar)
    return built.total, len(built_queries.captured_queries), reads_and_updates


def test_the_queries_do_not_grow_with_the_number_of_children(world):
    small_items, small_build, small_create = _queries_to_build(world, 20, seed=1)
    large_items, large_build, large_create = _queries_to_build(world, 200, seed=2)
    assert large_items > small_items * 5
    assert large_build == small_build, (small_build, large_build)
    assert large_create == small_create, "creating the agenda: only inserts may grow"
    assert AuditEvent.objects.filter(record_type="meetings.Level2Item", action="created").count() > large_items


def test_a_member_sees_only_the_children_they_may(world):
    seeded = _seed(world, 30)
    cerar = world.users[Role.CERAR_LEAD]
    month = _month(world, 4)
    level2 = level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    built = agenda.build(level2, world.unrelated)
    assert built.items == [] and built.hidden == len(_expected(seeded)) and built.total == 0


def test_the_page_shows_a_page_of_each_section_and_pages_through_it(world, client_for):
    seeded = _seed(world, 200)
    cerar = world.users[Role.CERAR_LEAD]
    month = _month(world, 5)
    level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    url = reverse("meetings:level2", args=[month.year, month.month])
    page = client_for(cerar).get(url)
    built = page.context["agenda"]
    high = next(section for section in built.sections if section.key == "high")
    assert high.count > agenda.PER_PAGE and len(high.rows) == agenda.PER_PAGE
    assert len(built.items) <= agenda.PER_PAGE * len(built.sections) < len(_expected(seeded))
    text = page.content.decode()
    assert "Children: High (" in text and "Pages of High" in text and "print each page" in text
    viewed = AuditEvent.objects.filter(record_type="meetings.Level2Item", action="viewed")
    assert viewed.count() == len(built.items), "one entry for each child shown, none for those not shown"

    seen = []
    while True:
        section, links, showing = next(row for row in page.context["children_sections"] if row[0].key == "high")
        assert showing.endswith(f" of {high.count}")
        seen += [row.child.pk for row in section.rows]
        if not links.next_url:
            break
        page = client_for(cerar).get(url + links.next_url)
        assert page.status_code == 200
    assert len(seen) == len(set(seen)) == high.count
    assert client_for(cerar).get(url + "?high_cursor=forged").status_code == 400


def test_the_api_pages_the_agenda(world, api_client_for):
    seeded = _seed(world, 120)
    cerar = world.users[Role.CERAR_LEAD]
    month = _month(world, 6)
    level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    client, url = api_client_for(cerar), f"/api/meetings/level2/{month:%Y-%m}"
    first = client.get(url, {"limit": 25}).json()
    assert len(first["items"]) == 25 and {s["key"] for s in first["sections"]} >= {"high", "medium", "flagged"}
    gathered, cursor = [], ""
    while True:
        got = client.get(url, {"cursor": cursor, "limit": 40}).json()
        gathered += [item["child_id"] for item in got["items"]]
        if not got["next"]:
            break
        cursor = got["next"]
    flagged = client.get(url, {"section": "flagged", "limit": 200}).json()["items"]
    assert {item["child_id"] for item in flagged} == {str(pk) for pk in seeded.flagged_low}
    assert client.get(url, {"section": "bogus"}).status_code == 422
    assert client.get(url, {"limit": 201}).status_code == 422
    assert client.get(url, {"cursor": "forged"}).status_code == 422


def _queries_to_show(world, client_for, api_client_for, count, seed):
    cerar = world.users[Role.CERAR_LEAD]
    _seed(world, count, seed=seed)
    month = _month(world, 6 + seed)
    level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[])
    page_url, api_url = (
        reverse("meetings:level2", args=[month.year, month.month]),
        f"/api/meetings/level2/{month:%Y-%m}",
    )
    page_client, api_client = client_for(cerar), api_client_for(cerar)
    page_client.get(page_url), api_client.get(api_url)  # sessions and caches warm
    with CaptureQueriesContext(connection) as page:
        shown = page_client.get(page_url).context["agenda"]
    with CaptureQueriesContext(connection) as api:
        # 40 entries: SQLite takes at most 999 parameters a statement, so Django splits an insert of
        # more than 47 audit entries of 21 columns (PostgreSQL inserts up to audit.BULK_BATCH in one).
        answered = api_client.get(api_url, {"limit": 40}).json()
    # SQLite splits an insert of more than 47 audit entries (999 parameters): an answer's audit counts
    # once however many statements it took (PostgreSQL inserts up to audit.BULK_BATCH in one).
    page_queries, api_queries = _one_audit_insert(page.captured_queries), _one_audit_insert(api.captured_queries)
    inserts = sum(sql.startswith("INSERT") for sql in page_queries + api_queries)
    return shown.total, len(page_queries), len(api_queries), inserts, len(answered["items"])


def _one_audit_insert(captured: list[dict]) -> list[str]:
    statements, audited = [], False
    for query in captured:
        if query["sql"].startswith('INSERT INTO "core_auditevent"'):
            if audited:
                continue
            audited = True
        statements.append(query["sql"])
    return statements


def test_the_page_and_the_api_make_the_same_queries_however_many_children(world, client_for, api_client_for):
    small = _queries_to_show(world, client_for, api_client_for, 20, seed=1)
    large = _queries_to_show(world, client_for, api_client_for, 400, seed=2)
    assert large[0] > small[0] * 10
    assert large[1:4] == small[1:4], (small, large)
    assert large[3] == 2, "the page's and the API's audit, each written together however many items"
    assert large[4] == 40 > small[4]


def _queries_to_create_with_the_panel(world, count, seed):
    cerar, member = world.users[Role.CERAR_LEAD], world.users[Role.LEVEL2_MEMBER]
    _seed(world, count, seed=seed)
    month = _month(world, 6 + seed)
    with CaptureQueriesContext(connection) as created:
        level2 = level2_services.create_level2(world.home, month=month, chair=cerar, by=cerar, members=[member])
    on_agenda = set(level2.items.values_list("child_id", flat=True))
    assert on_agenda <= set(Child.objects.visible_to(member).values_list("pk", flat=True)), "the panel sees them"
    return len(on_agenda), sum(not q["sql"].startswith("INSERT") for q in created.captured_queries)


def test_the_panel_comes_to_see_the_agenda_in_queries_that_do_not_grow_with_it(world):
    small_items, small_reads = _queries_to_create_with_the_panel(world, 20, seed=3)
    large_items, large_reads = _queries_to_create_with_the_panel(world, 200, seed=4)
    assert large_items > small_items * 5
    assert large_reads == small_reads, "one query for who the panel sees already, however many children"
    made = Involvement.objects.filter(user=world.users[Role.LEVEL2_MEMBER], reason="Level 2 panel")
    assert AuditEvent.objects.filter(record_type="children.Involvement", action="created").count() >= made.count()


def test_each_sections_count_is_the_children_it_shows_whoever_looks(world):
    """`summary` counts by each item's reason and its child's status; `build` picks each section's
    children through the child: both say the same sections, for every viewer, including a child
    whose status changed after the agenda was made."""
    seeded = _seed(world, 60)
    cerar = world.users[Role.CERAR_LEAD]
    level2 = level2_services.create_level2(world.home, month=_month(world, 5), chair=cerar, by=cerar, members=[])
    stepped_down = sorted(seeded.by_status["high"], key=str)[0]
    Child.objects.filter(pk=stepped_down).update(ce_status="low")
    on_agenda = Level2Item.objects.filter(level2_meeting=level2).count()

    for person in (cerar, world.users[Role.SOCIAL_WORKER], world.users[Role.PARTNER_PROFESSIONAL], world.unrelated):
        built = agenda.build(level2, person, pager=_everything)
        for section in built.sections:
            assert section.count == len(section.rows), (person.username, section.key)
        assert built.total + built.hidden == on_agenda
    by_key = {section.key: section for section in agenda.build(level2, cerar, pager=_everything).sections}
    assert [row.child.pk for row in by_key[agenda.OTHER].rows] == [stepped_down]
