"""The auditor's search of the audit log, by child, user and date."""

from datetime import datetime, time

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import audit
from .models import AuditEvent
from .permissions import require

PAGE = 200


class AuditSearchForm(forms.Form):
    child = forms.UUIDField(label="Child record ID", required=False, help_text="From the child's record page.")
    user = forms.CharField(label="Username", max_length=150, required=False)
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data


def search(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.search_audit")
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.none()
    if form.is_valid():
        events = audit.entries_for_auditor(request.user).filter(filters(form.cleaned_data))[:PAGE]
        audit.searched(request.user, AuditEvent, detail=str({k: str(v) for k, v in form.cleaned_data.items() if v}))
    return render(request, "core/audit_search.html", {"form": form, "events": events, "page": PAGE})


def filters(data: dict) -> Q:
    query = Q()
    if data.get("child"):
        query &= Q(child_id=data["child"])
    if data.get("user"):
        query &= Q(username__iexact=data["user"])
    zone = timezone.get_current_timezone()
    if data.get("date_from"):
        query &= Q(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min), zone))
    if data.get("date_to"):
        query &= Q(at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max), zone))
    return query
