"""Recording and correcting training, appointing and ending CE champions: the rules, one
transaction each, and the audit. Services take the acting person (`by=`), never the request."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.permissions import require
from cepathway.people.models import User

from .models import ChampionAppointment, Level, TrainingRecord
from .rules import CHANGE_RECORD, MANAGE, MANAGE_CHAMPIONS, RECORD_OWN

IN_FUTURE = "The date completed must be today or in the past"
SAME_AGAIN = "This training is already recorded for this person on this date"
ALREADY_CHAMPION = "This person is already a current CE champion for their organisation"
NO_AGENCY = "This person belongs to no organisation, so cannot be its CE champion"
UNTIL_BEFORE_SINCE = "The date they stopped must be the same as or after the date they became champion"
OTHER_PARTNERSHIP = "Choose someone in your own partnership"


def _require_for_person(by: Any, person: User) -> None:
    """`by` records training for `person`: themselves, or anyone of their partnership if administrator."""
    if person.pk == by.pk:
        require(by, RECORD_OWN)
        return
    require(by, MANAGE)
    if person.partnership_id != by.partnership_id:
        raise PermissionDenied


def _refuse_bad_date(completed_on: date) -> None:
    if completed_on > timezone.localdate():
        raise RuleError(IN_FUTURE, field="completed_on")


def _refuse_same_again(person: User, level: str, completed_on: date, record: TrainingRecord | None = None) -> None:
    rows = TrainingRecord.objects.filter(person=person, level=level, completed_on=completed_on)
    if record is not None:
        rows = rows.exclude(pk=record.pk)
    if rows.exists():
        raise RuleError(SAME_AGAIN, field="completed_on")


@transaction.atomic
def record_training(person: User, *, level: str, completed_on: date, provider: str = "", by: Any) -> TrainingRecord:
    """Record that `person` completed `level` on `completed_on` (by themselves or their administrator)."""
    _require_for_person(by, person)
    level = Level(level)
    _refuse_bad_date(completed_on)
    _refuse_same_again(person, level, completed_on)
    record = TrainingRecord(person=person, level=level, completed_on=completed_on, provider=provider.strip())
    record.save_tracked(by)
    audit.created(by, record, detail="own training" if person.pk == by.pk else "training recorded for someone")
    return record


@transaction.atomic
def correct_training(
    record: TrainingRecord, *, level: str, completed_on: date, provider: str = "", version: int, by: Any
) -> TrainingRecord:
    """Correct a record as it was at `version` (StaleRecordError if someone saved it since)."""
    require(by, CHANGE_RECORD, record)
    level = Level(level)
    _refuse_bad_date(completed_on)
    _refuse_same_again(record.person, level, completed_on, record)
    wanted = {"level": level, "completed_on": completed_on, "provider": provider.strip()}
    changed = [name for name, value in wanted.items() if getattr(record, name) != value]
    for name, value in wanted.items():
        setattr(record, name, value)
    record.save_versioned(by, version)
    audit.changed(by, record, changed, detail="training corrected")
    return record


@transaction.atomic
def appoint_champion(
    person: User,
    *,
    since: date,
    contact_email: str = "",
    contact_phone: str = "",
    contact_notes: str = "",
    extra_training: str = "",
    by: Any,
) -> ChampionAppointment:
    """Make `person` a CE champion of their organisation from `since`."""
    require(by, MANAGE_CHAMPIONS)
    if person.agency_id is None:
        raise RuleError(NO_AGENCY, field="person")
    if person.partnership_id != by.partnership_id:
        raise RuleError(OTHER_PARTNERSHIP, field="person")
    current = ChampionAppointment.objects.current().filter(person=person, agency_id=person.agency_id)
    if current.exists() or ChampionAppointment.objects.filter(person=person, until__isnull=True).exists():
        raise RuleError(ALREADY_CHAMPION, field="person")
    appointment = ChampionAppointment(
        agency_id=person.agency_id,
        person=person,
        since=since,
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        contact_notes=contact_notes.strip(),
        extra_training=extra_training.strip(),
    )
    appointment.save_tracked(by)
    audit.created(by, appointment, detail="CE champion appointed")
    return appointment


@transaction.atomic
def change_champion(
    appointment: ChampionAppointment,
    *,
    since: date,
    until: date | None,
    contact_email: str = "",
    contact_phone: str = "",
    contact_notes: str = "",
    extra_training: str = "",
    version: int,
    by: Any,
) -> ChampionAppointment:
    """Change how to reach a champion, what extra training they attended, or end the appointment
    (`until`: the day they stop), as it was at `version`."""
    require(by, MANAGE_CHAMPIONS)
    if appointment.agency.partnership_id != by.partnership_id:
        raise PermissionDenied
    if until is not None and until < since:
        raise RuleError(UNTIL_BEFORE_SINCE, field="until")
    wanted = {
        "since": since,
        "until": until,
        "contact_email": contact_email.strip(),
        "contact_phone": contact_phone.strip(),
        "contact_notes": contact_notes.strip(),
        "extra_training": extra_training.strip(),
    }
    changed = [name for name, value in wanted.items() if getattr(appointment, name) != value]
    for name, value in wanted.items():
        setattr(appointment, name, value)
    appointment.save_versioned(by, version)
    detail = "CE champion ended" if "until" in changed and until is not None else "CE champion changed"
    audit.changed(by, appointment, changed, detail=detail)
    return appointment
