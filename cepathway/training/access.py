"""One helper per record kind, for pages and API operations alike: the record if it belongs to the
person's own partnership (else an audited 404, so another partnership's records are never
confirmed to exist), then the permission (403)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from cepathway.core import audit
from cepathway.core.permissions import require
from cepathway.people.models import Agency, User

from .models import ChampionAppointment, TrainingRecord
from .rules import CHANGE_RECORD, MANAGE, MANAGE_CHAMPIONS


def _in_partnership_or_404(user: Any, model: type[models.Model], rows: Any, pk: Any) -> Any:
    partnership_id = getattr(user, "partnership_id", None)
    try:
        if partnership_id is None:
            raise ObjectDoesNotExist
        return rows.get(pk=pk)
    except (ValueError, ObjectDoesNotExist) as missing:
        audit.denied(user, model, pk)
        raise Http404(f"No {model._meta.verbose_name} found.") from missing


def agency_for(user: Any, pk: Any) -> Agency:
    """An agency of the administrator's partnership, for its training list."""
    rows = Agency.objects.filter(partnership_id=user.partnership_id)
    agency = _in_partnership_or_404(user, Agency, rows, pk)
    require(user, MANAGE)
    return agency


def person_for(user: Any, pk: Any) -> User:
    """A professional of the administrator's partnership, for their training."""
    rows = User.objects.filter(agency__partnership_id=user.partnership_id).select_related("agency")
    person = _in_partnership_or_404(user, User, rows, pk)
    require(user, MANAGE)
    return person


def record_for(user: Any, pk: Any) -> TrainingRecord:
    """A training record of the person's partnership that they may correct (their own, or anyone's
    if they are its administrator)."""
    rows = TrainingRecord.objects.of_partnership(user.partnership_id).select_related("person__agency")
    record = _in_partnership_or_404(user, TrainingRecord, rows, pk)
    require(user, CHANGE_RECORD, record)
    return record


def champion_for(user: Any, pk: Any) -> ChampionAppointment:
    rows = ChampionAppointment.objects.of_partnership(user.partnership_id).select_related("person", "agency")
    appointment = _in_partnership_or_404(user, ChampionAppointment, rows, pk)
    require(user, MANAGE_CHAMPIONS)
    return appointment
