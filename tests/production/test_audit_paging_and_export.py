"""The auditor pages through every entry a search finds (not only the newest 200), the filters kept in
each page's links, and downloads the whole search as CSV: streamed, audited, and safe to open in a
spreadsheet (a cell that would be read as a formula starts with an apostrophe). Nobody else may."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cepathway.core import audit_words
from cepathway.core.audit_export import FORMULA_STARTS, neutralised
from cepathway.core.audit_pages import COUNT_CAP, MAX_PAGE
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.people.models import Role
from tests.browser.helpers import assert_accessible, login
from tests.factories import UserFactory

URL = reverse("audit-search")
DOWNLOAD = reverse("audit-download")
ENTRIES = 450  # three pages: 200, 200 and 50


def busy_person(world, username="paging-officer", **names):
    """A fictional officer of the home partnership with ENTRIES entries, one a minute, the newest an
    hour ago; entry n's detail is "fictional entry n" (0 the oldest)."""
    person = UserFactory(
        username=username, role=Role.POLICE_OFFICER, agency=world.users[Role.POLICE_OFFICER].agency, **names
    )
    newest = timezone.now() - timedelta(hours=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=newest - timedelta(minutes=ENTRIES - 1 - n),
            user=person,
            username=person.username,
            role=person.role,
            agency=str(person.agency),
            partnership_id=person.partnership_id,
            action=AuditAction.VIEWED,
            record_type="children.Child",
            record_id=str(world.child.pk),
            child_id=world.child.pk,
            detail=f"fictional entry {n:04d}",
        )
        for n in range(ENTRIES)
    )
    return person


@pytest.fixture
def auditor(world, client_for):
    return client_for(world.users[Role.AUDITOR])


def text_of(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def link(response, name):
    """The address of the link whose text is `name` (as a person clicks it)."""
    pattern = rf'<a [^>]*href="([^"]*)"[^>]*>\s*(?:<[^>]+>\s*)*{re.escape(name)}\b'
    found = re.search(pattern, response.content.decode())
    assert found, f"no link {name!r} on the page"
    return html.unescape(found.group(1))


def follow(client, response, name):
    href = link(response, name)
    return client.get(href if href.startswith("/") else URL + href)


def csv_rows(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_auditor_pages_beyond_the_newest_200(world, auditor):
    person = busy_person(world)

    first = auditor.get(URL, {"user": person.username})
    assert "Showing 1 to 200 of 450 entries" in text_of(first)
    assert "fictional entry 0449" in text_of(first) and "fictional entry 0249" not in text_of(first)

    second = follow(auditor, first, "Next")
    assert "Showing 201 to 400 of 450 entries" in text_of(second)
    assert "fictional entry 0249" in text_of(second) and "fictional entry 0449" not in text_of(second)

    last = follow(auditor, second, "3")
    assert "Showing 401 to 450 of 450 entries" in text_of(last)
    assert "fictional entry 0000" in text_of(last)
    assert 'aria-current="page">3<' in last.content.decode() and 'rel="next"' not in last.content.decode()
    back = follow(auditor, last, "Previous")
    assert "Showing 201 to 400" in text_of(back)


def test_each_page_link_keeps_the_search(world, auditor):
    person = busy_person(world)
    busy_person(world, username="another-officer")  # the same minutes, not asked for
    today = timezone.localdate()
    search = {
        "user": person.username,
        "date_from_day": (today - timedelta(days=2)).day,
        "date_from_month": (today - timedelta(days=2)).month,
        "date_from_year": (today - timedelta(days=2)).year,
    }

    first = auditor.get(URL, search)
    next_link = link(first, "Next")
    for name, value in search.items():
        assert f"{name}={value}" in next_link, name
    second = follow(auditor, first, "Next")
    assert "Showing 201 to 400 of 450 entries" in text_of(second)
    assert "another-officer" not in second.content.decode()
    assert f'value="{person.username}"' in second.content.decode(), "the search box still holds the search"


def test_a_page_that_is_not_one_of_the_searchs_is_refused_clearly(world, auditor):
    for page in ("abc", "0", "-1", str(MAX_PAGE + 1)):
        response = auditor.get(URL, {"user": "anyone", "page": page})
        assert response.status_code == 400, page
        assert "This page link is not one this search made" in text_of(response)
    past_the_end = auditor.get(URL, {"user": "paging-nobody", "page": "7"})
    assert "There are no entries on page 7 of this search" in text_of(past_the_end)


def test_a_count_beyond_the_cap_reads_more_than(world, auditor, monkeypatch):
    monkeypatch.setattr("cepathway.core.audit_pages.COUNT_CAP", 300)
    person = busy_person(world)
    first = auditor.get(URL, {"user": person.username})
    assert "Showing 1 to 200 of more than 300 entries" in text_of(first)
    assert COUNT_CAP == 10_000  # the real cap, as docs/audit.md says


def test_the_download_holds_every_entry_the_search_finds(world, auditor):
    person = busy_person(world)
    page = auditor.get(URL, {"user": person.username})

    rows = csv_rows(follow(auditor, page, "Download as CSV"))

    assert len(rows) == ENTRIES
    assert [row["Detail"] for row in rows] == [f"fictional entry {n:04d}" for n in reversed(range(ENTRIES))]
    first = rows[0]
    assert first["Who"] == person.display_name and first["Username"] == person.username
    assert first["Role"] == "Police officer" and first["Agency"] == str(person.agency)
    assert first["What they did"] == f"Viewed {world.child.first_name} {world.child.last_name[0]}.'s record"
    assert first["Child"] == f"{world.child.first_name} {world.child.last_name[0]}."


def test_formulas_in_a_name_or_a_detail_are_never_run_by_a_spreadsheet(world, auditor):
    person = busy_person(world, username="@sum-officer", first_name='=HYPERLINK("http://example.invalid","Open")')
    details = ["+1", "-2+3", "@SUM(A1:A9)", "\tfictional", "\rfictional", "=1+1", "fictional = fine"]
    newest = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(at=newest - timedelta(seconds=n), user=person, username=person.username, role=person.role,
                   agency="+44 agency", partnership_id=person.partnership_id, action=AuditAction.VIEWED,
                   record_type="children.Child", detail=detail)
        for n, detail in enumerate(details)
    )  # fmt: skip

    rows = csv_rows(auditor.get(DOWNLOAD, {"user": person.username}))

    newest_rows = rows[: len(details)]
    assert [row["Detail"] for row in newest_rows] == [
        "'+1", "'-2+3", "'@SUM(A1:A9)", "'\tfictional", "'\rfictional", "'=1+1", "fictional = fine"
    ]  # fmt: skip
    assert {row["Username"] for row in rows} == {"'@sum-officer"}
    assert all(row["Who"].startswith("'=HYPERLINK(") for row in rows)
    assert newest_rows[0]["Agency"] == "'+44 agency"
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), value


def test_the_download_is_itself_in_the_log(world, auditor):
    person = busy_person(world)
    auditor.get(DOWNLOAD, {"user": person.username})

    entry = AuditEvent.objects.filter(user=world.users[Role.AUDITOR], action=AuditAction.DOWNLOADED).get()
    assert entry.detail == f"as CSV, {ENTRIES} entries: person: {person.username}"
    assert entry.path.startswith(DOWNLOAD)
    assert audit_words.sentence(entry, None) == "Downloaded a search of the audit log"


def test_a_download_bigger_than_the_limit_is_refused_with_what_to_do(world, auditor):
    person = busy_person(world)
    with override_settings(CEPATHWAY_AUDIT_EXPORT_LIMIT=100):
        response = auditor.get(DOWNLOAD, {"user": person.username})

    assert response.status_code == 422 and response["Content-Type"].startswith("text/html")
    assert "This search finds more than 100 entries, more than one download may hold" in text_of(response)
    entry = AuditEvent.objects.filter(user=world.users[Role.AUDITOR], detail__startswith="download refused").get()
    assert entry.detail == f"download refused, over 100 entries: person: {person.username}"


@pytest.mark.parametrize("who", ["unrelated", Role.SOCIAL_WORKER, Role.CERAR_LEAD, Role.ADMINISTRATOR])
def test_nobody_but_an_auditor_downloads_the_log(world, client_for, who):
    person = busy_person(world)
    user = world.unrelated if who == "unrelated" else world.users[who]
    response = client_for(user).get(DOWNLOAD, {"user": person.username})
    assert response.status_code == 403
    assert not response.streaming and response["Content-Type"].startswith("text/html")
    assert "fictional entry" not in response.content.decode()
    assert not AuditEvent.objects.filter(user=user, action=AuditAction.DOWNLOADED).exists()


def test_the_download_reads_the_log_a_batch_at_a_time(world, auditor, monkeypatch):
    """Memory stays flat: entries come from the database in batches as the file is sent."""
    monkeypatch.setattr("cepathway.core.audit_export.BATCH", 100)
    person = busy_person(world)
    response = auditor.get(DOWNLOAD, {"user": person.username})
    assert response.streaming
    lines = iter(response.streaming_content)
    next(lines)  # the header, before any entry is read
    assert sum(1 for _ in lines) == ENTRIES


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(text):
    cell = neutralised(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == (f"'{text}" if text.startswith(FORMULA_STARTS) else text)
    written = io.StringIO()
    csv.writer(written).writerow([cell])
    assert next(csv.reader(io.StringIO(written.getvalue()))) == [cell], "the CSV reads back as written"


def search_as_the_auditor_by_clicking(page, world, person):
    login(page, world.users[Role.AUDITOR])
    page.goto("/")
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Person").fill(person.username)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Page 2").click()
    assert "Showing 201 to 400 of 450 entries" in page.locator("#audit-showing").inner_text()


def download_by_clicking(page):
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        return list(csv.DictReader(saved))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_auditor_pages_and_downloads_by_clicking(world, page):
    person = busy_person(world)
    search_as_the_auditor_by_clicking(page, world, person)
    assert_accessible(page)
    assert len(download_by_clicking(page)) == ENTRIES


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paging_and_the_download_work_without_javascript(world, browser, live_server):
    person = busy_person(world)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        search_as_the_auditor_by_clicking(page, world, person)
        assert len(download_by_clicking(page)) == ENTRIES
    finally:
        context.close()
