"""The auditor reads the log in the pathway's words and searches it by child (name or referral
reference), by person and by dates. A child is named ("Kayden T.") and found only if the auditor may
see them; nobody else opens the log."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit, audit_views
from cepathway.core.models import AuditEvent
from cepathway.meetings import safety_plan
from cepathway.people.models import Role

URL = reverse("audit-search")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def named(child):
    return f"{child.first_name} {child.last_name[0]}."


def visible_text(html):
    """What a reader sees of `html` (tags and link addresses dropped), with HTML's escapes undone."""
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.replace("&#x27;", "'").replace("&amp;", "&").split())


def date_parts(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def auditor(world, client_for):
    return client_for(world.users[Role.AUDITOR])


def table_of(response):
    assert response.status_code == 200
    return visible_text(response.text.split('<table class="govuk-table', 1)[1].split("</table>")[0])


def test_the_log_speaks_in_the_pathways_words(world, client_for, auditor):
    worker = world.users[Role.SOCIAL_WORKER]
    client_for(worker).get(reverse("children:detail", args=[world.child.pk]))
    action = world.action[world.child.pk]
    safety_plan.update_action(
        action,
        note="Fictional: moved on by a week.",
        status=action.status,
        expected_version=action.version,
        due_on=action.due_on + timedelta(days=7),
        by=worker,
    )

    table = table_of(auditor.get(URL, {"user": worker.username}))

    assert f"Viewed {named(world.child)}'s record" in table
    assert f"Changed the due date of a safety-plan action for {named(world.child)}" in table
    assert worker.display_name in table and "Social worker" in table
    for code_word in ("children.Child", "meetings.Action", "social_worker", "due_on", "Child record ID"):
        assert code_word not in table
    assert not UUID.search(table), "no record ids on the page"
    assert world.child.last_name not in table, "a child is named by first name and initial"


def test_the_auditor_finds_a_child_by_name_or_by_referral_reference(world, client_for, auditor):
    client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[world.child.pk]))
    client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:detail", args=[world.other_child.pk]))
    reference = world.referral[world.child.pk].reference

    for typed in (world.child.full_name, world.child.first_name.upper(), reference.lower()):
        response = auditor.get(URL, {"about": typed})
        rows = AuditEvent.objects.filter(child_id=world.child.pk).count()
        assert rows and f'href="?child={world.child.pk}"' in response.text, typed
        assert f'href="?child={world.other_child.pk}"' not in response.text, typed
        assert "Viewed" in table_of(response)


def test_the_auditors_own_searches_and_downloads_are_in_their_words(world, auditor):
    auditor.get(URL, {"user": world.users[Role.SOCIAL_WORKER].username})
    auditor.get(reverse("audit-download"), {"user": world.users[Role.SOCIAL_WORKER].username})

    table = table_of(auditor.get(URL, {"user": world.users[Role.AUDITOR].username}))

    assert "Searched the audit log" in table
    assert "Downloaded a search of the audit log" in table


def test_a_child_the_auditor_may_not_see_is_neither_found_nor_named(world, client_for, auditor):
    client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:detail", args=[world.other_child.pk]))

    by_name = table_of(auditor.get(URL, {"about": world.other_child.full_name}))
    assert "No entries match your search" in by_name

    everything = table_of(auditor.get(URL, {"user": world.users[Role.CERAR_LEAD].username}))
    assert "Viewed a child's record" in everything
    assert world.other_child.first_name not in everything


def test_the_auditor_searches_by_person(world, client_for, auditor):
    worker, police = world.users[Role.SOCIAL_WORKER], world.users[Role.POLICE_OFFICER]
    client_for(worker).get(reverse("children:detail", args=[world.child.pk]))
    client_for(police).get(reverse("children:detail", args=[world.child.pk]))

    by_name = table_of(auditor.get(URL, {"user": f"{worker.first_name} {worker.last_name}"}))
    assert worker.display_name in by_name and police.display_name not in by_name
    by_username = table_of(auditor.get(URL, {"user": police.username.upper()}))
    assert police.display_name in by_username and worker.display_name not in by_username


def test_a_search_by_name_looks_for_people_of_the_auditors_own_partnership_only(world):
    """Their log holds their own people's entries; another partnership's people are not read."""
    home, elsewhere = world.users[Role.SOCIAL_WORKER], world.elsewhere_lead
    for person in (home, elsewhere):
        for partnership in (world.home, world.elsewhere):
            query = audit_views.person(f"{person.first_name} {person.last_name}", partnership.pk)
            named = query.children[1][1]  # Q(username__iexact=...) | Q(user_id__in=named)
            assert (person.pk in named) == (person.partnership_id == partnership.pk)


def test_the_auditor_searches_by_dates_typed_in_date_boxes(world, client_for, auditor):
    audit.sent(None, world.child, detail="fictional reminder", channel="task")
    today = timezone.localdate()

    this_week = table_of(
        auditor.get(URL, {**date_parts("date_from", today - timedelta(days=3)), **date_parts("date_to", today)})
    )
    assert "fictional reminder" in this_week and "The service" in this_week
    last_year = table_of(auditor.get(URL, date_parts("date_to", today - timedelta(days=365))))
    assert "fictional reminder" not in last_year

    wrong_way = auditor.get(URL, {**date_parts("date_from", today), **date_parts("date_to", today - timedelta(days=1))})
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in wrong_way.text
    not_a_date = auditor.get(URL, {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2027"})
    assert "The &#x27;from&#x27; date must be a real date" in not_a_date.text


def test_a_search_is_itself_in_the_log_in_words(world, auditor):
    auditor.get(URL, {"about": world.child.first_name})
    entry = AuditEvent.objects.filter(user=world.users[Role.AUDITOR], action="searched").latest("at")
    assert entry.detail == f"child: {world.child.first_name}"


@pytest.mark.parametrize("who", ["unrelated", Role.SOCIAL_WORKER, Role.CERAR_LEAD, Role.ADMINISTRATOR])
def test_nobody_but_an_auditor_opens_the_log(world, client_for, who):
    user = world.unrelated if who == "unrelated" else world.users[who]
    assert client_for(user).get(URL, {"about": world.child.first_name}).status_code == 403
