"""Journey: a professional who may see a meeting's family summary makes the family letters from the
meeting's page, by clicking: the invitation to send views (to a typed first name, or with a views
link checked against the meeting) and the outcome summary, each as a printable page and a tagged PDF.
An unverified views link is refused and never printed; someone from an unrelated agency gets a 404."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import CEStatus
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.family.models import ViewsLink, ViewsLinkState, token_hash
from cepathway.meetings.models import VoiceOf
from cepathway.people.models import Role
from cepathway.policy.wording import long_date
from tests.meetings.conftest import clock, pathway  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def links_on(page: str, part: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', page) if part in href]


def meeting_page(client, meeting) -> str:
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def assert_tagged_pdf(response, meeting) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and meeting.scheduled_on.isoformat() in disposition
    assert meeting.child.first_name not in disposition and meeting.child.last_name not in disposition
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf
    assert b"/Lang (en-GB)" in pdf
    assert long_date(meeting.scheduled_on).encode() in pdf  # in the document's title
    return pdf


def make_link(world, meeting, *, first_name="Jordan", voice_of=VoiceOf.PARENT_CARER, **fields):
    token = ViewsLink.new_token()
    link = ViewsLink(
        meeting=meeting,
        child=meeting.child,
        voice_of=voice_of,
        first_name=first_name,
        token_hash=token_hash(token),
        expires_at=fields.pop("expires_at", timezone.now() + timedelta(days=14)),
        **fields,
    )
    link.save_tracked(world.users[Role.SOCIAL_WORKER])
    return token, link


def test_the_social_worker_clicks_from_the_meeting_to_the_invitation_letter(world, client_for):
    meeting = world.meeting[world.child.pk]
    client = client_for(world.users[Role.SOCIAL_WORKER])
    page = meeting_page(client, meeting)
    assert "Letters and guide for the family" in page
    (letter_url,) = links_on(page, "/invitation/")
    assert links_on(page, reverse("family:guide", args=[world.home.code]))
    assert not links_on(page, "/outcome")  # no outcome yet

    form = client.get(letter_url)
    assert form.status_code == 200 and "Letter inviting views" in form.content.decode()
    missing = client.post(letter_url, {})
    assert missing.status_code == 200
    assert "Enter the first name of the person the letter is for" in missing.content.decode()

    before = AuditEvent.objects.count()
    letter = client.post(letter_url, {"first_name": "Alex", "voice_of": "parent_carer", "format": "html"})
    assert letter.status_code == 200
    text = letter.content.decode().replace("&#x27;", "'")
    assert "Dear Alex," in text
    assert long_date(meeting.scheduled_on) in text
    assert world.child.first_name in text
    assert "cerar@example.invalid" in text  # the partnership's own CERAR address, from its policy
    assert "/family/views/" not in text  # no link was asked for, so none is printed
    (event,) = AuditEvent.objects.filter(detail="family letter: invitation")
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "viewed" and event.child_id == world.child.pk
    assert event.user_id == world.users[Role.SOCIAL_WORKER].pk and event.record_id == str(meeting.pk)

    pdf = client.post(letter_url, {"first_name": "Alex", "voice_of": "parent_carer", "format": "pdf"})
    assert_tagged_pdf(pdf, meeting)
    (taken,) = AuditEvent.objects.filter(detail="family letter: invitation (PDF)")
    assert taken.action == AuditAction.DOWNLOADED and taken.child_id == world.child.pk
    assert taken.record_id == str(meeting.pk)


def test_the_letter_to_the_child_speaks_to_them(world, client_for):
    meeting = world.meeting[world.child.pk]
    client = client_for(world.users[Role.LEAD_PROFESSIONAL])
    letter = client.post(
        reverse("family:invitation-letter", args=[meeting.pk]), {"first_name": "Robin", "voice_of": "child"}
    )
    text = letter.content.decode()
    assert "Dear Robin," in text and "the meeting about you" in text


def test_a_checked_views_link_goes_in_the_letter_with_its_person(world, client_for):
    meeting = world.meeting[world.child.pk]
    token, link = make_link(world, meeting)
    client = client_for(world.users[Role.SOCIAL_WORKER])
    url = reverse("family:invitation-letter", args=[meeting.pk])
    letter = client.post(url, {"token": token})
    assert letter.status_code == 200
    text = letter.content.decode()
    assert "Dear Jordan," in text
    assert f"http://127.0.0.1:8000/family/views/{token}" in text or f"/family/views/{token}" in text
    pdf = client.post(url, {"token": token, "format": "pdf"})
    assert_tagged_pdf(pdf, meeting)
    link.refresh_from_db()
    assert link.state == ViewsLinkState.WAITING  # making a letter does not use the link


@pytest.mark.parametrize("how", ["made up", "withdrawn", "expired", "another meeting"])
def test_an_unverified_views_link_is_refused_and_never_printed(world, client_for, how):
    meeting = world.meeting[world.child.pk]
    if how == "made up":
        token = ViewsLink.new_token()
    elif how == "withdrawn":
        token, _ = make_link(world, meeting, state=ViewsLinkState.WITHDRAWN)
    elif how == "expired":
        token, _ = make_link(world, meeting, expires_at=timezone.now() - timedelta(minutes=1))
    else:
        token, _ = make_link(world, world.meeting[world.other_child.pk])
    client = client_for(world.users[Role.CERAR_LEAD])
    for form in ("html", "pdf"):
        refused = client.post(reverse("family:invitation-letter", args=[meeting.pk]), {"token": token, "format": form})
        assert refused.status_code == 400
        assert refused["Content-Type"].startswith("text/html")
        text = refused.content.decode()
        assert "This views link cannot go in a letter" in text
        assert token not in text and "Dear" not in text


def test_the_outcome_letter_follows_the_meeting(world, pathway, client_for):  # noqa: F811
    meeting = pathway.level1()
    pathway.decide(meeting, CEStatus.MEDIUM)
    meeting.refresh_from_db()
    client = client_for(world.users[Role.SOCIAL_WORKER])
    page = meeting_page(client, meeting)
    assert not links_on(page, "/invitation/")  # the meeting has been held
    (letter_url,) = links_on(page, "/outcome/")
    (pdf_url,) = links_on(page, "/outcome.pdf")

    letter = client.get(letter_url)
    assert letter.status_code == 200
    text = letter.content.decode().replace("&#x27;", "'")
    assert f"What the meeting about {meeting.child.first_name} decided" in text
    assert "The meeting is worried that" in text  # Medium, in the policy's words for families
    assert "complaints@example.invalid" in text
    assert "Fictional rationale." not in text  # the professionals' reasons stay with them

    on_page = links_on(text, "/outcome.pdf")
    assert on_page == [pdf_url]
    assert_tagged_pdf(client.get(pdf_url), meeting)
    (taken,) = AuditEvent.objects.filter(detail="family letter: outcome summary (PDF)")
    assert taken.action == AuditAction.DOWNLOADED and taken.child_id == meeting.child_id


def test_only_those_who_may_see_the_family_summary_make_letters(world, client_for):
    meeting = world.meeting[world.child.pk]
    urls = [
        reverse("family:invitation-letter", args=[meeting.pk]),
        reverse("family:outcome-letter", args=[meeting.pk]),
        reverse("family:outcome-letter-pdf", args=[meeting.pk]),
    ]
    unrelated = client_for(world.unrelated)
    for url in urls:
        assert unrelated.get(url).status_code == 404
    assert unrelated.post(urls[0], {"first_name": "Alex", "voice_of": "child"}).status_code == 404
    # The police officer is invited to the meeting but may not see the family summary.
    police = client_for(world.users[Role.POLICE_OFFICER])
    assert "Letters and guide for the family" not in meeting_page(police, meeting)
    assert police.get(urls[0]).status_code == 403


def test_from_a_new_views_link_to_a_letter_that_holds_it(world, client_for):
    """The page that shows a new views link once offers "Print a letter with this link": it posts the
    token here, and the letter is written to the link's person with the link in full."""
    meeting = world.meeting[world.child.pk]
    client = client_for(world.users[Role.SOCIAL_WORKER])
    issued = client.post(
        reverse("family:ask-for-views", args=[meeting.pk]),
        {"voice_of": "parent_carer", "relationship": "Aunt", "first_name": "Morgan"},
    )
    assert issued.status_code == 200
    page = issued.content.decode()
    action = reverse("family:invitation-letter", args=[meeting.pk])
    assert f'action="{action}"' in page
    (token,) = re.findall(r'name="token" value="([^"]+)"', page)
    letter = client.post(action, {"token": token})
    assert letter.status_code == 200
    text = letter.content.decode()
    assert "Dear Morgan," in text and f"/family/views/{token}/" in text
    assert_tagged_pdf(client.post(action, {"token": token, "format": "pdf"}), meeting)
