"""Who is invited to a meeting: the software proposes the people already working with the child,
the chair decides; an invitee sees the child's record while invited and is emailed the invitation;
an invitation withdrawn ends that sight."""

from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Involvement, InvolvementKind
from cepathway.children.services import end_involvement, involve
from cepathway.core import audit, mail
from cepathway.core.models import OutgoingEmail
from cepathway.people.models import AGENCY_KINDS_WORKING_WITH_CHILDREN, ROLES_NOT_WORKING_WITH_CHILDREN, User

from . import notices
from .booking import require_scheduled
from .errors import MeetingError
from .models import Invitation, Meeting


def invited_ids(meeting: Meeting) -> set[Any]:
    return set(meeting.invitations.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True))


def connected_people(meeting: Meeting) -> set[Any]:
    """Who a form about the meeting offers without a search: the child's allocated social worker
    and lead professional, the chair and the people invited."""
    child = meeting.child
    people = {child.allocated_social_worker_id, child.lead_professional_id, meeting.chair_id}
    return (people | invited_ids(meeting)) - {None}


def suggested_invitees(meeting: Meeting) -> list[Any]:
    """The professionals already working with the child, not yet invited: the software proposes."""
    invited = invited_ids(meeting)
    people = {}
    child = meeting.child
    for user in (child.allocated_social_worker, child.lead_professional):
        if user is not None:
            people[user.pk] = user
    for involvement in Involvement.objects.active().filter(child=child).select_related("user", "user__agency"):
        people.setdefault(involvement.user_id, involvement.user)
    return [
        user for pk, user in people.items() if pk not in invited and pk != meeting.chair_id and may_be_invited(user)
    ]


def may_be_invited(user: Any) -> bool:
    """Whether `user` may be invited to a meeting about a child at all: someone who works with children
    (not the auditor or the administrator) in an agency that works with children."""
    agency = user.agency
    return (
        user.is_active
        and user.role not in ROLES_NOT_WORKING_WITH_CHILDREN
        and agency is not None
        and agency.works_with_children
    )


def invitable_people(meeting: Meeting) -> Any:
    """Who the invitation form offers, in its order: first the people already working with the child
    (allocated, lead professional or otherwise involved), then everyone else in the child's
    partnership, grouped by agency. Never anyone already invited, the chair, the auditor, the
    administrator, or someone from an agency that does not work with children (`may_be_invited`)."""
    child = meeting.child
    working = set(Involvement.objects.active().filter(child=child).values_list("user_id", flat=True))
    working |= {pk for pk in (child.allocated_social_worker_id, child.lead_professional_id) if pk is not None}
    first = Case(When(pk__in=working, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        User.objects.filter(
            is_active=True,
            agency__partnership_id=child.partnership_id,
            agency__kind__in=AGENCY_KINDS_WORKING_WITH_CHILDREN,
        )
        .exclude(role__in=ROLES_NOT_WORKING_WITH_CHILDREN)
        .exclude(pk__in=[*invited_ids(meeting), meeting.chair_id])
        .select_related("agency")
        .annotate(works_with_child=first)
        .order_by("works_with_child", "agency__name", "last_name", "first_name", "pk")
    )


@transaction.atomic
def invite(meeting: Meeting, users: list[Any], *, by: Any) -> list[Invitation]:
    """Invite professionals; each gains sight of the child's record and is sent an invitation."""
    require_scheduled(meeting)
    partnership_id = meeting.child.partnership_id
    already = invited_ids(meeting)
    invitations = []
    for user in users:
        if not user.is_active or user.partnership_id != partnership_id:
            raise MeetingError(f"{user} cannot be invited: they do not work in this partnership.", field="people")
        if not may_be_invited(user):
            raise MeetingError(f"{user} cannot be invited: they do not work with children.", field="people")
        if user.pk in already:
            continue
        invitation = Invitation(meeting=meeting, user=user, agency=user.agency)
        invitation.save_tracked(by)
        audit.created(by, invitation, detail=f"invited {user}")
        involve(meeting.child, user, InvolvementKind.MEETING_INVITEE, by=by, reason="invited", source=meeting)
        invitations.append(invitation)
        already.add(user.pk)
    for invitation in invitations:
        send_invitation(invitation)
    return invitations


def send_invitation(invitation: Invitation) -> None:
    """Email the invitation. The child is named by initials only; the record is behind sign-in."""
    meeting = invitation.meeting
    context = {
        "meeting": meeting,
        "when": timezone.localtime(meeting.scheduled_for),
        "initials": meeting.child.initials,
        "link": mail.base_url() + reverse("meetings:detail", args=[meeting.pk]),
    }
    mail.send(
        "meetings/email/invitation",
        context,
        [invitation.user.email],
        about=[(invitation, f"invitation emailed to {invitation.user}")],
        on_sent="cepathway.meetings.invitations.invitation_sent",
    )


def invitation_sent(message: OutgoingEmail) -> None:
    """The invitation email has gone: the invitation records when."""
    invitation_ids = [entry["pk"] for entry in message.about if entry["model"] == Invitation._meta.label_lower]
    Invitation.objects.filter(pk__in=invitation_ids).update(sent_at=message.sent_at)


@transaction.atomic
def withdraw_invitation(invitation: Invitation, *, by: Any) -> None:
    """The invitee no longer sees the child through this meeting (they keep any other involvement)."""
    require_scheduled(invitation.meeting)
    if invitation.withdrawn_at is not None:
        raise MeetingError(f"The invitation to {invitation.user} was withdrawn already.")
    invitation.withdrawn_at = timezone.now()
    invitation.save_tracked(by)
    audit.changed(by, invitation, ["withdrawn_at"])
    end_involvement(
        invitation.meeting.child, invitation.user, InvolvementKind.MEETING_INVITEE, by=by, source=invitation.meeting
    )
    notices.invitation_withdrawn(invitation, by=by)
