"""`audit.write_each` (and `viewed_each`, `created_each`, `changed_each`) append the very entries that
`audit.write` would, one a record, in one INSERT statement: a page that shows many records audits
them at the cost of one."""

from django.db import connection
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cepathway.core import audit
from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from tests.factories import ChildFactory

COMPARED = ("user", "username", "role", "agency", "ip_address", "channel", "action", "record_type", "record_id",
            "child_id", "fields", "path", "detail")  # fmt: skip


def _entries(rows):
    return sorted(tuple(model_to_dict(entry, fields=COMPARED).get(name) for name in COMPARED) for entry in rows)


def test_each_entry_is_the_one_write_would_append(world):
    viewer = world.users[Role.SOCIAL_WORKER]
    children = [ChildFactory(partnership=world.home) for _ in range(3)]
    request = RequestFactory().get("/children/?page=2", REMOTE_ADDR="192.0.2.7")
    request.user = viewer

    def serve(served):
        one_by_one = [audit.viewed(viewer, child, detail="in a list") for child in children]
        together = audit.viewed_each(viewer, children, detail="in a list")
        return one_by_one, together

    one_by_one, together = audit.RequestContextMiddleware(serve)(request)
    assert _entries(together) == _entries(one_by_one)
    saved = AuditEvent.objects.filter(pk__in=[entry.pk for entry in together])
    assert _entries(saved) == _entries(one_by_one)
    assert {entry.path for entry in saved} == {"/children/?page=2"} and {e.ip_address for e in saved} == {"192.0.2.7"}
    assert {entry.child_id for entry in saved} == {child.pk for child in children}


def test_a_detail_and_fields_for_each_record(world):
    cerar = world.users[Role.CERAR_LEAD]
    children = [ChildFactory(partnership=world.home) for _ in range(2)]
    made = audit.created_each(cerar, children, detail=lambda child: f"made {child.first_name}")
    assert [entry.detail for entry in made] == [f"made {child.first_name}" for child in children]
    changed = audit.changed_each(cerar, children, ["last_name", "first_name", "last_name"])
    assert all(entry.fields == ["first_name", "last_name"] and entry.action == "changed" for entry in changed)
    assert all(entry.channel == "task" and entry.username == cerar.username for entry in made)


def test_one_statement_for_a_page_of_records_and_none_for_nothing(world):
    viewer = world.users[Role.CERAR_LEAD]
    children = [ChildFactory(partnership=world.home) for _ in range(40)]  # SQLite: 47 entries a statement
    with CaptureQueriesContext(connection) as written:
        audit.viewed_each(viewer, children, detail="on a page")
    # One INSERT for the page, and its partnership's chain head locked and moved (ADR 9), however many.
    assert [query["sql"].split()[0] for query in written.captured_queries] == ["SELECT", "UPDATE", "INSERT"]
    with CaptureQueriesContext(connection) as nothing:
        assert audit.viewed_each(viewer, []) == []
    assert nothing.captured_queries == []
