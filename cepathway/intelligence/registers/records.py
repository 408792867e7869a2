"""The registers of persons, places, vehicles and phones of concern: who may reach them, saving a
record (its search keys kept current), its status, and what its page lists about it.

Only the register roles of the record's partnership (`models.REGISTER_ROLES`) reach a register
page; anyone else is told "not found" (an audited 404), never "forbidden", so a page never
confirms a record exists. Handlers (`models.HANDLER_ROLES`) create and change records.

What a record's page lists is a disclosure: the children linked to it are only those the viewer
may see (`Child.objects.visible_to`), and each linked submission shows its grading and its
sanitised text, the original only to those who may read it (`Submission.may_read_in_full`);
handling-C material whose conditions do not name the viewer shows no text at all.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from cepathway.core import audit
from cepathway.core.models import AuditAction, AuditEvent
from cepathway.core.scoping import get_visible_or_404
from cepathway.intelligence.matching.keys import person_search_keys, phone_e164, place_keys, vehicle_keys
from cepathway.intelligence.models import (
    REGISTER_MODELS,
    ConcernStatus,
    HandlingCode,
    Link,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceOfConcern,
    RegisterRecord,
    Submission,
    SubmissionStatus,
    VehicleOfConcern,
    is_handler,
    sees_registers,
)

# The address's word for each register, and its heading.
REGISTER_PATHS: dict[str, str] = {
    NodeKind.PERSON: "persons",
    NodeKind.PLACE: "places",
    NodeKind.VEHICLE: "vehicles",
    NodeKind.PHONE: "phones",
}
KIND_OF_PATH: dict[str, str] = {path: kind for kind, path in REGISTER_PATHS.items()}
REGISTER_TITLES: dict[str, str] = {
    NodeKind.PERSON: "Persons of concern",
    NodeKind.PLACE: "Places of concern",
    NodeKind.VEHICLE: "Vehicles of concern",
    NodeKind.PHONE: "Phones of concern",
}
NOUNS: dict[str, str] = {
    NodeKind.PERSON: "person of concern",
    NodeKind.PLACE: "place of concern",
    NodeKind.VEHICLE: "vehicle of concern",
    NodeKind.PHONE: "phone of concern",
}


def model_for_path(path: str) -> type[RegisterRecord]:
    """The register an address names (`persons`, `places`...), or a 404."""
    if path not in KIND_OF_PATH:
        raise Http404("No such register.")
    return REGISTER_MODELS[KIND_OF_PATH[path]]


def label_of(record: Any) -> str:
    """How a record of any kind (a child too) is named on a page."""
    if getattr(record, "audit_is_child", False):
        return str(record.full_name)
    return str(record)


def register_rows(user: Any, model: type[RegisterRecord]) -> QuerySet[Any]:
    """The register's current records `user` may list: none unless they hold a register role."""
    if not sees_registers(user):
        return model.objects.none()
    return model.objects.visible_to(user)


def reachable_rows(user: Any, model: type[RegisterRecord]) -> QuerySet[Any]:
    """What a record's page may show: the register, and also records merged into another (the
    merge can be undone from the merged record's page)."""
    if not sees_registers(user):
        return model.objects.none()
    return model.objects.filter(partnership_id=user.partnership_id)


def record_for(user: Any, model: type[RegisterRecord], pk: UUID | str) -> Any:
    """One record the user may reach, or an audited 404."""
    return get_visible_or_404(user, model, reachable_rows(user, model), pk=pk)


def require_handler(user: Any) -> None:
    if not is_handler(user):
        raise PermissionDenied


# Saving -------------------------------------------------------------------------------------------


def refresh_keys(record: Any) -> None:
    """Set the search keys the model's save() sets: `save_versioned` writes with an UPDATE, which
    skips save(), so a change made that way must bring its keys with it."""
    if isinstance(record, PersonOfConcern):
        record.name_keys = person_search_keys(record.first_name, record.last_name, record.aliases)
    elif isinstance(record, PlaceOfConcern):
        record.postcode_normalised, record.address_key = place_keys(record.name, record.address, record.postcode)
    elif isinstance(record, VehicleOfConcern):
        record.registration_normalised, record.registration_confusable = vehicle_keys(record.registration)
    elif isinstance(record, PhoneOfConcern):
        record.number_e164 = phone_e164(record.number)


@transaction.atomic
def create_record(record: Any, *, by: Any, detail: str = "") -> Any:
    require_handler(by)
    record.partnership_id = by.partnership_id
    record.save_tracked(by)
    audit.created(by, record, detail=detail)
    return record


@transaction.atomic
def save_record(record: Any, changed: list[str], expected_version: int, *, by: Any) -> Any:
    """Save a handler's change against the version they opened (StaleRecordError if someone saved since)."""
    require_handler(by)
    refresh_keys(record)
    record.save_versioned(by, expected_version)
    audit.changed(by, record, changed)
    return record


@transaction.atomic
def change_status(record: Any, status: str, expected_version: int, *, by: Any, reason: str = "") -> Any:
    """A handler moves the record to `status` (why, when they say), against the version they opened."""
    require_handler(by)
    record.status = status
    refresh_keys(record)
    record.save_versioned(by, expected_version)
    audit.changed(by, record, ["status"], detail=f"status {record.get_status_display()}: {reason}"[:500])
    return record


def mark_under_disruption(record: Any, *, by: Any) -> bool:
    """An active record moves to "under disruption" when a disruption is recorded against it (a
    closed one stays closed). True when it moved."""
    if record.status != ConcernStatus.ACTIVE:
        return False
    moved = type(record).objects.filter(pk=record.pk, status=ConcernStatus.ACTIVE)
    if not moved.update(status=ConcernStatus.UNDER_DISRUPTION, version=record.version + 1, modified_by=by):
        return False
    record.status, record.version = ConcernStatus.UNDER_DISRUPTION, record.version + 1
    audit.changed(by, record, ["status"], detail="status under_disruption: a disruption was recorded")
    return True


# What a record's page lists -----------------------------------------------------------------------


def links_of(record: Any) -> QuerySet[Link]:
    return Link.objects.current().filter(partnership_id=record.partnership_id).touching(record.node_kind, record.pk)


def linked_children(record: Any, user: Any) -> list[Any]:
    """The children linked to the record whom `user` may see; any other is not named, nor counted."""
    from cepathway.children.models import Child

    links = links_of(record)
    ids = set(links.filter(a_kind=NodeKind.CHILD).values_list("a_id", flat=True))
    ids |= set(links.filter(b_kind=NodeKind.CHILD).values_list("b_id", flat=True))
    return list(Child.objects.visible_to(user).filter(pk__in=ids).order_by("last_name", "first_name"))


@dataclass(frozen=True)
class SubmissionShown:
    """A submission as a register page shows it: its grading and the text the viewer may read."""

    submission: Submission
    text: str
    in_full: bool
    withheld: bool

    @property
    def grading(self) -> str:
        return self.submission.grading


WITHHELD = "Shared under handling conditions that do not name you: ask its handler."


def shown_to(submission: Submission, user: Any) -> SubmissionShown:
    if submission.may_read_in_full(user):
        return SubmissionShown(submission, submission.information, in_full=True, withheld=False)
    if submission.handling == HandlingCode.C:
        return SubmissionShown(submission, WITHHELD, in_full=False, withheld=True)
    return SubmissionShown(submission, submission.sanitised_text, in_full=False, withheld=False)


def linked_submissions(record: Any, user: Any) -> list[SubmissionShown]:
    """The submissions that name the record (a part linked to it) or evidence one of its links:
    graded ones for every register role, ungraded ones only for those who may see them (handlers)."""
    part = {
        NodeKind.PERSON: "subjects__person",
        NodeKind.PLACE: "places__place",
        NodeKind.VEHICLE: "vehicles__vehicle",
        NodeKind.PHONE: "phones__phone",
    }[record.node_kind]
    naming = Q(**{part: record.pk}) | Q(pk__in=links_of(record).values("submission_id"))
    graded = Q(partnership_id=record.partnership_id, status=SubmissionStatus.GRADED)
    own = Q(pk__in=Submission.objects.visible_to(user).values("pk"))
    rows = Submission.objects.filter(graded | own).filter(naming).distinct()
    rows = rows.select_related("handler").order_by("-submitted_at", "-created_at")
    return [shown_to(submission, user) for submission in rows[:200]]


@dataclass(frozen=True)
class Change:
    at: Any
    who: str
    action: str
    fields: list[str]
    detail: str


HISTORY_ACTIONS = (AuditAction.CREATED, AuditAction.CHANGED)


def history(record: Any) -> list[Change]:
    """Every change to the record, newest first, from the audit log (which every change writes):
    who, when, which fields, and why when they said."""
    entries = AuditEvent.objects.filter(
        record_type=record._meta.label, record_id=str(record.pk), action__in=HISTORY_ACTIONS
    ).order_by("-at")[:100]
    return [
        Change(entry.at, entry.username, entry.get_action_display(), list(entry.fields), entry.detail)
        for entry in entries
    ]
