"""Step 5: everyone sees only what they should; every view and change is in the audit log, which an
auditor searches by child, user and date, and which nobody can rewrite."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from cepathway.core import audit
from cepathway.core.models import AuditEvent
from cepathway.people.models import Role
from cepathway.referrals import services
from cepathway.referrals.models import Indicator, Referral
from tests.database_role import as_database_owner
from tests.referrals.world import CONTACT, some_answers


def test_the_unrelated_agency_sees_nothing(world, client_for, api_client_for):
    nobody = world.unrelated
    client, api = client_for(nobody), api_client_for(nobody)
    referral = world.referral[world.child.pk]
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client.get(reverse("children:detail", args=[world.child.pk])).status_code == 404
    assert referral.reference not in client.get(reverse("referrals:list")).text
    assert world.child.last_name not in client.get(reverse("children:list")).text
    assert api.get("/api/referrals").json() == []
    assert api.get("/api/children").json() == []
    assert api.get(f"/api/referrals/{referral.pk}").status_code == 404
    refusals = AuditEvent.objects.filter(user=nobody, action="denied")
    assert refusals.filter(record_id=str(referral.pk)).count() == 2  # page and API


def test_referrals_are_scoped_like_children(world):
    for name, user in world.principals.items():
        visible = set(Referral.objects.visible_to(user).values_list("child_id", flat=True))
        expected = {world.children()[child].pk for child in world.sees[name]}
        assert visible == expected, name


def police_contact_about_the_child(world):
    return services.submit_contact(
        by=world.users[Role.POLICE_OFFICER],
        child_details={},
        contact={**CONTACT, "concern": "Fictional police concern: found in a known address."},
        answers=some_answers(world.home),
        link_to=world.child,
    )


def test_a_referrer_sees_only_the_referrals_they_made(world, client_for, api_client_for):
    school = world.users[Role.PARTNER_PROFESSIONAL]
    own = {world.referral[world.child.pk], world.awaiting_decision[world.child.pk]}
    others_about_the_child = {police_contact_about_the_child(world), world.consultation[world.child.pk]}

    assert set(Referral.objects.visible_to(school)) == own
    client, api = client_for(school), api_client_for(school)
    for referral in others_about_the_child:
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
        assert api.get(f"/api/referrals/{referral.pk}").status_code == 404
    chronology = client.get(reverse("children:detail", args=[world.child.pk])).text
    assert all(referral.reference not in chronology for referral in others_about_the_child)


def test_those_working_with_the_child_see_all_the_childs_referrals(world):
    police_contact = police_contact_about_the_child(world)
    every_referral = set(Referral.objects.filter(child=world.child))
    assert police_contact in every_referral
    for role in (Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL, Role.LEVEL2_MEMBER, Role.CERAR_LEAD):
        assert set(Referral.objects.visible_to(world.users[role]).filter(child=world.child)) == every_referral, role


def test_a_partnership_wide_lead_does_not_see_another_partnership(world, client_for):
    referral = world.referral[world.foreign_child.pk]
    assert (
        client_for(world.users[Role.CERAR_LEAD]).get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    )


def test_viewing_a_child_is_audited_with_who_role_agency_and_address(world, client_for):
    worker = world.users[Role.SOCIAL_WORKER]
    client_for(worker).get(reverse("children:detail", args=[world.child.pk]), REMOTE_ADDR="192.0.2.10")
    entry = AuditEvent.objects.filter(user=worker, action="viewed", child_id=world.child.pk).latest("at")
    assert (entry.role, entry.agency, entry.ip_address, entry.channel) == (
        Role.SOCIAL_WORKER,
        str(worker.agency),
        "192.0.2.10",
        "web",
    )


def test_a_change_records_which_fields(world, client_for):
    referral = world.awaiting_decision[world.child.pk]
    client_for(world.users[Role.CERAR_LEAD]).post(
        reverse("referrals:decide", args=[referral.pk]),
        {"decision": "level1", "judged_level": referral.suggested_level},
    )
    entry = AuditEvent.objects.filter(action="changed", record_id=str(referral.pk)).latest("at")
    assert {"decision", "judged_level", "status"} <= set(entry.fields)
    assert entry.child_id == world.child.pk


def test_the_auditor_searches_by_child_user_and_date(world, client_for, api_client_for):
    worker = world.users[Role.SOCIAL_WORKER]
    client_for(worker).get(reverse("children:detail", args=[world.child.pk]))
    auditor = client_for(world.users[Role.AUDITOR])
    by_child = auditor.get(reverse("audit-search"), {"child": str(world.child.pk), "user": worker.username})
    assert by_child.status_code == 200
    assert worker.username in by_child.text
    bad_dates = auditor.get(
        reverse("audit-search"),
        {"date_from_day": "10", "date_from_month": "2", "date_from_year": "2026"}
        | {"date_to_day": "1", "date_to_month": "2", "date_to_year": "2026"},
    )
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in bad_dates.text

    rows = api_client_for(world.users[Role.AUDITOR]).get("/api/audit", {"child": str(world.child.pk)}).json()["items"]
    assert rows and all(row["child_id"] == str(world.child.pk) for row in rows)
    assert AuditEvent.objects.filter(user=world.users[Role.AUDITOR], action="searched").count() >= 2


def test_the_auditor_searches_only_their_own_partnerships_log(world, client_for, api_client_for):
    client_for(world.elsewhere_lead).get(reverse("children:detail", args=[world.foreign_child.pk]))
    client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[world.child.pk]))
    audit.sent(None, world.foreign_child, detail="fictional reminder elsewhere", channel="task")
    audit.sent(None, world.child, detail="fictional reminder at home", channel="task")
    auditor = world.users[Role.AUDITOR]
    today = {"date_from": str(date.today())}

    on_the_page = {"date_from_day": date.today().day, "date_from_month": date.today().month}
    page = client_for(auditor).get(reverse("audit-search"), on_the_page | {"date_from_year": date.today().year}).text
    assert world.elsewhere_lead.username not in page
    assert "fictional reminder elsewhere" not in page
    assert "fictional reminder at home" in page
    assert f'href="?child={world.child.pk}"' in page  # search by the child from any entry about them

    rows = api_client_for(auditor).get("/api/audit", today).json()["items"]
    assert str(world.child.pk) in {row["child_id"] for row in rows}
    assert str(world.foreign_child.pk) not in {row["child_id"] for row in rows}
    assert world.elsewhere_lead.username not in {row["username"] for row in rows}
    about_the_foreign_child = {"child": str(world.foreign_child.pk)}
    assert api_client_for(auditor).get("/api/audit", about_the_foreign_child).json() == {"items": [], "next": None}


def test_only_auditors_search_the_log(world, client_for, api_client_for):
    for role in (Role.CERAR_LEAD, Role.ADMINISTRATOR, Role.SOCIAL_WORKER):
        assert client_for(world.users[role]).get(reverse("audit-search")).status_code == 403
        assert api_client_for(world.users[role]).get("/api/audit").status_code == 403


def test_the_log_is_append_only(world, client_for):
    client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[world.child.pk]))
    entry = AuditEvent.objects.latest("at")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; CI runs this there")
def test_postgresql_itself_refuses_to_rewrite_the_log(world, client_for):
    client_for(world.users[Role.SOCIAL_WORKER]).get(reverse("children:detail", args=[world.child.pk]))
    # As the tables' owner: the trigger holds even for them (the service's role is refused before it).
    refused = pytest.raises(DatabaseError, match="append-only")
    with as_database_owner(), refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET detail = 'rewritten'")


def test_the_administrator_edits_the_checklist_and_a_second_editor_is_told(world, client_for):
    indicator = Indicator.objects.filter(category__partnership=world.home).first()
    admin = client_for(world.users[Role.ADMINISTRATOR])
    url = reverse("referrals:indicator-edit", args=[indicator.pk])
    base = {
        "category": str(indicator.category_id),
        "text": indicator.text,
        "kind": indicator.kind,
        "ce_types": indicator.ce_types,
        "weight": 7,
        "floor_level": "none",
        "active": "on",
        "order": 0,
        "version": indicator.version,
    }
    assert admin.post(url, base).status_code == 302
    stale = admin.post(url, {**base, "weight": 2})  # still carries the version loaded before the first save
    assert "Someone else changed this" in stale.text
    indicator.refresh_from_db()
    assert indicator.weight == 7
    assert client_for(world.users[Role.CERAR_LEAD]).get(url).status_code == 403


def test_a_new_indicator_is_asked_on_the_next_contact_form(world, client_for):
    admin = client_for(world.users[Role.ADMINISTRATOR])
    category = Indicator.objects.filter(category__partnership=world.home).first().category
    admin.post(
        reverse("referrals:indicator-new"),
        {
            "category": str(category.pk),
            "text": "Fictional new sign",
            "kind": "risk",
            "ce_types": ["cce"],
            "weight": 3,
            "floor_level": "none",
            "active": "on",
            "order": 9,
        },
    )
    form = client_for(world.users[Role.PARTNER_PROFESSIONAL]).get(reverse("referrals:new"))
    assert "Fictional new sign" in form.text


def test_the_auditor_pages_through_the_api_search_to_its_oldest_entry(world, api_client_for):
    """Issue 11: the API search used to stop at 200 entries; it pages by cursor, newest first, and
    every page is audited as a search."""
    cerar, auditor = world.users[Role.CERAR_LEAD], world.users[Role.AUDITOR]
    written = [audit.viewed(cerar, world.child, detail=f"fictional look {number}") for number in range(7)]
    api = api_client_for(auditor)
    about_the_child = {"child": str(world.child.pk), "limit": 3}

    seen, cursor, pages = [], "", 0
    while True:
        page = api.get("/api/audit", about_the_child | ({"cursor": cursor} if cursor else {})).json()
        seen += page["items"]
        pages += 1
        if page["next"] is None:
            break
        cursor = page["next"]

    times = [entry["at"] for entry in seen]
    assert times == sorted(times, reverse=True)
    assert {entry["detail"] for entry in seen} >= {entry.detail for entry in written}
    assert len({(entry["at"], entry["detail"]) for entry in seen}) == len(seen)  # none twice
    assert pages == -(-len(seen) // 3)
    assert AuditEvent.objects.filter(user=auditor, action="searched").count() == pages
    assert api.get("/api/audit", {"cursor": "not-one-we-made"}).status_code == 422
