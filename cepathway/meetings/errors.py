"""How the meetings services refuse a change: a `MeetingError` naming the field it is about."""

from typing import Any

from django.core.exceptions import ValidationError

from cepathway.core.errors import RuleError


class MeetingError(RuleError):
    """The change breaks a rule of the pathway. Nothing was saved. The message says why."""


def clean(record: Any, exclude: list[str]) -> None:
    """The model's own checks (lengths, choices), refused as a MeetingError naming the field."""
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as invalid:
        field, messages = next(iter(invalid.message_dict.items()))
        raise MeetingError(f"{messages[0]}", field=field) from invalid
