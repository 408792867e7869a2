"""The family's voice without an account, through the pages: the child's social worker asks a
parent for their views from the meeting page, sees the link once, the parent sends their views from
a phone with no account, and the views are on the meeting page to be read out, marked as sent
through the link, by whom and when; the social worker and the chair are told. Every way a link can
no longer be used, and a guessed token, get the same page, which says nothing about anyone."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cepathway.core.models import AuditEvent
from cepathway.family.models import ViewsLink, ViewsLinkState, token_hash
from cepathway.family.voice import services
from cepathway.meetings.models import CallRequest, MeetingState, VoiceMethod, VoiceOf, VoiceRecord
from cepathway.notifications.models import Notification
from cepathway.people.models import Role

LINK_RE = re.compile(r"/family/views/([A-Za-z0-9_-]{20,})/")


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def secrets_of(world, meeting) -> list[str]:  # type: ignore[no-untyped-def]
    """What a family's page must never show: the child's names, the meeting's place, professionals' names."""
    child = meeting.child
    people = [meeting.chair, world.users[Role.SOCIAL_WORKER], world.users[Role.LEAD_PROFESSIONAL]]
    return [
        child.first_name,
        child.last_name,
        child.full_name,
        meeting.location,
        *(person.display_name for person in people),
        *(person.last_name for person in people),
    ]


def assert_reveals_nothing(response, world, meeting) -> None:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    for secret in secrets_of(world, meeting):
        if secret:
            assert not re.search(rf"\b{re.escape(secret)}\b", text), f"the family's page shows {secret!r}"


def assert_private(response) -> None:  # type: ignore[no-untyped-def]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def issue_through_the_page(client, meeting, **fields) -> str:  # type: ignore[no-untyped-def]
    response = client.post(reverse("family:ask-for-views", args=[meeting.pk]), fields)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "no-store" in response["Cache-Control"]
    match = LINK_RE.search(response.content.decode())
    assert match, "the issued page shows the link"
    return match.group(1)


def test_a_parent_sends_views_through_the_link_and_they_are_on_the_meeting_page(world, client_for):
    meeting = world.meeting[world.child.pk]
    worker = world.users[Role.SOCIAL_WORKER]
    professional = client_for(worker)

    page = professional.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Ask the family for their views" in page
    assert professional.get(reverse("family:ask-for-views", args=[meeting.pk])).status_code == 200

    token = issue_through_the_page(
        professional, meeting, voice_of=VoiceOf.PARENT_CARER, first_name="Robin", relationship="father"
    )
    link = ViewsLink.objects.get(token_hash=token_hash(token))
    assert link.created_by == worker and link.state == ViewsLinkState.WAITING
    assert link.expires_at == min(timezone.now() + timedelta(days=14), meeting.scheduled_for) or (
        link.expires_at <= meeting.scheduled_for
    )

    family = Client()
    opened = family.get(reverse("family:views", args=[token]))
    assert opened.status_code == 200
    text = opened.content.decode()
    assert "Hello Robin" in text and "What worries you?" in text
    assert "social worker or lead professional for a phone call" in text
    assert_private(opened)
    assert_reveals_nothing(opened, world, meeting)

    sent = family.post(
        reverse("family:views", args=[token]),
        {"going_well": "Fictional: school is better.", "worries": "Fictional: late nights.", "would_help": ""},
    )
    assert sent.status_code == 302 and sent["Location"] == reverse("family:views-thanks")
    thanks = family.get(sent["Location"])
    assert thanks.status_code == 200 and "We have your views" in thanks.content.decode()
    assert_private(thanks)

    record = VoiceRecord.objects.get(meeting=meeting, method=VoiceMethod.ONLINE)
    assert record.voice_of == VoiceOf.PARENT_CARER and record.relationship == "father"
    assert record.read_out and record.gathered_on == timezone.localdate()
    assert "What worries me:\nFictional: late nights." in record.views
    link.refresh_from_db()
    assert link.state == ViewsLinkState.USED and link.views == record and link.used_at

    page = professional.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f"Sent by them through a link from {worker}" in page
    assert "Fictional: late nights." in page
    assert "Views sent" in page and "by Robin" in page

    told = set(
        Notification.objects.filter(message__contains="Views from a parent or carer").values_list(
            "recipient", flat=True
        )
    )
    assert told == {worker.pk, meeting.chair_id}

    # used: the same link now gets the refusal
    again = family.get(reverse("family:views", args=[token]))
    assert again.status_code == 404


def test_the_token_is_never_kept_in_clear_nor_in_the_audit(world, client_for):
    meeting = world.meeting[world.child.pk]
    professional = client_for(world.users[Role.SOCIAL_WORKER])
    token = issue_through_the_page(
        professional, meeting, voice_of=VoiceOf.PARENT_CARER, first_name="Quillon", relationship="aunt"
    )
    family = Client()
    family.get(reverse("family:views", args=[token]))
    family.post(reverse("family:views", args=[token]), {"going_well": "Fictional: fine."})
    family.get(reverse("family:views", args=[token]))  # refused, audited as a denied try
    link = ViewsLink.objects.get(token_hash=token_hash(token))
    row = ViewsLink.objects.filter(pk=link.pk).values().get()
    assert all(token not in str(value) for value in row.values())
    for entry in AuditEvent.objects.all().values("detail", "path", "record_id", "fields"):
        assert token not in repr(entry), entry
        assert "Quillon" not in repr(entry), entry
    actions = set(AuditEvent.objects.filter(record_id=str(link.pk)).values_list("action", flat=True))
    assert {"created", "changed", "denied"} <= actions


def refusal_cases(world):  # type: ignore[no-untyped-def]
    """One token for each reason a link may not be used, and a guess."""
    meeting = world.meeting[world.child.pk]
    by = world.users[Role.SOCIAL_WORKER]

    def fresh(name: str) -> services.Issued:
        return services.issue(meeting, voice_of=VoiceOf.CHILD, first_name=name, by=by)

    used = fresh("Usedname")
    services.receive(used.link, services.Views(text="Fictional: views."))
    expired = fresh("Expiredname")
    ViewsLink.objects.filter(pk=expired.link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    withdrawn = fresh("Withdrawnname")
    services.withdraw(withdrawn.link, by=by, expected_version=withdrawn.link.version)
    return meeting, {
        "used": used.token,
        "expired": expired.token,
        "withdrawn": withdrawn.token,
        "guessed": ViewsLink.new_token(),
    }


def test_reused_expired_withdrawn_started_and_guessed_links_get_one_identical_page(world):
    meeting, tokens = refusal_cases(world)
    family = Client()
    bodies = {}
    for reason, token in tokens.items():
        for method in ("get", "post"):
            response = getattr(family, method)(reverse("family:views", args=[token]), {"words": "Fictional."})
            assert response.status_code == 404, reason
            assert_private(response)
            assert_reveals_nothing(response, world, meeting)
            text = response.content.decode()
            for name in ("Usedname", "Expiredname", "Withdrawnname", "Hello"):
                assert name not in text
            bodies[f"{reason} {method}"] = response.content
    assert "This link does not work" in next(iter(bodies.values())).decode()
    assert "social worker or lead professional" in next(iter(bodies.values())).decode()
    assert len(set(bodies.values())) == 1, "every refusal is the same page"

    # past the meeting's start: the link has not expired, the meeting has begun
    started = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name="Startedname", by=meeting.chair)
    type(meeting).objects.filter(pk=meeting.pk).update(scheduled_for=timezone.now() - timedelta(minutes=5))
    ViewsLink.objects.filter(pk=started.link.pk).update(expires_at=timezone.now() + timedelta(days=3))
    response = family.get(reverse("family:views", args=[started.token]))
    assert response.status_code == 404 and response.content in bodies.values()
    assert VoiceRecord.objects.filter(meeting=meeting).count() == 1  # only the used link's


def test_a_cancelled_meeting_closes_its_links(world):
    meeting = world.meeting[world.child.pk]
    issued = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name="Sam", by=meeting.chair)
    type(meeting).objects.filter(pk=meeting.pk).update(state=MeetingState.CANCELLED)
    assert Client().get(reverse("family:views", args=[issued.token])).status_code == 404


def test_too_many_tries_from_one_address_get_429(world, settings):
    settings.CEPATHWAY_FAMILY_VIEWS_RATE = "3/h"
    family = Client()
    for _ in range(3):
        assert family.get(reverse("family:views", args=[ViewsLink.new_token()])).status_code == 404
    throttled = family.get(reverse("family:views", args=[world.views_token]))
    assert throttled.status_code == 429
    assert "too many tries" in throttled.content.decode()
    assert_private(throttled)
    assert "Fictionalparent" not in throttled.content.decode()
    # another address is not held back
    other = Client(REMOTE_ADDR="192.0.2.10")
    assert other.get(reverse("family:views", args=[world.views_token])).status_code == 200


def test_two_posts_at_once_save_once(world):
    link = world.views_link[world.child.pk]
    first = ViewsLink.objects.get(pk=link.pk)
    second = ViewsLink.objects.get(pk=link.pk)  # loaded by the second request before the first saved
    services.receive(first, services.Views(text="Fictional: first."))
    with pytest.raises(services.LinkUnusable):
        services.receive(second, services.Views(text="Fictional: second."))
    assert list(VoiceRecord.objects.filter(method=VoiceMethod.ONLINE).values_list("views", flat=True)) == [
        "Fictional: first."
    ]


def test_the_child_version_has_faces_and_a_phone_call(world):
    meeting = world.meeting[world.child.pk]
    issued = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name="Kit", by=world.users[Role.SOCIAL_WORKER])
    family = Client()
    url = reverse("family:views", args=[issued.token])
    page = family.get(url).content.decode()
    assert "Hello Kit" in page and "How worried are you?" in page
    assert page.count('name="worry" type="radio"') == 4
    assert page.count('<svg aria-hidden="true"') == 4
    for label in ("Not worried", "A little worried", "Quite worried", "Very worried"):
        assert label in page

    nothing = family.post(url, {})
    assert nothing.status_code == 200 and "Write something, or choose a face" in nothing.content.decode()
    no_number = family.post(url, {"worry": "very", "wants_call": "yes"})
    assert "Enter your phone number" in no_number.content.decode()

    sent = family.post(url, {"worry": "very", "wants_call": "yes", "phone": "07700 900982", "best_times": "after 4"})
    assert sent.status_code == 302
    record = VoiceRecord.objects.get(meeting=meeting, method=VoiceMethod.ONLINE)
    assert record.voice_of == VoiceOf.CHILD and record.relationship == ""
    assert record.views.startswith("How worried I am: Very worried")
    call = CallRequest.objects.get(meeting=meeting, contact_name="Kit")
    assert call.requested_by == VoiceOf.CHILD and call.contact_phone == "07700 900982"


def test_who_may_ask_and_when(world, client_for):
    meeting = world.meeting[world.child.pk]
    url = reverse("family:ask-for-views", args=[meeting.pk])
    assert client_for(world.users[Role.TEAM_MANAGER]).get(url).status_code == 403
    assert client_for(world.users[Role.POLICE_OFFICER]).get(url).status_code == 403
    lead = client_for(world.users[Role.LEAD_PROFESSIONAL])
    missing = lead.post(url, {"voice_of": VoiceOf.PARENT_CARER, "first_name": "Ash"})
    assert "Enter the parent or carer&#x27;s relationship" in missing.content.decode()
    type(meeting).objects.filter(pk=meeting.pk).update(state=MeetingState.CANCELLED)
    refused = lead.post(url, {"voice_of": VoiceOf.CHILD, "first_name": "Ash"})
    assert refused.status_code == 200 and "can no longer send views" in refused.content.decode()
    assert not ViewsLink.objects.filter(first_name="Ash").exists()
    page = lead.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Ask the family for their views" not in page


def test_the_link_lasts_the_policys_days_and_never_past_the_meeting(world):
    meeting = world.meeting[world.child.pk]  # in 7 days: sooner than the policy's 14
    issued = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name="Lee", by=meeting.chair)
    assert issued.link.expires_at == meeting.scheduled_for
    type(meeting).objects.filter(pk=meeting.pk).update(scheduled_for=timezone.now() + timedelta(days=40))
    meeting.refresh_from_db()
    later = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name="Lee", by=meeting.chair)
    assert abs(later.link.expires_at - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)


def test_withdrawing_a_link_through_the_page(world, client_for):
    link = world.views_link[world.child.pk]
    worker = client_for(world.users[Role.SOCIAL_WORKER])
    url = reverse("family:withdraw-views-link", args=[link.pk])
    assert "Fictionalparent" in worker.get(url).content.decode()
    done = worker.post(url, {"version": link.version})
    assert done.status_code == 302
    link.refresh_from_db()
    assert link.state == ViewsLinkState.WITHDRAWN
    stale = worker.post(url, {"version": 1})
    assert stale.status_code == 200
    entry = AuditEvent.objects.filter(record_id=str(link.pk), action="changed").get()
    assert entry.detail == "withdrawn" and "Fictionalparent" not in entry.detail
    assert Client().get(reverse("family:views", args=[world.views_token])).status_code == 404
