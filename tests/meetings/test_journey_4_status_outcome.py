"""Step 4: the meeting sets a CE status with CE types and a rationale, shown beside the
checklist's suggestion; High and Medium need an allocated social worker, Low a lead professional.
The status changes only through a meeting outcome, as a new history row."""

import pytest
from django.urls import reverse

from cepathway.children.models import CEStatus, Child
from cepathway.core.models import AuditEvent
from cepathway.meetings.models import Meeting, StatusDecision
from cepathway.people.models import Role
from tests.factories import UserFactory

from .conftest import new_child


def outcome_form(meeting, status, chair, **extra):
    return {
        "version": meeting.version,
        "status": status,
        "ce_types": ["cce", "cse"],
        "rationale": "Worries outweigh the strengths for now.",
        "review_venue": "childrens_services",
        "review_chair": str(chair.pk) if chair else "",
        **extra,
    }


def test_status_is_set_at_the_meeting_through_the_pages(world, clock, client_for, pathway):
    child = new_child(world, with_workers=False)
    meeting = pathway.hold(pathway.level1(child))
    cerar = client_for(pathway.cerar)
    url = reverse("meetings:outcome", args=[meeting.pk])
    manager, sw = world.users[Role.TEAM_MANAGER], world.users[Role.SOCIAL_WORKER]

    page = cerar.get(url).content.decode()
    assert "The checklist on referral TEST-" in page and "suggested <strong>Medium</strong>" in page
    assert "Missing from home: current, evidenced" in page

    no_worker = cerar.post(url, outcome_form(meeting, CEStatus.HIGH, manager))
    assert "A High status needs an allocated social worker" in no_worker.content.decode()
    child.refresh_from_db()
    assert child.ce_status == CEStatus.NONE and not StatusDecision.objects.filter(child=child).exists()

    no_rationale = cerar.post(url, outcome_form(meeting, CEStatus.HIGH, manager, rationale="", social_worker=sw.pk))
    assert no_rationale.status_code == 200 and not StatusDecision.objects.filter(child=child).exists()

    done = cerar.post(url, outcome_form(meeting, CEStatus.HIGH, manager, social_worker=sw.pk))
    assert done.status_code == 302
    child.refresh_from_db()
    decision = StatusDecision.objects.get(child=child)
    assert (child.ce_status, child.allocated_social_worker) == (CEStatus.HIGH, sw)
    assert (decision.previous_status, decision.status, decision.ce_types) == ("none", "high", ["cce", "cse"])
    assert (decision.suggested_level, decision.differs_from_suggestion) == ("medium", True)
    changes = AuditEvent.objects.filter(action="changed", child_id=child.pk, record_type="children.Child")
    assert any("ce_status" in event.fields for event in changes)

    again = cerar.post(
        url, outcome_form(Meeting.objects.get(pk=meeting.pk), CEStatus.LOW, world.users[Role.LEAD_PROFESSIONAL])
    )
    assert "already been recorded" in again.content.decode()
    assert StatusDecision.objects.filter(child=child).count() == 1

    shown = cerar.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "the meeting&#x27;s judgement differs" in shown or "the meeting's judgement differs" in shown


def test_low_needs_a_lead_professional(world, clock, pathway):
    child = new_child(world, with_workers=False)
    meeting = pathway.level1(child)
    with pytest.raises(Exception, match="needs a lead professional"):
        pathway.decide(meeting, CEStatus.LOW, review_chair=world.users[Role.LEAD_PROFESSIONAL])
    lp = world.users[Role.LEAD_PROFESSIONAL]
    meeting.refresh_from_db()
    pathway.decide(meeting, CEStatus.LOW, review_chair=lp, lead_professional=lp)
    assert Child.objects.get(pk=child.pk).lead_professional == lp


def test_status_history_is_never_rewritten(world, clock, pathway):
    result = pathway.decide(pathway.level1(), CEStatus.MEDIUM)
    with pytest.raises(PermissionError):
        result.decision.save()
    with pytest.raises(PermissionError):
        StatusDecision.objects.filter(pk=result.decision.pk).update(status="low")
    with pytest.raises(PermissionError):
        result.decision.delete()
    assert StatusDecision.objects.get(pk=result.decision.pk).status == CEStatus.MEDIUM


def test_the_child_form_cannot_set_the_status(world):
    assert Child._meta.get_field("ce_status").editable is False


def test_status_is_set_through_the_api(world, clock, api_client_for, pathway):
    meeting = pathway.hold(pathway.level1())
    api = api_client_for(pathway.cerar)
    manager = world.users[Role.TEAM_MANAGER]
    body = {
        "version": meeting.version,
        "status": "medium",
        "ce_types": ["cce"],
        "rationale": "Agreed by all.",
        "review_venue": "early_help",
        "review_chair_id": str(manager.pk),
    }
    at_early_help = api.post(f"/api/meetings/{meeting.pk}/outcome", body, content_type="application/json")
    assert at_early_help.status_code == 422 and "cannot be held at Early Help" in str(at_early_help.json())
    done = api.post(
        f"/api/meetings/{meeting.pk}/outcome", {**body, "review_venue": "school"}, content_type="application/json"
    )
    assert done.status_code == 201, done.content
    assert done.json()["decision"]["status"] == "medium" and done.json()["decision"]["suggested_level"] == "medium"
    history = api.get(f"/api/meetings/children/{meeting.child_id}").json()
    assert history["ce_status"] == "medium" and [h["status"] for h in history["history"]] == ["medium"]
    partner = api_client_for(world.users[Role.PARTNER_PROFESSIONAL])
    assert partner.post(f"/api/meetings/{meeting.pk}/outcome", body, content_type="application/json").status_code == 403


def test_a_status_cannot_be_set_except_by_a_meeting_outcome(world):
    import pytest

    child = type(world.child).objects.get(pk=world.child.pk)
    child.ce_status = CEStatus.HIGH
    with pytest.raises(ValueError, match="only through a meeting outcome"):
        child.save()
    child.refresh_from_db()
    assert child.ce_status == CEStatus.NONE


def test_a_worker_replaced_at_the_meeting_no_longer_sees_the_child(world, clock, pathway):
    child = new_child(world)
    previous = world.users[Role.SOCIAL_WORKER]
    successor = UserFactory(role=Role.SOCIAL_WORKER, agency=previous.agency)
    assert Child.objects.visible_to(previous).filter(pk=child.pk).exists()

    pathway.decide(pathway.level1(child), CEStatus.MEDIUM, social_worker=successor)

    assert Child.objects.get(pk=child.pk).allocated_social_worker == successor
    assert Child.objects.visible_to(successor).filter(pk=child.pk).exists()
    assert not Child.objects.visible_to(previous).filter(pk=child.pk).exists()


def test_a_worker_replaced_on_the_allocation_page_no_longer_sees_the_child(world, clock, client_for):
    child = new_child(world)
    previous = world.users[Role.SOCIAL_WORKER]
    successor = UserFactory(role=Role.SOCIAL_WORKER, agency=previous.agency)
    form = {
        "version": child.version,
        "open_to_childrens_services": "on",
        "allocated_social_worker": str(successor.pk),
        "lead_professional": str(child.lead_professional_id),
        "school": "",
    }
    response = client_for(world.users[Role.TEAM_MANAGER]).post(reverse("children:edit", args=[child.pk]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Child.objects.visible_to(previous).filter(pk=child.pk).exists()
    assert Child.objects.visible_to(successor).filter(pk=child.pk).exists()
    assert Child.objects.visible_to(child.lead_professional).filter(pk=child.pk).exists(), "unchanged: keeps sight"


def test_the_checklists_detail_is_for_those_working_the_case(world, clock, client_for, api_client_for, pathway):
    """As on the referral page: the suggestion's reasons and CERAR's triage judgement are shown to
    CERAR and the social worker, not to every professional invited."""
    meeting = pathway.hold(pathway.level1())  # invites the police officer and the school
    reason = "Missing from home: current, evidenced"
    page = reverse("meetings:detail", args=[meeting.pk])

    assert reason in client_for(pathway.cerar).get(page).content.decode()
    assert reason in client_for(world.users[Role.SOCIAL_WORKER]).get(page).content.decode()
    police = world.users[Role.POLICE_OFFICER]
    shown = client_for(police).get(page)
    assert shown.status_code == 200 and reason not in shown.content.decode()
    assert api_client_for(police).get(f"/api/meetings/{meeting.pk}").json()["suggestion"] is None
    assert api_client_for(pathway.cerar).get(f"/api/meetings/{meeting.pk}").json()["suggestion"]["reasons"]
