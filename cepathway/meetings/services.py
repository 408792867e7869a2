"""What people do with meetings before and during them: schedule, invite, gather views, log
telephone requests, record attendance, contributions and the discussion, and keep the safety
plan. The outcome (status, next review, end of pathway) is in `outcomes.py`.

Each function checks the business rules, writes everything or nothing (one transaction), and
writes the audit entries for what it created or changed, so pages, the API and commands all
leave the same trail. Who may call them is the caller's job (`rules` permissions and scope).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Child, Involvement, InvolvementKind
from cepathway.children.services import end_involvement, end_involvements_of_kind, involve
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.models import StaleRecordError
from cepathway.core.policy import Venue, current_policy
from cepathway.people.models import User

from . import scheduling
from .models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Attendance,
    CallRequest,
    CallState,
    ClosureReason,
    Contribution,
    Invitation,
    Level2Flag,
    Meeting,
    MeetingKind,
    MeetingState,
    Pathway,
    VoiceRecord,
)


class MeetingError(RuleError):
    """The change breaks a rule of the pathway. Nothing was saved. The message says why."""


def clean(record: Any, exclude: list[str]) -> None:
    """The model's own checks (lengths, choices), refused as a MeetingError naming the field."""
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as invalid:
        field, messages = next(iter(invalid.message_dict.items()))
        raise MeetingError(f"{messages[0]}", field=field) from invalid


def _check_date_and_place(when: datetime, venue: str, *, allow_past: bool = False) -> None:
    if venue not in Venue.LABELS:
        raise MeetingError("Choose where the meeting is held.", field="venue")
    day = timezone.localtime(when).date()
    if not allow_past and day < timezone.localdate():
        raise MeetingError("The meeting date must be today or in the future.", field="date")
    scheduling.check_working_day(day)


def check_within_due_date(day: date, due_on: date, what: str) -> None:
    latest = scheduling.latest_review_day(due_on, timezone.localdate())
    if day <= latest:
        return
    if latest == due_on:
        message = f"By policy {what} is due by {due_on:%-d %B %Y}. Choose that date or an earlier one."
    else:
        message = (
            f"By policy {what} was due by {due_on:%-d %B %Y}, which has passed. "
            f"Book it as soon as possible: by {latest:%-d %B %Y} at the latest."
        )
    raise MeetingError(message, field="date")


def open_pathway(child: Child) -> Pathway | None:
    return Pathway.objects.filter(child=child, closed_at__isnull=True).first()


def level1_referral(child: Child) -> Any:
    """The child's latest referral decided "Level 1 meeting" (None when there is none)."""
    from cepathway.referrals.models import Referral, ReferralStatus

    return Referral.objects.filter(child=child, status=ReferralStatus.LEVEL1_REQUIRED).order_by("-decided_at").first()


# --- Scheduling --------------------------------------------------------------------------------


@transaction.atomic
def schedule_level1(
    child: Child,
    *,
    when: datetime,
    venue: str,
    location: str = "",
    chair: Any = None,
    by: Any,
) -> Meeting:
    """Open the child's CE pathway with a Level 1 meeting, chaired by CERAR (by policy)."""
    if open_pathway(child) is not None:
        raise MeetingError("This child is already on the CE pathway. Schedule a review from the latest meeting.")
    referral = level1_referral(child)
    if referral is None:
        raise MeetingError("A Level 1 meeting needs a referral with the CERAR decision \u201cLevel 1 meeting\u201d.")
    chair = chair or by
    scheduling.check_level1_chair(chair)
    _check_date_and_place(when, venue)
    pathway = Pathway(child=child, referral=referral, opened_at=timezone.now())
    pathway.save_tracked(by)
    audit.created(by, pathway)
    meeting = Meeting(
        pathway=pathway,
        child=child,
        kind=MeetingKind.LEVEL1,
        scheduled_for=when,
        venue=venue,
        location=location,
        chair=chair,
    )
    meeting.save_tracked(by)
    audit.created(by, meeting, detail=f"Level 1 meeting from referral {referral.reference}")
    return meeting


MEETING_DETAIL_FIELDS = ("scheduled_for", "venue", "location", "chair")


@transaction.atomic
def change_details(
    meeting: Meeting,
    *,
    expected_version: int,
    when: datetime,
    venue: str,
    location: str,
    chair: Any,
    by: Any,
) -> list[str]:
    """Move a scheduled meeting, or change its place or chair, within policy."""
    _require_scheduled(meeting)
    day = timezone.localtime(when).date()
    # A meeting already overdue keeps its date when only its place or chair changes.
    _check_date_and_place(when, venue, allow_past=day == meeting.scheduled_on)
    if meeting.kind == MeetingKind.LEVEL1:
        scheduling.check_level1_chair(chair)
    else:
        scheduling.check_chair(meeting.status_under_review, chair)
        scheduling.check_venue(meeting.status_under_review, venue)
    if meeting.due_on:
        check_within_due_date(day, meeting.due_on, "this review")
    before = audit.snapshot(meeting, MEETING_DETAIL_FIELDS)
    meeting.scheduled_for, meeting.venue, meeting.location, meeting.chair = when, venue, location, chair
    changed = audit.changed_fields(before, audit.snapshot(meeting, MEETING_DETAIL_FIELDS))
    if not changed:
        return []
    meeting.save_versioned(by, expected_version)
    audit.changed(by, meeting, changed)
    _involve_chair(meeting, by)
    return changed


@transaction.atomic
def cancel(meeting: Meeting, *, reason: str, expected_version: int, by: Any) -> None:
    _require_scheduled(meeting)
    if not reason.strip():
        raise MeetingError("Say why the meeting is cancelled.", field="reason")
    if meeting.kind == MeetingKind.REVIEW:
        raise MeetingError("A review cannot be cancelled: move it, or record its outcome (which may end the pathway).")
    meeting.state = MeetingState.CANCELLED
    meeting.cancelled_reason = reason.strip()
    meeting.save_versioned(by, expected_version)
    pathway = meeting.pathway
    pathway.closed_at = timezone.now()
    pathway.closure_reason = ClosureReason.OTHER
    pathway.closure_detail = f"Level 1 meeting cancelled: {meeting.cancelled_reason}"
    pathway.save_tracked(by)
    audit.changed(by, meeting, ["state", "cancelled_reason"])
    audit.changed(by, pathway, ["closed_at", "closure_reason", "closure_detail"])
    wind_up_pathway(pathway, by=by)


def wind_up_pathway(pathway: Pathway, *, by: Any) -> None:
    """The pathway has closed. Its open safety plan actions close with it (so nobody is reminded of
    them), and nobody sees the child any longer through its meetings or actions: invitees, review
    chairs, Level 2 panel members and action owners."""
    child = pathway.child
    note = f"The CE pathway ended ({pathway.get_closure_reason_display()}), so this action closed with it."
    for action in Action.objects.open().filter(child=child):
        update_action(action, note=note, status=ActionStatus.NO_LONGER_NEEDED, expected_version=action.version, by=by)
    end_involvements_of_kind(child, (InvolvementKind.MEETING_INVITEE, InvolvementKind.ACTION_OWNER), by=by)


def _require_scheduled(meeting: Meeting) -> None:
    if meeting.state != MeetingState.SCHEDULED:
        raise MeetingError(f"This meeting is {meeting.get_state_display().lower()}: it can no longer be changed.")


def _involve_chair(meeting: Meeting, by: Any) -> None:
    if not meeting.chair.sees_whole_partnership:
        involve(meeting.child, meeting.chair, InvolvementKind.MEETING_INVITEE, by=by, reason="chairs", source=meeting)


# --- Invitations -------------------------------------------------------------------------------


def suggested_invitees(meeting: Meeting) -> list[Any]:
    """The professionals already working with the child, not yet invited: the software proposes."""
    invited = set(meeting.invitations.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True))
    people = {}
    child = meeting.child
    for user in (child.allocated_social_worker, child.lead_professional):
        if user is not None:
            people[user.pk] = user
    for involvement in Involvement.objects.active().filter(child=child).select_related("user", "user__agency"):
        people.setdefault(involvement.user_id, involvement.user)
    return [user for pk, user in people.items() if pk not in invited and user.is_active and pk != meeting.chair_id]


def invitable_people(meeting: Meeting) -> Any:
    """Anyone active in the child's partnership may be invited."""
    return (
        User.objects.filter(is_active=True, agency__partnership_id=meeting.child.partnership_id)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name")
    )


@transaction.atomic
def invite(meeting: Meeting, users: list[Any], *, by: Any) -> list[Invitation]:
    """Invite professionals; each gains sight of the child's record and is sent an invitation."""
    _require_scheduled(meeting)
    partnership_id = meeting.child.partnership_id
    already = set(meeting.invitations.filter(withdrawn_at__isnull=True).values_list("user_id", flat=True))
    invitations = []
    for user in users:
        if not user.is_active or user.partnership_id != partnership_id:
            raise MeetingError(f"{user} cannot be invited: they do not work in this partnership.", field="people")
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
    when = timezone.localtime(meeting.scheduled_for)
    link = settings_base_url() + reverse("meetings:detail", args=[meeting.pk])
    body = (
        f"You are invited to a CE {meeting.get_kind_display().lower()} about a child with the initials "
        f"{meeting.child.initials}.\n\n"
        f"When: {when:%A %-d %B %Y at %H:%M}\n"
        f"Where: {meeting.get_venue_display()}{' – ' + meeting.location if meeting.location else ''}\n"
        f"Chair: {meeting.chair}\n\n"
        f"Sign in to see the child's record and the meeting: {link}\n"
        "You can see the record because you are invited. Please send apologies to the chair if you cannot attend.\n"
    )
    subject = f"Invitation: CE {meeting.get_kind_display().lower()} on {when:%-d %B %Y}"
    recipient = invitation.user.email
    # Sent once the invitation is saved: a rolled-back invitation sends nothing.
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=False))
    invitation.sent_at = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=invitation.sent_at)
    audit.sent(None, invitation, detail=f"invitation emailed to {invitation.user}")


def settings_base_url() -> str:
    return str(settings.CEPATHWAY_BASE_URL).rstrip("/")


@transaction.atomic
def withdraw_invitation(invitation: Invitation, *, by: Any) -> None:

    _require_scheduled(invitation.meeting)
    if invitation.withdrawn_at is not None:
        raise MeetingError(f"The invitation to {invitation.user} was withdrawn already.")
    invitation.withdrawn_at = timezone.now()
    invitation.save_tracked(by)
    audit.changed(by, invitation, ["withdrawn_at"])
    end_involvement(
        invitation.meeting.child, invitation.user, InvolvementKind.MEETING_INVITEE, by=by, source=invitation.meeting
    )


# --- Before the meeting: views and telephone requests ------------------------------------------


def _check_not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise MeetingError(f"{what} cannot be in the future.", field=field)


@transaction.atomic
def record_voice(
    meeting: Meeting,
    *,
    voice_of: str,
    method: str,
    gathered_on: date,
    views: str,
    relationship: str = "",
    read_out: bool = True,
    by: Any,
) -> VoiceRecord:
    if meeting.state == MeetingState.CANCELLED:
        raise MeetingError("This meeting was cancelled.")
    _check_not_future(gathered_on, "gathered_on", "The date the views were given")
    if not views.strip():
        raise MeetingError("Enter their views.", field="views")
    record = VoiceRecord(
        meeting=meeting,
        child=meeting.child,
        voice_of=voice_of,
        relationship=relationship,
        method=method,
        gathered_on=gathered_on,
        views=views,
        read_out=read_out,
    )
    clean(record, exclude=["meeting", "child"])
    record.save_tracked(by)
    audit.created(by, record)
    return record


@transaction.atomic
def log_call_request(
    meeting: Meeting,
    *,
    requested_by: str,
    contact_name: str,
    contact_phone: str,
    best_times: str = "",
    by: Any,
) -> CallRequest:
    _require_scheduled(meeting)
    call = CallRequest(
        meeting=meeting,
        child=meeting.child,
        requested_by=requested_by,
        contact_name=contact_name,
        contact_phone=contact_phone,
        best_times=best_times,
    )
    clean(call, exclude=["meeting", "child", "arranged_with"])
    call.save_tracked(by)
    audit.created(by, call)
    return call


@transaction.atomic
def arrange_call(
    call: CallRequest,
    *,
    state: str,
    arranged_for: datetime | None,
    notes: str,
    by: Any,
    expected_version: int,
) -> list[str]:
    """Arrange the call (a date and time with CERAR), record it as held, or as no longer wanted."""
    if state == CallState.ARRANGED:
        if arranged_for is None:
            raise MeetingError("Enter the date and time of the call.", field="arranged_for")
        if arranged_for < timezone.now():
            raise MeetingError("The call must be arranged for a time in the future.", field="arranged_for")
    if state == CallState.HELD and (call.arranged_for is None and arranged_for is None):
        raise MeetingError("Enter when the call took place.", field="arranged_for")
    if state == CallState.HELD and arranged_for and arranged_for > timezone.now():
        raise MeetingError("A call that was held cannot be in the future.", field="arranged_for")
    names = ("state", "arranged_for", "arranged_with", "notes")
    before = audit.snapshot(call, names)
    call.state = state
    call.arranged_for = arranged_for or call.arranged_for
    call.arranged_with = by
    call.notes = notes
    changed = audit.changed_fields(before, audit.snapshot(call, names))
    call.save_versioned(by, expected_version)
    audit.changed(by, call, changed)
    return changed


# --- At the meeting: attendance, contributions, discussion --------------------------------------


def _require_may_record(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CANCELLED:
        raise MeetingError("This meeting was cancelled.")
    if meeting.scheduled_on > timezone.localdate():
        raise MeetingError("This can be recorded on the day of the meeting, not before.")


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    attendance: dict[Any, tuple[str, str]],
    *,
    expected_version: int,
    by: Any,
) -> list[str]:
    """Set each invitee's attendance ({invitation id: (attendance, apology note)}).

    The meeting's version guards the whole register: if someone else saved the meeting since
    this form was opened, nothing is written.
    """
    _require_may_record(meeting)
    invitations = {inv.pk: inv for inv in meeting.invitations.filter(withdrawn_at__isnull=True)}
    unknown = set(attendance) - set(invitations)
    if unknown:
        raise MeetingError("Attendance can only be recorded for people invited to this meeting.")
    valid = set(Attendance.values)
    changed = []
    meeting.attendance_recorded_at = timezone.now()
    meeting.save_versioned(by, expected_version)
    for pk, (value, note) in attendance.items():
        if value not in valid:
            raise MeetingError("Choose whether each person attended.")
        invitation = invitations[pk]
        if (invitation.attendance, invitation.apology_note) == (value, note):
            continue
        invitation.attendance, invitation.apology_note = value, note
        invitation.save_tracked(by)
        audit.changed(by, invitation, ["attendance", "apology_note"])
        changed.append(str(pk))
    audit.changed(by, meeting, ["attendance_recorded_at"])
    return changed


@transaction.atomic
def add_contribution(
    meeting: Meeting,
    *,
    agency: Any,
    information: str,
    shareable_with_family: str = "",
    not_shareable_reason: str = "",
    contributor: Any = None,
    by: Any,
) -> Contribution:
    _require_may_record(meeting)
    if agency is None or agency.partnership_id != meeting.child.partnership_id:
        raise MeetingError("Choose an agency of this partnership.", field="agency")
    if not information.strip():
        raise MeetingError("Enter the information the agency shared.", field="information")
    if information.strip() != shareable_with_family.strip() and not not_shareable_reason.strip():
        raise MeetingError(
            "Say why some of the information may not be shared with the family (for example, it would "
            "prejudice a police investigation), or copy all of it into what may be shared.",
            field="not_shareable_reason",
        )
    contribution = Contribution(
        meeting=meeting,
        agency=agency,
        contributor=contributor,
        information=information,
        shareable_with_family=shareable_with_family,
        not_shareable_reason=not_shareable_reason,
    )
    clean(contribution, exclude=["meeting", "agency", "contributor"])
    contribution.save_tracked(by)
    audit.created(by, contribution)
    return contribution


@transaction.atomic
def record_discussion(meeting: Meeting, values: dict[str, Any], *, expected_version: int, by: Any) -> list[str]:
    """Save the strengths-based discussion. Refused (StaleRecordError) if someone saved first."""
    _require_may_record(meeting)
    if meeting.is_held and meeting.held_at and meeting.held_at.date() < timezone.localdate():
        raise MeetingError("The discussion of a meeting held on an earlier day cannot be changed.")
    scale = values.get("scale")
    if scale is not None and not 0 <= int(scale) <= 10:
        raise MeetingError("The scale goes from 0 to 10.", field="scale")
    before = audit.snapshot(meeting, Meeting.DISCUSSION_FIELDS)
    for name in Meeting.DISCUSSION_FIELDS:
        if name in values:
            setattr(meeting, name, values[name])
    changed = audit.changed_fields(before, audit.snapshot(meeting, Meeting.DISCUSSION_FIELDS))
    if not changed:
        if meeting.version != expected_version:
            raise StaleRecordError(meeting)
        return []
    meeting.save_versioned(by, expected_version)
    audit.changed(by, meeting, changed)
    return changed


# --- Safety plan ---------------------------------------------------------------------------------


@transaction.atomic
def add_action(
    meeting: Meeting | None,
    *,
    description: str,
    owner: Any,
    due_on: date,
    owner_agency: Any = None,
    level2_item: Any = None,
    by: Any,
) -> Action:
    """Agree an action; its owner sees it on their work page and gains sight of the child."""
    child = meeting.child if meeting is not None else level2_item.child
    if meeting is not None and meeting.state == MeetingState.CANCELLED:
        raise MeetingError("This meeting was cancelled.")
    if not description.strip():
        raise MeetingError("Enter what needs to be done.", field="description")
    if owner is None or not owner.is_active or owner.partnership_id != child.partnership_id:
        raise MeetingError("Choose who owns the action: someone working in this partnership.", field="owner")
    if due_on < timezone.localdate():
        raise MeetingError("The due date must be today or in the future.", field="due_on")
    action = Action(
        child=child,
        meeting=meeting,
        level2_item=level2_item,
        description=description,
        owner=owner,
        owner_agency=owner_agency or owner.agency,
        due_on=due_on,
    )
    clean(action, exclude=["child", "meeting", "level2_item", "owner", "owner_agency"])
    action.save_tracked(by)
    audit.created(by, action)
    involve(child, owner, InvolvementKind.ACTION_OWNER, by=by, reason="owns a safety plan action", source=action)
    return action


@transaction.atomic
def update_action(
    action: Action,
    *,
    note: str,
    status: str,
    expected_version: int,
    due_on: date | None = None,
    by: Any,
) -> ActionUpdate:
    """Record progress on an action; the update row keeps the history of what changed."""
    if not note.strip():
        raise MeetingError("Describe the progress made.", field="note")
    if status not in ActionStatus.values:
        raise MeetingError("Choose the action's status.", field="status")
    if due_on is not None and due_on != action.due_on and due_on < timezone.localdate():
        raise MeetingError("A new due date must be today or in the future.", field="due_on")
    before_status = action.status
    names = ("status", "due_on", "completed_on")
    before = audit.snapshot(action, names)
    action.status = status
    action.due_on = due_on or action.due_on
    if status == ActionStatus.DONE and before_status != ActionStatus.DONE:
        action.completed_on = timezone.localdate()
    elif status in OPEN_ACTION_STATUSES:
        action.completed_on = None
    action.save_versioned(by, expected_version)
    changed = audit.changed_fields(before, audit.snapshot(action, names))
    audit.changed(by, action, changed or ["updates"])
    update = ActionUpdate(action=action, note=note, status_before=before_status, status_after=status)
    clean(update, exclude=["action"])
    update.save_tracked(by)
    audit.created(by, update)
    return update


# --- Level 2 by exception --------------------------------------------------------------------


@transaction.atomic
def flag_for_level2(child: Child, *, reason: str, by: Any) -> Level2Flag:
    """Ask for a Low child to be discussed at the next Level 2 (High and Medium always are)."""
    policy = current_policy()
    if child.ce_status in policy.level2_statuses:
        raise MeetingError(
            f"Every {child.get_ce_status_display()} child is on the Level 2 agenda already: no flag is needed."
        )
    if open_pathway(child) is None or child.ce_status not in policy.level2_by_exception_statuses:
        raise MeetingError("Only a child with a Low CE status is brought to Level 2 by exception.")
    if not reason.strip():
        raise MeetingError("Say why the child should be discussed at Level 2.", field="reason")
    if Level2Flag.objects.waiting().filter(child=child).exists():
        raise MeetingError("This child is already flagged for the next Level 2 meeting.")
    flag = Level2Flag(child=child, reason=reason)
    clean(flag, exclude=["child", "level2_meeting"])
    flag.save_tracked(by)
    audit.created(by, flag)
    return flag


@dataclass
class ChildPlan:
    """A child's pathway at a glance: for the child's meetings page and the API."""

    child: Child
    pathway: Pathway | None
    history: list[Any]
    meetings: list[Meeting]
    actions: list[Action]
    flags: list[Level2Flag]


def child_plan(child: Child, user: Any) -> ChildPlan:
    from .models import StatusDecision

    return ChildPlan(
        child=child,
        pathway=open_pathway(child),
        history=list(
            StatusDecision.objects.visible_to(user).filter(child=child).select_related("meeting", "created_by")
        ),
        meetings=list(Meeting.objects.visible_to(user).filter(child=child).select_related("chair")),
        actions=list(
            Action.objects.visible_to(user).filter(child=child).select_related("owner", "owner_agency", "meeting")
        ),
        flags=list(Level2Flag.objects.visible_to(user).filter(child=child).select_related("created_by")),
    )
