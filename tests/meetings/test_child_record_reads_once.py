"""The child's record under load (issue 8): what the card and the chronology both need is read once,
the people who made the chronology's entries are named in one query for the entries shown, and no
page asks Django's permission tables, which grant nothing here. The page shows the same and to the
same people: each entry still names who made it, and one person's rows are never another's."""

from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.children import chronology
from cepathway.children.models import Child
from cepathway.meetings.child_summary import status_decisions
from cepathway.meetings.models import Action, Meeting
from cepathway.people.models import Role
from tests.factories import PASSWORD

from .test_child_record_queries import lived

# The child's page as CERAR in this world: 24 statements before this change (two of them Django's
# permission tables, one the signed-in person's agency, one the status decisions read twice; the
# people who made the entries came joined to each source's rows, and still come with the people
# involved, in one query). Then 20; now 26: the audit chain's head locked and moved (issue 11), and one
# read each for the chronology and card of the apps around the child (missing episodes and CERAR's
# decisions on them, NRM referrals, complaints), whatever the length of the child's history.
RECORD_QUERIES_AS_CERAR = 26


def _page_queries(client, url):
    client.get(url)  # the session and the policy warm
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in done.captured_queries]


def test_every_entry_still_names_who_made_it_on_both_pages(world, pathway, client_for):
    child = lived(world, pathway, reviews=2)
    social_worker = world.users[Role.SOCIAL_WORKER]
    for viewer in (pathway.cerar, social_worker):
        whole = chronology.timeline(child, viewer)
        made_by = {(entry.kind, entry.title, entry.by) for entry in whole}
        assert ("views", "Views of the child recorded", social_worker.display_name) in made_by
        assert ("action", "Safety plan action agreed", pathway.cerar.display_name) in made_by
        ended = child.ce_pathways.get()
        assert ("closure", "CE pathway ended", ended.modified_by.display_name) in made_by
        assert all(entry.by for entry in whole if entry.kind in {"status", "views", "action", "closure"})
        latest, _more = chronology.latest(child, viewer, 5)
        assert [(e.at, e.title, e.by) for e in latest] == [(e.at, e.title, e.by) for e in whole[:5]]
    page = client_for(social_worker).get(reverse("children:chronology", args=[child.pk]))
    assert f"by {social_worker.display_name}" in page.content.decode()


def test_every_entry_links_to_its_page_on_both_pages(world, pathway):
    child = lived(world, pathway, reviews=2)
    meeting = Meeting.objects.filter(child=child).order_by("created_at").first()
    action = Action.objects.filter(child=child).first()
    referral = child.referrals.get()
    whole = chronology.timeline(child, pathway.cerar)
    links = {(entry.title, entry.url) for entry in whole}
    assert (f"{meeting.get_kind_display()} scheduled", reverse("meetings:detail", args=[meeting.pk])) in links
    assert ("Safety plan action agreed", reverse("meetings:action", args=[action.pk])) in links
    assert (f"Decision on {referral.reference}", reverse("referrals:detail", args=[referral.pk])) in links
    assert all(entry.url for entry in whole if entry.kind != "closure")
    latest, _more = chronology.latest(child, pathway.cerar, 5)
    assert [e.url for e in latest] == [e.url for e in whole[:5]]


def test_the_record_reads_the_status_decisions_once_and_no_permission_table(world, pathway, client_for):
    child = lived(world, pathway, reviews=2)
    queries = _page_queries(client_for(pathway.cerar), reverse("children:detail", args=[child.pk]))
    assert sum('FROM "meetings_statusdecision"' in sql for sql in queries) == 1
    assert not [sql for sql in queries if "auth_permission" in sql]
    assert len(queries) == RECORD_QUERIES_AS_CERAR


def test_one_persons_rows_are_never_handed_to_another(world, pathway):
    child = Child.objects.get(pk=lived(world, pathway, reviews=1).pk)  # one instance, asked by two people
    assert status_decisions(child, pathway.cerar)
    assert status_decisions(child, world.unrelated) == []
    assert status_decisions(child, pathway.cerar) is status_decisions(child, pathway.cerar)


def test_a_permission_in_djangos_tables_allows_nothing_and_signing_in_still_works(world):
    person = world.users[Role.PARTNER_PROFESSIONAL]
    person.user_permissions.add(Permission.objects.get(codename="change_child"))
    assert not type(person).objects.get(pk=person.pk).has_perm("children.change_child")
    sign_in = RequestFactory().post(reverse("login"))  # the lockout (django-axes) reads the request
    assert authenticate(sign_in, username=person.username, password=PASSWORD) == person
    assert authenticate(sign_in, username=person.username, password="not the password") is None
