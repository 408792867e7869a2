"""Children's records: the list a user may see, one child's record at a glance, their chronology, allocation."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cepathway.core import audit, pages
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest
from cepathway.ui.listing import read_listing

from . import presenters, search
from .access import child_for
from .forms import AllocationForm
from .models import CEStatus, Child


def child_list(request: AuthedRequest) -> HttpResponse:
    """The children the person may see, paged and sorted; with `q`, those matching it, best first."""
    query = search.clean_query(request.GET.get("q", ""))
    listing = read_listing(
        request,
        sorts=search.SORTS,
        default="name",
        filters={"status": CEStatus.values},
        filter_labels={"status": "CE status"},
    )
    rows = search.with_status_order(visible_to(request.user, Child).select_related("allocated_social_worker"))
    if listing.filters["status"]:
        rows = rows.filter(ce_status=listing.filters["status"])
    if query:
        rows = search.search(rows, query, user=request.user)
        listing.ranked = not request.GET.get("sort")
        audit.searched(request.user, Child, detail=f"search={query!r}")
    else:
        audit.listed(request.user, Child)
    listing.paginate(rows, ordered=search.RANKED if listing.ranked else None)
    context = {"listing": listing, "children": listing.rows, "query": query, "statuses": CEStatus.choices}
    return render(request, "children/list.html", context, status=listing.status)


def child_detail(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = child_for(request.user, pk)
    audit.viewed(request.user, child)
    return render(request, "children/detail.html", presenters.child_page(child, request.user))


def child_chronology(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = child_for(request.user, pk)
    context = presenters.chronology_page(child, request.user, request.GET.getlist("kind"))
    shown = ",".join(name for name, _label, chosen in context["groups"] if chosen) or "all"
    audit.viewed(request.user, child, detail=f"chronology ({shown})")
    return render(request, "children/chronology.html", context)


ALLOCATION = pages.FormPage(
    title="Allocation",
    saved="Child's record updated.",
    audit_detail="allocation form",
    template="children/allocation.html",
)


def child_edit(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = child_for(request.user, pk, permission="children.edit_child")
    form = AllocationForm(
        request.POST or None, instance=child, initial={"version": child.version}, partnership=child.partnership
    )
    back = reverse("children:detail", args=[child.pk])

    def saved() -> Child | None:
        """After a clash, the record as the other person saved it (the form holds this person's entry,
        and has put it on `child` in memory, so it is read again)."""
        return child_for(request.user, pk) if getattr(form, "stale", False) else None

    return pages.form_page(request, child, form, ALLOCATION, done=back, back=back, caption=child.full_name, saved=saved)
