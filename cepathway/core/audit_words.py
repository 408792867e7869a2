"""The audit log in the pathway's words: "Viewed Kayden T.'s record", "Changed the due date of a
safety-plan action for Kayden T.", not model labels, ids and role codes.

The log keeps what it always kept (record type as a model label, ids, field names, role codes);
this module turns an entry into a sentence when it is shown. Higher apps say what their records
and fields are called, and how to name and find their children, by registering in their
`AppConfig.ready()` (core may not import them):

- `register_nouns({"meetings.Action": "safety-plan action"}, fields={"meetings.Action": {"due_on":
  "due date"}})`: a record's name (singular, or (singular, plural)) and its fields' names. A record
  nobody names is called by its model's verbose name, a field by its verbose name.
- `register_child_names(names)`: `names(user, ids)` gives {child id: "Kayden T."} for the children
  among `ids` that `user` may see; a child they may not see is "a child".
- `register_child_finder(find)`: `find(user, text)` gives the ids of the children `user` may see
  whose name or referral reference is `text`.
"""

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditAction, AuditEvent

ChildNames = Callable[[Any, set[Any]], Mapping[Any, str]]
ChildFinder = Callable[[Any, str], Iterable[Any]]

_nouns: dict[str, tuple[str, str]] = {}
_field_names: dict[str, dict[str, str]] = {}
_child_names: list[ChildNames] = []
_child_finders: list[ChildFinder] = []

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
CHILD_LABEL = "children.Child"
CHANNELS = {"web": "Web page", "api": "API", "task": "Scheduled task", "command": "Command"}


def register_nouns(
    nouns: Mapping[str, str | tuple[str, str]], fields: Mapping[str, Mapping[str, str]] | None = None
) -> None:
    for label, noun in nouns.items():
        _nouns[label] = (noun, f"{noun}s") if isinstance(noun, str) else noun
    for label, names in (fields or {}).items():
        _field_names.setdefault(label, {}).update(names)


def register_child_names(names: ChildNames) -> ChildNames:
    if names not in _child_names:
        _child_names.append(names)
    return names


def register_child_finder(find: ChildFinder) -> ChildFinder:
    if find not in _child_finders:
        _child_finders.append(find)
    return find


def children_matching(user: Any, text: str) -> set[Any]:
    """The ids of the children `user` may see whose name or reference is `text`."""
    found: set[Any] = set()
    for find in _child_finders:
        found.update(find(user, text))
    return found


def child_names(user: Any, ids: Iterable[Any]) -> dict[Any, str]:
    """{child id: "Kayden T."} for the children among `ids` that `user` may see."""
    wanted = {child_id for child_id in ids if child_id}
    names: dict[Any, str] = {}
    if wanted:
        for source in _child_names:
            names.update(source(user, wanted))
    return names


def initial_style(first_name: str, last_name: str) -> str:
    """ "Kayden Taylor" as "Kayden T.", as the log shows a child."""
    return f"{first_name} {last_name[:1]}.".strip() if last_name else first_name


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _split_words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def nouns(label: str) -> tuple[str, str]:
    """(singular, plural) name of a kind of record."""
    if label in _nouns:
        return _nouns[label]
    model = _model(label)
    if model is None:
        words = _split_words(label.rpartition(".")[2]) or "record"
        return words, f"{words}s"
    return str(model._meta.verbose_name), str(model._meta.verbose_name_plural)


def field_name(label: str, name: str) -> str:
    """What a field is called: its registered name, else its verbose name, in lower case."""
    if name in _field_names.get(label, {}):
        return _field_names[label][name]
    model = _model(label)
    words = name.replace("_", " ")
    if model is not None:
        with contextlib.suppress(FieldDoesNotExist):
            words = str(getattr(model._meta.get_field(name), "verbose_name", words))
    return words[:1].lower() + words[1:] if not words[:2].isupper() else words


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def role_labels() -> dict[str, str]:
    """Role codes and how people say them, from the user model's own choices (people.Role)."""
    try:
        choices = get_user_model()._meta.get_field("role").choices or []
    except FieldDoesNotExist:
        return {}
    return {str(code): str(label) for code, label in choices}


def _about(child_name: str | None, child_id: Any) -> str:
    if not child_id:
        return ""
    return f" for {child_name}" if child_name else " for a child"


SIGN_IN_SENTENCES: dict[str, str] = {
    AuditAction.SIGNED_IN: "Signed in",
    AuditAction.SIGNED_OUT: "Signed out",
    AuditAction.SIGN_IN_FAILED: "Failed to sign in",
    AuditAction.LOCKED_OUT: "Was locked out of signing in",
}
# What an auditor did with the log itself (its entries name the log's model, not a record).
AUDIT_LOG_LABEL = "core.AuditEvent"
AUDIT_LOG_SENTENCES: dict[str, str] = {
    AuditAction.SEARCHED: "Searched the audit log",
    AuditAction.DOWNLOADED: "Downloaded a search of the audit log",
}


def sentence(event: AuditEvent, child_name: str | None) -> str:
    """What happened, as a sentence starting with a verb: "Viewed Kayden T.'s record"."""
    singular, plural = nouns(event.record_type)
    action = event.action
    fields = [field_name(event.record_type, name) for name in event.fields or []]
    if event.record_type == CHILD_LABEL:
        record = f"{child_name}'s record" if child_name else "a child's record"
        if action == AuditAction.CHANGED and fields:
            return f"Changed the {join_words(fields)} on {record}"
        if action == AuditAction.LISTED:
            return "Looked at a list of children"
        if action == AuditAction.SEARCHED:
            return "Searched for children"
        if action == AuditAction.DENIED:
            return "Was refused a child's record they may not see"
        if action == AuditAction.SENT:
            return f"Sent a notification about {child_name or 'a child'}"
        return f"{AuditAction(action).label} {record}" if action in AuditAction.values else f"{action} {record}"
    if action in SIGN_IN_SENTENCES:
        return SIGN_IN_SENTENCES[action] + (f": {event.detail}" if event.detail else "")
    if event.record_type == AUDIT_LOG_LABEL and action in AUDIT_LOG_SENTENCES:
        return AUDIT_LOG_SENTENCES[action]
    about = _about(child_name, event.child_id)
    one = with_article(singular)
    if action == AuditAction.VIEWED:
        return f"Viewed {one}{about}"
    if action == AuditAction.CREATED:
        return f"Created {one}{about}"
    if action == AuditAction.CHANGED:
        return f"Changed the {join_words(fields)} of {one}{about}" if fields else f"Changed {one}{about}"
    if action == AuditAction.LISTED:
        return f"Looked at a list of {plural}{about}"
    if action == AuditAction.SEARCHED:
        return f"Searched {plural}{about}"
    if action == AuditAction.DENIED:
        return f"Was refused {one} they may not see{about}"
    if action == AuditAction.SENT:
        return f"Sent a notification about {one}{about}"
    if action == AuditAction.REMOVED:
        return f"Removed {one}{about}"
    if action == AuditAction.DOWNLOADED and event.record_type == "people.User":
        own = str(event.user_id) == event.record_id
        return "Downloaded from their own account" if own else "Downloaded from a person's account"
    if action == AuditAction.DOWNLOADED:
        return f"Downloaded {one}{about}"
    return f"{action.capitalize()} {one}{about}"


@dataclass(frozen=True)
class AuditRow:
    """One entry of the log as the auditor reads it."""

    at: datetime
    who: str
    role_and_agency: str
    what: str
    detail: str
    child_id: Any
    child_name: str
    channel: str
    address: str


def _who(event: AuditEvent) -> str:
    user = event.user
    if user is not None:
        return str(getattr(user, "display_name", "") or event.username)
    if event.channel in ("task", "command") or event.username == "anonymous":
        return "The service"
    return event.username


def _detail(text: str) -> str:
    """The entry's detail, without record ids (the sentence already says what the record is)."""
    cleaned = UUID_PATTERN.sub("", text)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" :,")


def rows_for(user: Any, events: Iterable[AuditEvent]) -> list[AuditRow]:
    """The log entries as `user` (an auditor) reads them, children named only if they may see them."""
    entries = list(events)
    names = child_names(user, {event.child_id for event in entries})
    roles = role_labels()
    rows = []
    for event in entries:
        name = names.get(event.child_id)
        role = roles.get(event.role, "") if event.role else ""
        rows.append(
            AuditRow(
                at=event.at,
                who=_who(event),
                role_and_agency=", ".join(part for part in (role, event.agency) if part),
                what=sentence(event, name),
                detail=_detail(event.detail),
                child_id=event.child_id,
                child_name=name or ("A child" if event.child_id else ""),
                channel=CHANNELS.get(event.channel, event.channel),
                address=event.ip_address or "",
            )
        )
    return rows
