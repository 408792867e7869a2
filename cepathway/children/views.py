"""Children's records: the list a user may see, one child's record and chronology, allocation."""

from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cepathway.core import audit
from cepathway.core.models import StaleRecordError
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest

from . import chronology, services
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


def child_edit(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = child_for(request.user, pk, permission="children.edit_child")
    form = AllocationForm(
        request.POST or None, instance=child, initial={"version": child.version}, partnership=child.partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.allocate(
                    form.save(commit=False), form.changed_data, form.cleaned_data["version"], by=request.user
                )
        except StaleRecordError:
            messages.error(
                request, "Someone else changed this child's record while you were editing. Nothing was saved."
            )
            return redirect("children:edit", pk=child.pk)
        messages.success(request, "Child's record updated.")
        return redirect("children:detail", pk=child.pk)
    audit.viewed(request.user, child, detail="allocation form")
    return render(request, "children/edit.html", {"child": child, "form": form})
