"""A social worker records a child's NRM referral from the child's page, then the decisions and the
guardian as they come; the child's allocated social worker is told of a decision someone else
records; a conclusive decision dated before the reasonable grounds one is refused; two people
recording at once: the second is told and nothing of theirs is saved; the chronology and the
Level 2 agenda line say what happened. Those who only see the child read that a referral exists
and its decisions, never the exploitation suspected or the notes; an unrelated person gets 404."""

import re
from datetime import date

import pytest
from django.urls import reverse

from cepathway.core.models import AuditEvent
from cepathway.core.pages import STALE
from cepathway.meetings.level2 import item_notes
from cepathway.notifications.models import Notification
from cepathway.nrm.models import Decision, NrmReferral
from cepathway.people.models import Role
from tests.nrm.world_referrals import make_referral

pytestmark = pytest.mark.django_db


def date_parts(name: str, day: date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def decisions_post(version: int, rg: str, rg_on: date | None, cg: str = "awaited", cg_on: date | None = None) -> dict:
    return {
        "version": str(version),
        "reasonable_grounds": rg,
        **date_parts("reasonable_grounds_on", rg_on),
        "conclusive_grounds": cg,
        **date_parts("conclusive_grounds_on", cg_on),
        **date_parts("reconsideration_requested_on", None),
    }


def test_record_a_referral_its_decisions_and_the_guardian_by_clicking(world, client_for, clock) -> None:
    worker = world.users[Role.SOCIAL_WORKER]
    page = client_for(worker)
    child_page = page.get(reverse("children:detail", args=[world.child.pk])).content.decode()
    nrm_url = reverse("nrm:child", args=[world.child.pk])
    assert f'href="{nrm_url}"' in child_page and "NRM referrals" in child_page

    shown = page.get(nrm_url).content.decode()
    assert "Record an NRM referral" in shown
    assert "within 5 working days of the referral" in shown  # from the policy, with its source
    form = page.get(reverse("nrm:record", args=[world.child.pk]))
    assert form.status_code == 200 and "novalidate" in form.content.decode()

    # Errors: nothing chosen, other exploitation without saying what.
    refused = page.post(
        reverse("nrm:record", args=[world.child.pk]),
        {"first_responder_name": "", "exploitation": ["other"], **date_parts("referred_on", clock.today)},
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and "govuk-error-summary" in body
    assert "Choose the kind of first responder organisation" in body
    before = NrmReferral.objects.filter(child=world.child).count()

    saved = page.post(
        reverse("nrm:record", args=[world.child.pk]),
        {
            "first_responder_kind": "local_authority",
            "first_responder_name": "Fictional County Council children's services",
            **date_parts("referred_on", clock.today),
            "referred_by": "",
            "exploitation": ["criminal", "labour"],
            "exploitation_detail": "",
        },
    )
    assert saved.status_code == 302 and saved["Location"] == nrm_url
    referral = NrmReferral.objects.filter(child=world.child).exclude(pk=world.nrm_referral[world.child.pk].pk).get()
    assert NrmReferral.objects.filter(child=world.child).count() == before + 1
    assert referral.referred_by == worker and referral.exploitation == ["criminal", "labour"]
    assert AuditEvent.objects.filter(action="created", record_id=str(referral.pk)).exists()
    shown = page.get(nrm_url).content.decode()
    assert "Criminal exploitation, Labour exploitation" in shown
    assert "Expected within 5 working days of the referral; awaited 0 working days" in shown

    # CERAR records a positive reasonable grounds decision: the allocated social worker is told.
    clock.advance(3)
    cerar = client_for(world.users[Role.CERAR_LEAD])
    url = reverse("nrm:decisions", args=[referral.pk])
    assert cerar.get(url).status_code == 200
    answer = cerar.post(url, decisions_post(referral.version, "positive", clock.today))
    assert answer.status_code == 302
    referral.refresh_from_db()
    assert referral.reasonable_grounds == Decision.POSITIVE and referral.reasonable_grounds_on == clock.today
    told = Notification.objects.get(recipient=worker)
    assert "reasonable grounds decision was recorded" in told.message and world.child.initials in told.message
    assert told.link == nrm_url
    again = cerar.get(url).content.decode()  # the form opens on what is saved
    assert 'value="2026"' in again and 'name="version" value="2"' in again
    assert AuditEvent.objects.filter(action="changed", record_id=str(referral.pk)).exists()

    # The social worker records the guardian; nobody is told of their own change. (Signed in again:
    # the clock moved past their session.)
    page = client_for(worker)
    guardian_url = reverse("nrm:guardian", args=[referral.pk])
    answer = page.post(
        guardian_url,
        {
            "version": str(referral.version),
            "guardian_name": "Fictional Guardian",
            "guardian_organisation": "Fictional Guardianship Service",
            **date_parts("guardian_allocated_on", clock.today),
        },
    )
    assert answer.status_code == 302 and answer["Location"] == nrm_url
    referral.refresh_from_db()
    assert Notification.objects.filter(recipient=worker).count() == 1
    assert referral.guardian_name == "Fictional Guardian"
    shown = page.get(nrm_url).content.decode()
    assert "Fictional Guardian, Fictional Guardianship Service" in shown
    assert "Chased after 90 days from the reasonable grounds decision; awaited 0 days" in shown

    # The chronology and the Level 2 line.
    chronology = page.get(reverse("children:chronology", args=[world.child.pk])).content.decode()
    assert "Referred to the National Referral Mechanism" in chronology
    assert "NRM reasonable grounds decision: positive" in chronology
    assert "Independent Child Trafficking Guardian allocated" in chronology
    lines = item_notes.notes_for([world.child.pk], None)[world.child.pk]
    assert (
        "NRM: referred 2 March 2026; reasonable grounds positive 5 March 2026; conclusive awaited; guardian allocated"
        in lines
    )

    # The outcome closes the record.
    outcome_url = reverse("nrm:outcome", args=[referral.pk])
    answer = page.post(
        outcome_url,
        {
            "version": str(referral.version),
            "outcome": "Fictional: support continues.",
            **date_parts("closed_on", clock.today),
        },
    )
    assert answer.status_code == 302
    referral.refresh_from_db()
    assert referral.closed_on == clock.today and referral.awaits == ""


def test_a_conclusive_decision_before_the_reasonable_grounds_one_is_refused(world, client_for, clock) -> None:
    referral = make_referral(world.child, world.users[Role.SOCIAL_WORKER], referred_on=date(2026, 2, 2))
    page = client_for(world.users[Role.SOCIAL_WORKER])
    url = reverse("nrm:decisions", args=[referral.pk])
    answer = page.post(url, decisions_post(1, "positive", date(2026, 2, 20), "positive", date(2026, 2, 10)))
    body = answer.content.decode()
    assert answer.status_code == 200
    assert (
        "The conclusive grounds decision cannot be dated before the reasonable grounds decision (20 February 2026)"
        in body
    )
    assert re.search(r'href="#[^"]*conclusive_grounds_on', body)  # the error summary points at the field
    # Before the referral: refused too.
    answer = page.post(url, decisions_post(1, "positive", date(2026, 1, 20)))
    assert "cannot be before the referral was made (2 February 2026)" in answer.content.decode()
    # A conclusive decision without a positive reasonable grounds decision.
    answer = page.post(url, decisions_post(1, "awaited", None, "negative", date(2026, 2, 25)))
    assert "follows only a positive reasonable grounds decision" in answer.content.decode()
    referral.refresh_from_db()
    assert referral.version == 1 and referral.reasonable_grounds == Decision.AWAITED
    assert referral.conclusive_grounds == Decision.AWAITED


def test_two_people_recording_a_decision_the_second_is_told_and_nothing_is_saved(world, client_for, clock) -> None:
    referral = make_referral(world.child, world.users[Role.SOCIAL_WORKER], referred_on=date(2026, 2, 2))
    url = reverse("nrm:decisions", args=[referral.pk])
    first, second = client_for(world.users[Role.SOCIAL_WORKER]), client_for(world.users[Role.CERAR_LEAD])
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    assert first.post(url, decisions_post(1, "positive", date(2026, 2, 10))).status_code == 302
    answer = second.post(url, decisions_post(1, "negative", date(2026, 2, 11)))
    body = answer.content.decode()
    assert answer.status_code == 200 and STALE.split(".")[0] in body
    assert 'name="version" value="2"' in body  # the form moves on to the saved version
    referral.refresh_from_db()
    assert referral.reasonable_grounds == Decision.POSITIVE and referral.reasonable_grounds_on == date(2026, 2, 10)
    assert referral.version == 2


def test_who_reads_what(world, client_for, clock) -> None:
    referral = world.nrm_referral[world.child.pk]
    referral.outcome = "Fictional: a note only recorders read."
    referral.save_tracked(world.users[Role.SOCIAL_WORKER])
    url = reverse("nrm:child", args=[world.child.pk])

    full = client_for(world.users[Role.POLICE_OFFICER]).get(url).content.decode()
    assert "Criminal exploitation" in full and "a note only recorders read" in full
    assert "Record an NRM referral" in full

    partner = client_for(world.users[Role.LEAD_PROFESSIONAL]).get(url)
    body = partner.content.decode()
    assert partner.status_code == 200 and "Referral of" in body and "Reasonable grounds decision" in body
    assert "Criminal exploitation" not in body and "a note only recorders read" not in body
    assert "Record an NRM referral" not in body and reverse("nrm:decisions", args=[referral.pk]) not in body

    # An unrelated professional: 404 everywhere, and nothing on their pages.
    unrelated = client_for(world.unrelated)
    assert unrelated.get(url).status_code == 404
    assert unrelated.get(reverse("nrm:decisions", args=[referral.pk])).status_code == 404
    assert unrelated.get(reverse("nrm:overdue")).status_code == 403
    assert "NRM" not in unrelated.get(reverse("my-work")).content.decode()
    # The administrator sees the child but not its NRM referrals: no link, 403.
    admin = client_for(world.users[Role.ADMINISTRATOR])
    assert admin.get(url).status_code == 403
    assert url not in admin.get(reverse("children:detail", args=[world.child.pk])).content.decode()
