"""The registers' pages: lists and records of persons, places, vehicles and phones of concern,
matching decisions and merges, the network, and the disruption log. Views parse, authorise, call
the services, and render; every one is audited. Anyone outside the register roles is told "not
found" (an audited 404), as is anyone but a handler on a page that changes a record."""

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cepathway.core import audit, pages
from cepathway.core.errors import RuleError
from cepathway.core.permissions import require
from cepathway.intelligence.models import (
    OFFICIAL_SENSITIVE,
    REGISTER_MODELS,
    ConcernStatus,
    DisruptionTactic,
    IntelligenceAssessment,
    NodeKind,
    SourceEvaluation,
    is_handler,
)
from cepathway.people.types import AuthedRequest
from cepathway.ui.listing import Sort, read_listing

from . import access, decisions, disruption, network, records, tactics
from .forms import DecisionForm, DisruptionForm, MergeForm, StatusForm, TacticForm, record_form

SORTS: dict[str, tuple[Sort, ...]] = {
    NodeKind.PERSON: (
        Sort("name", "Name", ("last_name", "first_name")),
        Sort("updated", "Last changed", ("-modified_at",)),
    ),
    NodeKind.PLACE: (Sort("name", "Place", ("name", "address")), Sort("updated", "Last changed", ("-modified_at",))),
    NodeKind.VEHICLE: (
        Sort("name", "Registration", ("registration_normalised",)),
        Sort("updated", "Last changed", ("-modified_at",)),
    ),
    NodeKind.PHONE: (Sort("name", "Number", ("number_e164",)), Sort("updated", "Last changed", ("-modified_at",))),
}


MARKING = "intelligence/marking.html"


def _context(**more: Any) -> dict[str, Any]:
    return {"marking": OFFICIAL_SENSITIVE, **more}


def registers_home(request: AuthedRequest) -> HttpResponse:
    access.refuse_unless_register_role(request.user, REGISTER_MODELS[NodeKind.PERSON])
    registers = []
    for kind, model in REGISTER_MODELS.items():
        rows = records.register_rows(request.user, model)
        registers.append(
            {
                "title": records.REGISTER_TITLES[kind],
                "url": reverse("intelligence:register-list", args=[records.REGISTER_PATHS[kind]]),
                "active": rows.exclude(status=ConcernStatus.CLOSED).count(),
            }
        )
        audit.listed(request.user, model, detail="registers: how many")
    context = _context(registers=registers, handler=is_handler(request.user))
    return render(request, "intelligence/registers/home.html", context)


def register_list(request: AuthedRequest, kind: str) -> HttpResponse:
    model = records.model_for_path(kind)
    access.refuse_unless_register_role(request.user, model)
    node_kind = model.node_kind
    listing = read_listing(
        request,
        sorts=SORTS[node_kind],
        default="name",
        filters={"status": ConcernStatus.values},
        filter_labels={"status": "status"},
    )
    rows = records.register_rows(request.user, model)
    if listing.filters["status"]:
        rows = rows.filter(status=listing.filters["status"])
    listing.paginate(rows)
    audit.listed(request.user, model, detail=f"status={listing.filters['status'] or 'any'}")
    context = _context(
        listing=listing,
        rows=listing.rows,
        kind=kind,
        node_kind=node_kind,
        title=records.REGISTER_TITLES[node_kind],
        noun=records.NOUNS[node_kind],
        statuses=ConcernStatus.choices,
        handler=is_handler(request.user),
    )
    return render(request, "intelligence/registers/list.html", context, status=listing.status)


def record_page(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    model = records.model_for_path(kind)
    record = records.record_for(request.user, model, pk)
    audit.viewed(request.user, record)
    children = records.linked_children(record, request.user)
    history = records.history(record)
    kept = model.objects.filter(pk=record.merged_into_id).first() if record.merged_into_id else None
    context = _context(
        record=record,
        kind=kind,
        noun=records.NOUNS[record.node_kind],
        title=records.REGISTER_TITLES[record.node_kind],
        children=children,
        submissions=records.linked_submissions(record, request.user),
        history=history,
        creation_logged=any(change.action == "Created" for change in history),
        merges=decisions.merges_of(record),
        kept=kept,
        disruptions=disruption.disruptions_for(record),
        disrupted=record.node_kind in disruption.DISRUPTED_KINDS,
        handler=is_handler(request.user),
    )
    return render(request, "intelligence/registers/record.html", context)


def _record_url(record: Any) -> str:
    return reverse("intelligence:register-record", args=[records.REGISTER_PATHS[record.node_kind], record.pk])


def record_new(request: AuthedRequest, kind: str) -> HttpResponse:
    model = records.model_for_path(kind)
    access.refuse_unless_handler(request.user, model)
    form = record_form(model)(request.POST or None, instance=model(partnership_id=request.user.partnership_id))
    noun = records.NOUNS[model.node_kind]
    page = pages.FormPage(
        title=f"Add a {noun}",
        intro_template=MARKING,
        saved=f"The {noun} has been added.",
        warning=f"{OFFICIAL_SENSITIVE}: the description is what wider audiences read. Never name who told you.",
    )
    back = reverse("intelligence:register-list", args=[kind])
    if request.method == "GET":
        audit.listed(request.user, model, detail="new record form")
    return pages.form_page(request, None, form, page, done=_record_url, back=back, audited=False)


def record_edit(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    record = access.handler_record(request.user, kind, pk)
    form = record_form(type(record))(request.POST or None, instance=record, initial={"version": record.version})
    noun = records.NOUNS[record.node_kind]
    page = pages.FormPage(
        title=f"Change this {noun}",
        saved="Saved.",
        warning=f"{OFFICIAL_SENSITIVE}: never name who told you.",
        intro_template=MARKING,
    )
    back = _record_url(record)
    return pages.form_page(request, record, form, page, done=back, back=back, caption=str(record))


def record_status(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    record = access.handler_record(request.user, kind, pk)
    form = StatusForm(request.POST or None, initial={"version": record.version, "status": record.status})
    page = pages.FormPage(
        title="Change the status",
        intro_template=MARKING,
        saved="Status changed.",
        hint="Under disruption: a tactic is in use against it (recording one in its disruption log sets this). "
        "Closed: no longer of concern; it stays on the register, and in the network, as history.",
    )
    back = _record_url(record)
    return pages.form_page(request, record, form, page, done=back, back=back, caption=str(record))


# Merging -------------------------------------------------------------------------------------------


def record_merge(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    """Merge this record into another it is the same as: the likely ones proposed with reasons."""
    record = access.handler_record(request.user, kind, pk)
    form = MergeForm(request.POST or None, user=request.user, model=type(record))
    if record.merged_into_id:
        raise Http404("This record has already been merged.")
    if pages.submit(request, form, record):
        messages.success(request, f"Merged into {form.cleaned_data['into']}. You can undo this from either record.")
        return redirect(_record_url(form.cleaned_data["into"]))
    audit.viewed(request.user, record, detail="merge candidates")
    found = decisions.candidates_for(record, record.node_kind, record.partnership, exclude={record.pk})
    context = _context(record=record, kind=kind, form=form, candidates=found, noun=records.NOUNS[record.node_kind])
    return render(request, "intelligence/registers/merge.html", context, status=400 if form.errors else 200)


@require_POST
def merge_undo(request: AuthedRequest, pk: UUID) -> HttpResponse:
    done = access.merge_for(request.user, pk)
    merged = REGISTER_MODELS[done.kind].objects.get(pk=done.merged_id)
    try:
        decisions.undo_merge(done, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The merge has been undone: every link it moved is back.")
    return redirect(_record_url(merged))


# Matching decisions ------------------------------------------------------------------------------


def match_item(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    """The register records that may be what a submission names, with reasons; the handler
    confirms, rejects or is unsure of each, or creates a new record."""
    part, part_kind = access.part_for(request.user, kind, pk)
    form = DecisionForm(request.POST or None, user=request.user, part_kind=part_kind)
    if pages.submit(request, form, part):
        verdict = form.cleaned_data["verdict"]
        messages.success(request, DECIDED[verdict])
        return redirect(request.path)
    audit.viewed(request.user, part, detail="match candidates")
    linked = getattr(part, part_kind.field) if getattr(part, f"{part_kind.field}_id") else None
    found = (
        decisions.candidates_for(part, part_kind.kind, part.submission.partnership) if decisions.matchable(part) else []
    )
    context = _context(
        part=part,
        kind=kind,
        part_kind=part_kind,
        form=form,
        candidates=found,
        linked=linked,
        matchable=decisions.matchable(part),
        noun=records.NOUNS[part_kind.kind],
        register_path=records.REGISTER_PATHS[part_kind.kind],
        asked=_described(part, part_kind),
    )
    return render(request, "intelligence/registers/match.html", context, status=400 if form.errors else 200)


DECIDED = {
    "confirmed": "Confirmed: the submission is now linked to that record.",
    "rejected": "Rejected: that record will not be proposed for this again.",
    "unsure": "Recorded as unsure: it will still be proposed.",
}


def _described(part: Any, part_kind: decisions.PartKind) -> list[tuple[str, str]]:
    names = {
        "subject": ["first_name", "last_name", "aliases", "date_of_birth", "age_from", "age_to"],
        "place": ["kind", "name", "address", "postcode"],
        "vehicle": ["registration", "make", "model", "colour"],
        "phone": ["number"],
    }[part_kind.path]
    shown = []
    for name in names:
        value = getattr(part, f"get_{name}_display")() if name == "kind" else getattr(part, name)
        if value not in (None, ""):
            shown.append((part._meta.get_field(name).verbose_name.capitalize(), str(value)))
    return shown


@require_POST
def match_create(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    part, part_kind = access.part_for(request.user, kind, pk)
    try:
        record = decisions.create_from_part(part, part_kind, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect(reverse("intelligence:match-item", args=[kind, part.pk]))
    messages.success(request, f"A new {records.NOUNS[part_kind.kind]} has been added and linked to the submission.")
    return redirect(_record_url(record))


# The network ----------------------------------------------------------------------------------------


def network_page(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    root = access.network_root(request.user, kind, pk)
    audit.viewed(request.user, root, detail="network")
    found = network.network_of(root, request.user)
    chosen = _network_filters(request)
    shown = [link for link in found.links if network.matches_filter(link, **chosen)]
    context = _context(
        root=root,
        network=found,
        links=shown,
        kind=kind,
        filters=chosen,
        sources=SourceEvaluation.choices,
        assessments=IntelligenceAssessment.choices,
        graph=found.graph(),
        groups=[(label, found.of_kind(value)) for value, label in NodeKind.choices if found.of_kind(value)],
    )
    return render(request, "intelligence/registers/network.html", context)


def _network_filters(request: AuthedRequest) -> dict[str, Any]:
    source = request.GET.get("source", "")
    assessment = request.GET.get("assessment", "")
    try:
        since = date.fromisoformat(request.GET.get("since", "")) if request.GET.get("since") else None
    except ValueError:
        since = None
    return {
        "source": source if source in SourceEvaluation.values else "",
        "assessment": assessment if assessment in IntelligenceAssessment.values else "",
        "since": since,
    }


# Disruption -----------------------------------------------------------------------------------------


def disruption_new(request: AuthedRequest, kind: str, pk: UUID) -> HttpResponse:
    record = access.handler_record(request.user, kind, pk)
    if record.node_kind not in disruption.DISRUPTED_KINDS:
        raise Http404("Disruption is recorded against persons and places.")
    form = DisruptionForm(request.POST or None, partnership=record.partnership)
    page = pages.FormPage(
        title="Record a disruption",
        intro_template=MARKING,
        saved="Disruption recorded. An active record is now under disruption.",
        submit="Record the disruption",
        hint="Recording a disruption moves an active record to \u201cunder disruption\u201d.",
    )
    back = _record_url(record)
    return pages.form_page(request, record, form, page, done=back, back=back, caption=str(record))


# The partnership's disruption tactics (its administrator) ----------------------------------------


def _configurer_partnership(request: AuthedRequest) -> Any:
    require(request.user, tactics.CONFIGURE_TACTICS)
    return request.user.partnership


@require_GET
def tactic_list(request: AuthedRequest) -> HttpResponse:
    partnership = _configurer_partnership(request)
    rows = tactics.all_tactics(partnership)
    audit.listed(request.user, DisruptionTactic, detail="disruption tactics")
    return render(request, "intelligence/registers/tactics.html", {"tactics": rows})


def tactic_new(request: AuthedRequest) -> HttpResponse:
    partnership = _configurer_partnership(request)
    form = TacticForm(request.POST or None, adding=True)
    page = pages.FormPage(title="Add a disruption tactic", saved="Tactic added.", submit="Add the tactic")
    back = reverse("intelligence:disruption-tactics")
    return pages.form_page(request, partnership, form, page, done=back, back=back, audited=False)


def tactic_edit(request: AuthedRequest, pk: UUID) -> HttpResponse:
    partnership = _configurer_partnership(request)
    tactic = get_object_or_404(DisruptionTactic, pk=pk, partnership=partnership)
    initial = {"name": tactic.name, "order": tactic.order, "in_use": tactic.in_use, "version": tactic.version}
    form = TacticForm(request.POST or None, initial=initial, adding=False)
    page = pages.FormPage(
        title="Change a disruption tactic",
        saved="Tactic saved.",
        hint="A tactic taken out of use stays on the disruptions already recorded with it.",
    )
    back = reverse("intelligence:disruption-tactics")
    return pages.form_page(request, tactic, form, page, done=back, back=back, caption=tactic.name)
