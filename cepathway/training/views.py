"""Training pages: my training (everyone), the partnership's training (its administrator), and the
CE champions (everyone; the administrator appoints and ends them). Each view reaches its record
through `access`, calls the service through a form, audits and renders."""

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cepathway.core import audit, pages
from cepathway.core.permissions import require
from cepathway.people.models import Agency, User
from cepathway.people.types import AuthedRequest
from cepathway.policy.services import policy_for
from cepathway.ui.listing import Sort, read_listing

from . import access, standing
from .forms import AppointChampionForm, ChangeChampionForm, TrainingForm
from .models import LEVELS, ChampionAppointment, Standing, TrainingRecord, level_standing
from .rules import MANAGE, MANAGE_CHAMPIONS, RECORD_OWN, VIEW_CHAMPIONS

GET_POST = ("GET", "POST")


def _records_of(person: User) -> list[TrainingRecord]:
    return list(TrainingRecord.objects.filter(person=person).select_related("created_by").order_by("-completed_on"))


def _training_context(person: User, records: list[TrainingRecord]) -> dict[str, Any]:
    policy = policy_for(person.partnership_id)
    return {
        "person": person,
        "records": [(record, record.expiry(policy)) for record in records],
        "levels": standing.person_levels(person, records),
        "policy_sentences": standing.policy_sentences(policy),
        "today": timezone.localdate(),
    }


# My training -------------------------------------------------------------------------------------


@require_GET
def my_training(request: AuthedRequest) -> HttpResponse:
    require(request.user, RECORD_OWN)
    records = _records_of(request.user)
    audit.listed(request.user, TrainingRecord, detail="my training")
    context = _training_context(request.user, records)
    context["champions"] = _own_champions(request.user)
    return render(request, "training/mine.html", context)


def record_mine(request: AuthedRequest) -> HttpResponse:
    require(request.user, RECORD_OWN)
    form = TrainingForm(request.POST or None)
    page = pages.FormPage(
        title="Record training you have completed",
        submit="Save",
        saved="Training recorded.",
        hint="Your partnership's administrator sees what you record here, and can correct it.",
    )
    back = reverse("training:mine")
    return pages.form_page(request, request.user, form, page, done=back, back=back, audited=False)


def correct_record(request: AuthedRequest, pk: UUID) -> HttpResponse:
    record = access.record_for(request.user, pk)
    initial = {
        "level": record.level,
        "completed_on": record.completed_on,
        "provider": record.provider,
        "version": record.version,
    }
    form = TrainingForm(request.POST or None, initial=initial, correcting=True)
    own = record.person_id == request.user.pk
    back = reverse("training:mine") if own else reverse("training:person", args=[record.person_id])
    page = pages.FormPage(title="Correct a training record", saved="Training record corrected.")
    return pages.form_page(request, record, form, page, done=back, back=back, caption=str(record.person))


# The partnership's training (administrator) ------------------------------------------------------


@require_GET
def overview(request: AuthedRequest) -> HttpResponse:
    require(request.user, MANAGE)
    rows = standing.counts_by_agency(request.user.partnership_id)
    audit.listed(request.user, TrainingRecord, detail="training by agency")
    with_champion = set(
        ChampionAppointment.objects.of_partnership(request.user.partnership_id)
        .current()
        .values_list("agency_id", flat=True)
    )
    for row in rows:
        row.has_champion = row.agency_id in with_champion  # type: ignore[attr-defined]
    context = {
        "rows": rows,
        "total": standing.totals(rows),
        "policy_sentences": standing.policy_sentences(policy_for(request.user.partnership_id)),
    }
    return render(request, "training/overview.html", context)


SORTS = (Sort("name", "Name", ("last_name", "first_name")),)
FILTER_LABELS = {"level1": "Level 1", "level2": "Level 2"}


@require_GET
def agency_people(request: AuthedRequest, pk: UUID) -> HttpResponse:
    agency = access.agency_for(request.user, pk)
    listing = read_listing(
        request,
        sorts=SORTS,
        default="name",
        filters={"level1": Standing.values, "level2": Standing.values},
        filter_labels=FILTER_LABELS,
    )
    people = standing.people_of(request.user.partnership_id).filter(agency=agency)
    rows = standing.with_standing(people, request.user.partnership_id)
    for level in ("level1", "level2"):
        if listing.filters[level]:
            rows = rows.filter(**{f"{level}_standing": listing.filters[level]})
    listing.paginate(rows)
    policy = policy_for(request.user.partnership_id)
    today = timezone.localdate()
    shown = [
        (person, *(level_standing(level, getattr(person, f"{level}_last"), policy, today) for level in LEVELS))
        for person in listing.rows
    ]
    audit.listed(request.user, TrainingRecord, detail=f"training of {agency.name}")
    filter_fields = [(name, label, listing.filters[name]) for name, label in FILTER_LABELS.items()]
    context = {
        "agency": agency,
        "listing": listing,
        "people": shown,
        "standings": Standing.choices,
        "filter_fields": filter_fields,
    }
    return render(request, "training/agency.html", context, status=listing.status)


@require_GET
def person_training(request: AuthedRequest, pk: UUID) -> HttpResponse:
    person = access.person_for(request.user, pk)
    records = _records_of(person)
    audit.viewed(request.user, person, detail="training")
    return render(request, "training/person.html", _training_context(person, records))


def record_for_person(request: AuthedRequest, pk: UUID) -> HttpResponse:
    person = access.person_for(request.user, pk)
    form = TrainingForm(request.POST or None)
    page = pages.FormPage(title="Record training", saved="Training recorded.", audit_detail="record training")
    back = reverse("training:person", args=[person.pk])
    return pages.form_page(request, person, form, page, done=back, back=back, caption=str(person))


# CE champions -----------------------------------------------------------------------------------


def _own_champions(user: Any) -> list[ChampionAppointment]:
    if user.agency_id is None:
        return []
    rows = ChampionAppointment.objects.current().filter(agency_id=user.agency_id).select_related("person", "agency")
    return list(rows.order_by("person__last_name", "person__first_name"))


@require_GET
def champions(request: AuthedRequest) -> HttpResponse:
    require(request.user, VIEW_CHAMPIONS)
    rows = (
        ChampionAppointment.objects.of_partnership(request.user.partnership_id)
        .current()
        .select_related("person", "agency")
        .order_by("agency__name", "person__last_name", "person__first_name")
    )
    own = [row for row in rows if row.agency_id == request.user.agency_id]
    others: dict[Agency, list[ChampionAppointment]] = {}
    for row in rows:
        if row.agency_id != request.user.agency_id:
            others.setdefault(row.agency, []).append(row)
    ended = []
    if request.user.has_perm(MANAGE_CHAMPIONS):
        ended = list(
            ChampionAppointment.objects.of_partnership(request.user.partnership_id)
            .filter(until__lte=timezone.localdate())
            .select_related("person", "agency")
            .order_by("-until")[:50]
        )
    context = {
        "own": own,
        "others": list(others.items()),
        "agency": request.user.agency,
        "may_manage": request.user.has_perm(MANAGE_CHAMPIONS),
        "ended": ended,
    }
    return render(request, "training/champions.html", context)


def appoint_champion(request: AuthedRequest) -> HttpResponse:
    require(request.user, MANAGE_CHAMPIONS)
    form = AppointChampionForm(
        request.POST or None, partnership_id=request.user.partnership_id, initial={"since": timezone.localdate()}
    )
    page = pages.FormPage(
        title="Appoint a CE champion",
        submit="Appoint",
        saved=lambda appointment: f"{appointment.person} is now a CE champion for {appointment.agency}.",
        hint="A CE champion is their organisation's point of contact for child exploitation, with access to "
        "extra training and the partnership's CE champions sessions.",
    )
    back = reverse("training:champions")
    return pages.form_page(request, None, form, page, done=back, back=back, audited=False)


def change_champion(request: AuthedRequest, pk: UUID) -> HttpResponse:
    appointment = access.champion_for(request.user, pk)
    initial = {
        "since": appointment.since,
        "until": appointment.until,
        "contact_email": appointment.contact_email,
        "contact_phone": appointment.contact_phone,
        "contact_notes": appointment.contact_notes,
        "extra_training": appointment.extra_training,
        "version": appointment.version,
    }
    form = ChangeChampionForm(request.POST or None, initial=initial)
    page = pages.FormPage(title="Change or end a CE champion", saved="CE champion saved.")
    back = reverse("training:champions")
    caption = f"{appointment.person}, {appointment.agency}"
    return pages.form_page(request, appointment, form, page, done=back, back=back, caption=caption)
