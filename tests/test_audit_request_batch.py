"""A request's audit entries written outside a transaction are kept back and inserted together in
one statement as the request ends, before its response leaves: each autocommit INSERT waits for its
own flush to disk, and a page writing several one by one spent a quarter of its time on them.
Entries written inside a transaction join it at once, so a change and its audit stay together.

These tests run without the per-test transaction (transaction=True), as a real request does."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cepathway.core import audit
from cepathway.core.models import AuditEvent
from tests.factories import ChildFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def audit_inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "core_auditevent" in q["sql"]]


@pytest.fixture
def served():
    """A request for a page, served through the audit's middleware by `view`."""
    partnership = PartnershipFactory()
    viewer = UserFactory(agency__partnership=partnership)
    children = [ChildFactory(partnership=partnership) for _ in range(4)]

    def serve(view):
        request = RequestFactory().get("/children/", REMOTE_ADDR="192.0.2.9")
        request.user = viewer
        return audit.RequestContextMiddleware(view)(request)

    return serve, viewer, children


def test_entries_of_a_request_are_inserted_together_before_the_response_leaves(served):
    serve, viewer, children = served
    seen_during = []

    def view(request):
        for child in children:
            audit.viewed(viewer, child)
        seen_during.append(AuditEvent.objects.filter(user=viewer).count())
        return HttpResponse("ok")

    with CaptureQueriesContext(connection) as queries:
        serve(view)
    assert seen_during == [0], "kept back while the view runs"
    assert len(audit_inserts(queries)) == 1
    entries = AuditEvent.objects.filter(user=viewer)
    assert {entry.child_id for entry in entries} == {child.pk for child in children}
    assert {entry.ip_address for entry in entries} == {"192.0.2.9"}


def test_entries_inside_a_transaction_join_it_and_roll_back_with_it(served):
    serve, viewer, children = served

    def view(request):
        with transaction.atomic():
            audit.changed(viewer, children[0], ["first_name"])
            assert AuditEvent.objects.filter(user=viewer).count() == 1, "written at once, in the transaction"
        try:
            with transaction.atomic():
                audit.changed(viewer, children[1], ["first_name"])
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        return HttpResponse("ok")

    serve(view)
    assert list(AuditEvent.objects.filter(user=viewer).values_list("child_id", flat=True)) == [children[0].pk]


def test_entries_are_written_even_when_the_view_fails(served):
    serve, viewer, children = served

    def view(request):
        audit.denied(viewer, type(children[0]), children[0].pk)
        raise RuntimeError("the page broke after refusing")

    with pytest.raises(RuntimeError):
        serve(view)
    assert AuditEvent.objects.filter(user=viewer, action="denied").count() == 1


def test_reading_the_log_includes_what_this_request_wrote(served):
    serve, viewer, children = served
    counts = []

    def view(request):
        audit.viewed(viewer, children[0])
        counts.append(audit.entries_for_auditor(viewer).filter(user=viewer).count())
        return HttpResponse("ok")

    serve(view)
    assert counts == [1]


def test_outside_a_request_an_entry_is_written_at_once(served):
    _, viewer, children = served
    audit.viewed(viewer, children[0])
    assert AuditEvent.objects.filter(user=viewer).count() == 1
