"""The one kind of error a business rule raises, handled once for pages and once for the API.

A service refuses a change by raising `RuleError` (or an app's subclass: `TriageError`,
`MeetingError`, `PolicyError`) before anything is saved. The error carries the field it is about,
so a page puts the message beside that field and the API names it, without ever reading the
message to guess. `status` is the HTTP status the API answers with: 422 for a change that breaks
a rule, 409 where the record has moved on (a step already taken by someone else).
"""

from collections.abc import Mapping


class RuleError(Exception):
    """The change breaks a rule of the pathway or of the partnership's policy. Nothing was saved."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def on(self, fields: Mapping[str, str]) -> "RuleError":
        """The same refusal about the caller's own field names (a form that calls `venue`
        `review_venue`, say). Fields not in `fields` keep their name."""
        renamed = type(self)(self.message, fields.get(self.field or "", self.field))
        renamed.__cause__ = self
        return renamed


class ConflictError(RuleError):
    """The record is no longer in the state the change needs (someone else moved it on)."""

    status = 409
