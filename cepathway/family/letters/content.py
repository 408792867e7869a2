"""What each family letter says, gathered from the meeting and the partnership's policy.

The outcome letter says only what the family summary says (`meetings.presenters.family_summary`:
what may be shared with the family, the plan, who to contact), so the two can never differ. The
invitation letter names the meeting's date and the ways to send views the policy gives; it carries a
views link only when the link was checked against a usable `ViewsLink` for the meeting.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from cepathway.core import mail
from cepathway.core.policy import Contacts
from cepathway.meetings.models import Meeting, VoiceOf
from cepathway.meetings.presenters import FamilySummary, NamedWorker, family_summary, named_worker
from cepathway.policy import wording
from cepathway.policy.services import policy_for

from ..models import ViewsLink

VIEWS_PAGE = "family:views"  # the voice part's page where a views link is used


@dataclass(frozen=True)
class Letterhead:
    partnership_name: str
    guide_url: str
    written_on: date


def letterhead(meeting: Meeting) -> Letterhead:
    partnership = meeting.child.partnership
    guide = mail.base_url() + reverse("family:guide", args=[partnership.code])
    return Letterhead(partnership_name=partnership.name, guide_url=guide, written_on=timezone.localdate())


@dataclass(frozen=True)
class InvitationLetter:
    """An invitation to send views to a meeting, written to one person."""

    head: Letterhead
    meeting: Meeting
    to_name: str
    to_child: bool  # written to the child themself, not to a parent or carer
    child_first_name: str
    meeting_on: date
    contacts: Contacts
    worker: NamedWorker | None
    views_link: str = ""  # the full address, only when checked against a usable link
    link_until: datetime | None = None

    @property
    def about(self) -> str:
        """Who the meeting is about, as the letter says it to its reader: "you" or "Sam"."""
        return "you" if self.to_child else self.child_first_name

    @property
    def title(self) -> str:
        return f"Invitation to send your views to the meeting on {wording.long_date(self.meeting_on)}"


def invitation_letter(
    meeting: Meeting, *, to_name: str, voice_of: str, link: ViewsLink | None = None, token: str = ""
) -> InvitationLetter:
    policy = policy_for(meeting.child.partnership_id)
    views_link = mail.base_url() + reverse(VIEWS_PAGE, args=[token]) if link is not None and token else ""
    return InvitationLetter(
        head=letterhead(meeting),
        meeting=meeting,
        to_name=to_name,
        to_child=voice_of == VoiceOf.CHILD,
        child_first_name=meeting.child.first_name,
        meeting_on=meeting.scheduled_on,
        contacts=policy.contacts,
        worker=named_worker(meeting.child, meeting.status_under_review or "", policy),
        views_link=views_link,
        link_until=min(link.expires_at, meeting.scheduled_for) if link is not None and views_link else None,
    )


@dataclass(frozen=True)
class OutcomeLetter:
    """The outcome summary as a letter to the parent or carer."""

    head: Letterhead
    summary: FamilySummary

    @property
    def title(self) -> str:
        return f"What the meeting on {wording.long_date(self.summary.held_on)} decided"


def outcome_letter(meeting: Meeting) -> OutcomeLetter:
    return OutcomeLetter(head=letterhead(meeting), summary=family_summary(meeting))


def letter_filename(kind: str, meeting: Meeting) -> str:
    """ "invitation-letter-2026-03-09.pdf": the kind and the meeting's date, never the child's name."""
    return f"{kind}-letter-{meeting.scheduled_on.isoformat()}.pdf"


def describe(letter: Any) -> str:
    return letter.title
