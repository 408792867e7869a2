"""Demo views links (fictional): on the next scheduled meeting of a child the demo social worker
works with, one link for a parent or carer not used yet, and one the child has used, whose views
arrived. Nothing secret is printed: the tokens are thrown away. Safe to run again."""

from typing import Any

from django.utils import timezone
from faker import Faker

from cepathway.meetings.models import Meeting, MeetingState, VoiceOf

from ..models import ViewsLink
from . import services

CHILD_VIEWS = services.Views(
    text=(
        "How worried I am: A little worried (chosen from four faces)\n\n"
        "What I want the meeting to know:\nFictional: I like going to the youth club on Tuesdays. "
        "I don't want to move schools. I'd like my mum to be told what is decided."
    )
)


def add_demo_voice(partnership: Any, users: dict[str, Any]) -> None:
    if ViewsLink.objects.filter(child__partnership=partnership).exists():
        return
    upcoming = Meeting.objects.filter(
        child__partnership=partnership, state=MeetingState.SCHEDULED, scheduled_for__gt=timezone.now()
    ).select_related("child", "chair")
    worker = users.get("socialworker")
    meeting = upcoming.filter(child__allocated_social_worker=worker).order_by("scheduled_for").first()
    issuer = worker
    if meeting is None:
        meeting, issuer = upcoming.order_by("scheduled_for").first(), users.get("cerar")
    if meeting is None or issuer is None:
        return
    fake = Faker("en_GB")
    fake.seed_instance(10)
    services.issue(
        meeting, voice_of=VoiceOf.PARENT_CARER, first_name=fake.first_name(), relationship="mother", by=issuer
    )
    used = services.issue(meeting, voice_of=VoiceOf.CHILD, first_name=meeting.child.first_name, by=issuer)
    services.receive(used.link, CHILD_VIEWS)
