"""The family's voice without an account: issuing a single-use link for a parent or carer, or the
child, to send their views to a meeting; withdrawing it; and what happens when views arrive through
it (the views on the meeting, to be read out; the link used; the issuer and the chair told).

Only a hash of the token is kept (`ViewsLink.token_hash`). The raw token exists once, in what
`issue` returns, for the page or API answer that shows it to the person who issued it. Neither
the token nor the first name of the person the link is for ever goes into the audit log.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit, mail
from cepathway.core.errors import ConflictError, RuleError
from cepathway.meetings import before_meeting
from cepathway.meetings.models import Meeting, MeetingState, VoiceMethod, VoiceOf, VoiceRecord
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify
from cepathway.policy.services import policy_for

from ..models import ViewsLink, ViewsLinkState, token_hash

EMAIL = "family/voice/email/"


class LinkUnusable(Exception):
    """The link is used, withdrawn, expired, past its meeting's start, or never existed."""


@dataclass(frozen=True)
class Issued:
    """A link just issued, with its raw token: shown once, then gone."""

    link: ViewsLink
    token: str

    @property
    def path(self) -> str:
        return public_path(self.token)

    @property
    def url(self) -> str:
        return mail.base_url() + self.path


def public_path(token: str) -> str:
    return reverse("family:views", args=[token])


def expiry_for(meeting: Meeting, now: datetime | None = None) -> datetime:
    """The policy's number of days from now, and never after the meeting starts."""
    now = now or timezone.now()
    days = policy_for(meeting.child.partnership_id).timescales.views_link_days
    return min(now + timedelta(days=days), meeting.scheduled_for)


def check_may_ask(meeting: Meeting, now: datetime | None = None) -> None:
    """A link is only for a scheduled meeting that has not started."""
    now = now or timezone.now()
    if meeting.state != MeetingState.SCHEDULED:
        raise RuleError(
            f"This meeting is {meeting.get_state_display().lower()}: the family can no longer send views to it."
        )
    if meeting.scheduled_for <= now:
        raise RuleError("This meeting has started: the family can no longer send views to it.")


@transaction.atomic
def issue(meeting: Meeting, *, voice_of: str, first_name: str, relationship: str = "", by: Any) -> Issued:
    """A new link for one person and this meeting. Audited as created (never the token or the name)."""
    check_may_ask(meeting)
    first_name = first_name.strip()
    if not first_name:
        raise RuleError("Enter their first name.", field="first_name")
    if voice_of == VoiceOf.PARENT_CARER and not relationship.strip():
        raise RuleError("Enter the parent or carer's relationship to the child.", field="relationship")
    if voice_of not in VoiceOf.values:
        raise RuleError("Choose who the link is for.", field="voice_of")
    token = ViewsLink.new_token()
    link = ViewsLink(
        meeting=meeting,
        child=meeting.child,
        voice_of=voice_of,
        first_name=first_name,
        relationship=relationship.strip() if voice_of == VoiceOf.PARENT_CARER else "",
        token_hash=token_hash(token),
        expires_at=expiry_for(meeting),
    )
    link.save_tracked(by)
    audit.created(by, link, detail=f"views link for {link.get_voice_of_display().lower()}")
    return Issued(link=link, token=token)


@transaction.atomic
def withdraw(link: ViewsLink, *, by: Any, expected_version: int) -> ViewsLink:
    """The link stops working at once. Only a link not yet used can be withdrawn."""
    if link.state == ViewsLinkState.USED:
        raise ConflictError("Views have already been sent through this link: it cannot be withdrawn.")
    if link.state == ViewsLinkState.WITHDRAWN:
        raise ConflictError("This link is already withdrawn.")
    link.state = ViewsLinkState.WITHDRAWN
    link.save_versioned(by, expected_version)
    audit.changed(by, link, ["state"], detail="withdrawn")
    return link


def find_usable(raw_token: str) -> ViewsLink | None:
    """The link a token opens, if it may still be used; None for anything else, alike."""
    if not raw_token or len(raw_token) > 200:
        return None
    return (
        ViewsLink.objects.usable()
        .select_related("meeting", "meeting__chair", "child", "created_by")
        .filter(token_hash=token_hash(raw_token))
        .first()
    )


def known_but_unusable(raw_token: str) -> ViewsLink | None:
    """A link that exists but may no longer be used (for the audit of a refused attempt)."""
    if not raw_token or len(raw_token) > 200:
        return None
    return ViewsLink.objects.filter(token_hash=token_hash(raw_token)).first()


@dataclass(frozen=True)
class Views:
    """What the person sent: their words (made into one text for the meeting), and a call if asked."""

    text: str
    wants_call: bool = False
    phone: str = ""
    best_times: str = ""


def receive(link: ViewsLink, views: Views) -> VoiceRecord:
    """Views arriving through `link`: saved on the meeting to be read out, the link marked used, in
    one transaction. Two posts at once save once: the link is marked used by a conditional update
    on its state and version, and the loser's views roll back (LinkUnusable)."""
    with transaction.atomic():
        now = timezone.now()
        current = ViewsLink.objects.select_for_update().filter(pk=link.pk).select_related("meeting").first()
        if current is None or not current.is_usable(now):
            raise LinkUnusable
        meeting = current.meeting
        record = VoiceRecord(
            meeting=meeting,
            child_id=current.child_id,
            voice_of=current.voice_of,
            relationship=current.relationship,
            method=VoiceMethod.ONLINE,
            gathered_on=timezone.localdate(now),
            views=views.text,
            read_out=True,
        )
        # The link's issuer answers for the record: the person who sent it has no account.
        record.save_tracked(current.created_by)
        used = ViewsLink.objects.filter(pk=current.pk, state=ViewsLinkState.WAITING, version=link.version).update(
            state=ViewsLinkState.USED, used_at=now, views=record, version=F("version") + 1, modified_at=now
        )
        if used != 1:
            raise LinkUnusable
        current.refresh_from_db()
        audit.created(None, record, detail=f"sent through views link {current.pk}")
        audit.changed(None, current, ["state", "used_at", "views"], detail="views sent through the link")
        if views.wants_call:
            before_meeting.log_call_request(
                meeting,
                requested_by=current.voice_of,
                contact_name=current.first_name,
                contact_phone=views.phone,
                best_times=views.best_times,
                by=None,
            )
        tell_views_arrived(current, record)
    return record


def tell_views_arrived(link: ViewsLink, record: VoiceRecord) -> None:
    """The issuer and the meeting's chair are told (once each), so they can read them before the meeting."""
    meeting = link.meeting
    when = timezone.localtime(meeting.scheduled_for)
    whose = "the child" if link.voice_of == VoiceOf.CHILD else "a parent or carer"
    message = (
        f"Views from {whose} arrived through the link you asked for, for the CE {meeting.get_kind_display().lower()} "
        f"about the child with initials {meeting.child.initials} on {when:%A %-d %B %Y}. Read them before the meeting."
    )
    path = reverse("meetings:detail", args=[meeting.pk])
    told: set[Any] = set()
    for user in (link.created_by, meeting.chair):
        if user is None or user.pk in told:
            continue
        told.add(user.pk)
        link_path = path if Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists() else ""
        context = {"initials": meeting.child.initials, "when": when, "whose": whose, "meeting": meeting}
        if notify(
            user,
            NotificationKind.NEW_ALERT,
            message,
            link_path,
            email_stem=EMAIL + "views_arrived",
            email_context=context,
        ):
            audit.sent(None, record, detail=f"views arrived: told {user}")
