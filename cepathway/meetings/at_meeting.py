"""At the meeting: who attended (and apologies), what each agency contributed and what of it may be
shared with the family, and the strengths-based discussion. All of it is recorded from the
meeting's day on (`Meeting.may_record`); the outcome is in `outcomes`."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.models import StaleRecordError

from .errors import MeetingError, clean
from .models import Attendance, Contribution, Meeting


def require_may_record(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise MeetingError("This meeting was cancelled.")
    if not meeting.may_record():
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
    require_may_record(meeting)
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
    require_may_record(meeting)
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
    require_may_record(meeting)
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
