"""Children's records: the list a user may see, one child's record and chronology, allocation."""

from uuid import UUID

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cepathway.core import audit, pages
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest

from . import chronology
from .access import child_for
from .forms import AllocationForm
from .models import Child, Involvement


def child_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    rows = visible_to(request.user, Child).select_related("allocated_social_worker")
    if query:
        rows = rows.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(other_names__icontains=query)
        )
    audit.listed(request.user, Child, detail=f"search={query!r}" if query else "")
    return render(request, "children/list.html", {"children": rows[:200], "query": query})


def child_detail(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = child_for(request.user, pk)
    audit.viewed(request.user, child)
    involvements = (
        Involvement.objects.visible_to(request.user).active().filter(child=child).select_related("user", "user__agency")
    )
    context = {
        "child": child,
        "involvements": involvements,
        "timeline": chronology.timeline(child, request.user),
        "can_edit": request.user.has_perm("children.edit_child", child),
        "can_request_consultation": request.user.has_perm("referrals.request_consultation", child),
    }
    return render(request, "children/detail.html", context)


ALLOCATION = pages.FormPage(title="Allocation", saved="Child's record updated.", audit_detail="allocation form")


def child_edit(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = child_for(request.user, pk, permission="children.edit_child")
    form = AllocationForm(
        request.POST or None, instance=child, initial={"version": child.version}, partnership=child.partnership
    )
    back = reverse("children:detail", args=[child.pk])
    return pages.form_page(request, child, form, ALLOCATION, done=back, back=back, caption=child.full_name)
