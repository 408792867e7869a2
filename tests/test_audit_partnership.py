"""Whose log an audit entry is in (issue 8): the audit service stamps every entry with a partnership,
the acting person's, or for a task, a command or someone in no agency, the partnership of the child
the entry is about. An auditor's search reads only their own partnership's entries, by that column:
another partnership's entries of the same day are never shown."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.models import AuditEvent
from cepathway.meetings import safety_plan
from cepathway.people.models import Role
from tests.factories import UserFactory

URL = reverse("audit-search")
API = "/api/audit"


def date_parts(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_an_entry_by_a_person_is_in_their_partnerships_log(world):
    worker = world.users[Role.SOCIAL_WORKER]

    entry = audit.viewed(worker, world.child)
    listed = audit.viewed_each(world.elsewhere_lead, [world.foreign_child])

    assert AuditEvent.objects.get(pk=entry.pk).partnership_id == world.home.pk
    assert AuditEvent.objects.get(pk=listed[0].pk).partnership_id == world.elsewhere.pk


def test_a_service_writes_its_entries_in_the_acting_persons_partnership(world):
    worker = world.users[Role.SOCIAL_WORKER]
    action = world.action[world.child.pk]
    before = timezone.now()

    safety_plan.update_action(
        action, note="Fictional: moved on.", status=action.status, expected_version=action.version, by=worker
    )

    written = AuditEvent.objects.filter(at__gte=before, user=worker)
    assert written.count() == 2  # the action changed, its update created
    assert set(written.values_list("partnership_id", flat=True)) == {world.home.pk}


def test_a_task_writes_in_the_partnership_of_the_child_it_is_about(world):
    meeting = world.meeting[world.foreign_child.pk]

    by_task = audit.sent(None, meeting, detail="reminder")
    about_a_child = audit.viewed(None, world.child)

    assert AuditEvent.objects.get(pk=by_task.pk).user_id is None
    assert AuditEvent.objects.get(pk=by_task.pk).partnership_id == world.elsewhere.pk
    assert AuditEvent.objects.get(pk=about_a_child.pk).partnership_id == world.child.partnership_id


def test_someone_in_no_agency_writes_in_the_childs_partnership_or_in_nobodys(world):
    nobody = UserFactory(username="no-agency", role=Role.AUDITOR, agency=None)

    about_a_child = audit.viewed(nobody, world.foreign_child)
    about_no_child = audit.searched(nobody, AuditEvent, detail="everything")

    assert AuditEvent.objects.get(pk=about_a_child.pk).partnership_id == world.elsewhere.pk
    assert AuditEvent.objects.get(pk=about_no_child.pk).partnership_id is None
    assert not audit.entries_for_auditor(nobody).exists()


@pytest.mark.parametrize("days_ago", [0, 3])
def test_the_search_by_date_never_shows_another_partnerships_entries(world, client_for, days_ago):
    """Both partnerships' people are busy on the same day; the home auditor sees only home's."""
    day = timezone.localdate() - timedelta(days=days_ago)
    when = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(hours=12)
    ours = AuditEvent.objects.create(
        at=when,
        user=world.users[Role.SOCIAL_WORKER],
        username=world.users[Role.SOCIAL_WORKER].username,
        partnership=world.home,
        action="viewed",
        record_type="children.Child",
        record_id=str(world.child.pk),
        child_id=world.child.pk,
    )
    theirs = AuditEvent.objects.create(
        at=when,
        user=world.elsewhere_lead,
        username=world.elsewhere_lead.username,
        partnership=world.elsewhere,
        action="viewed",
        record_type="children.Child",
        record_id=str(world.foreign_child.pk),
        child_id=world.foreign_child.pk,
    )
    auditor = world.users[Role.AUDITOR]

    page = client_for(auditor).get(URL, {**date_parts("date_from", day), **date_parts("date_to", day)})
    found = list(audit.entries_for_auditor(auditor).filter(at__date=day).values_list("pk", flat=True))

    assert page.status_code == 200
    assert world.elsewhere_lead.username not in page.text
    assert ours.pk in found and theirs.pk not in found
    # The other partnership's auditor reads the other entry, and not ours.
    elsewhere_auditor = UserFactory(username="elsewhere-auditor", role=Role.AUDITOR, agency=world.elsewhere_agency)
    theirs_found = set(audit.entries_for_auditor(elsewhere_auditor).values_list("pk", flat=True))
    assert theirs.pk in theirs_found and ours.pk not in theirs_found


def test_the_api_search_by_date_never_shows_another_partnerships_entries(world, api_client_for):
    day = timezone.localdate()
    audit.viewed(world.elsewhere_lead, world.foreign_child)
    audit.viewed(world.users[Role.SOCIAL_WORKER], world.child)

    response = api_client_for(world.users[Role.AUDITOR]).get(
        API, {"date_from": day.isoformat(), "date_to": day.isoformat()}
    )

    assert response.status_code == 200
    usernames = {entry["username"] for entry in response.json()["items"]}
    assert world.users[Role.SOCIAL_WORKER].username in usernames
    assert world.elsewhere_lead.username not in usernames
