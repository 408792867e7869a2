"""Children's records: the list a user may see, one child's record and chronology, allocation."""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from cepathway.core import audit
from cepathway.core.models import StaleRecordError
from cepathway.core.permissions import require
from cepathway.core.scoping import get_visible_or_404, visible_to
from cepathway.people.models import Role, User
from cepathway.people.types import AuthedRequest
from cepathway.ui.forms import govuk_required_messages

from . import chronology, services
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
    child = get_visible_or_404(request.user, Child, pk=pk)
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


class AllocationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Child
        fields = ["open_to_childrens_services", "allocated_social_worker", "lead_professional", "school"]

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = cast(forms.ModelChoiceField, self.fields["allocated_social_worker"])
        lead = cast(forms.ModelChoiceField, self.fields["lead_professional"])
        staff = User.objects.filter(agency__partnership=partnership, is_active=True)
        worker.queryset = staff.filter(role=Role.SOCIAL_WORKER)
        lead.queryset = staff.filter(role__in=[Role.LEAD_PROFESSIONAL, Role.SOCIAL_WORKER])
        govuk_required_messages(self)


def child_edit(request: AuthedRequest, pk: UUID) -> HttpResponse:
    child = get_visible_or_404(request.user, Child, pk=pk)
    require(request.user, "children.edit_child", child)
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
