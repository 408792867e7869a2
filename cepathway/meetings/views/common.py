"""What the meetings pages share: the way back to a meeting, and the form values of a meeting's
saved date, place and chair."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from ..models import Level2Meeting, Meeting


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def level2_url(level2: Level2Meeting) -> str:
    return reverse("meetings:level2", args=[level2.month.year, level2.month.month])


def details_as_saved(meeting: Meeting | Level2Meeting) -> dict[str, Any]:
    """A details form's starting values: the meeting's date, time, place, chair and version."""
    local = timezone.localtime(meeting.scheduled_for)
    return {
        "date": local.date(),
        "time": local.time(),
        "venue": meeting.venue,
        "location": meeting.location,
        "chair": meeting.chair_id,
        "version": meeting.version,
        **({"late_reason": meeting.late_reason} if isinstance(meeting, Meeting) else {}),
    }
