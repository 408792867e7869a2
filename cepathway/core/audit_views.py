"""The auditor's search of the audit log: by child (name or referral reference), by person and by
date, each entry said in the pathway's words (cepathway.core.audit_words)."""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cepathway.ui.forms import GovukDateField

from . import audit, audit_words
from .models import AuditEvent
from .permissions import require

PAGE = 200


class AuditSearchForm(forms.Form):
    """The API's search: a child's record id, a username and ISO dates (YYYY-MM-DD)."""

    child = forms.UUIDField(label="Child record ID", required=False, help_text="From the child's record page.")
    user = forms.CharField(label="Username", max_length=150, required=False)
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        _dates_in_order(self, data)
        return data


class AuditLogForm(forms.Form):
    """The page's search: a child by name or referral reference, a person by name or username, and
    dates typed into GOV.UK date boxes. `child` (hidden) is the child a row's link searches for."""

    child = forms.UUIDField(required=False, widget=forms.HiddenInput)
    about = forms.CharField(
        label="Child's name or referral reference",
        max_length=100,
        required=False,
        help_text="For example, Kayden Taylor or the reference on the referral. Only children you may see are found.",
    )
    user = forms.CharField(
        label="Person", max_length=150, required=False, help_text="Their name or username, for what they did."
    )
    date_from = GovukDateField(
        label="From", error_label="The 'from' date", required=False, help_text="For example, 1 3 2027"
    )
    date_to = GovukDateField(
        label="To", error_label="The 'to' date", required=False, help_text="For example, 31 3 2027"
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        _dates_in_order(self, data)
        return data

    def described(self) -> str:
        """What was searched for, in words (for the audit entry of the search itself)."""
        data = self.cleaned_data
        parts = [
            f"child: {data['about']}" if data.get("about") else "",
            "a child's entries" if data.get("child") else "",
            f"person: {data['user']}" if data.get("user") else "",
            f"from {data['date_from']:%-d %B %Y}" if data.get("date_from") else "",
            f"to {data['date_to']:%-d %B %Y}" if data.get("date_to") else "",
        ]
        return "; ".join(part for part in parts if part) or "everything"


def _dates_in_order(form: forms.Form, data: dict[str, Any]) -> None:
    start, end = data.get("date_from"), data.get("date_to")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        form.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")


def search(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.search_audit")
    form = AuditLogForm(request.GET or None)
    rows: list[audit_words.AuditRow] = []
    child_name = ""
    if form.is_valid():
        data = form.cleaned_data
        query = filters(data)
        if data.get("about"):
            query &= Q(child_id__in=audit_words.children_matching(request.user, data["about"]))
        if data.get("child"):
            child_name = audit_words.child_names(request.user, [data["child"]]).get(data["child"], "a child")
        events = audit.entries_for_auditor(request.user).filter(query).select_related("user")[:PAGE]
        rows = audit_words.rows_for(request.user, events)
        audit.searched(request.user, AuditEvent, detail=form.described())
    context = {"form": form, "rows": rows, "page": PAGE, "child_name": child_name}
    return render(request, "core/audit_search.html", context)


def filters(data: dict[str, Any]) -> Q:
    query = Q()
    if data.get("child"):
        query &= Q(child_id=data["child"])
    if data.get("user"):
        query &= person(data["user"])
    zone = timezone.get_current_timezone()
    if data.get("date_from"):
        query &= Q(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min), zone))
    if data.get("date_to"):
        query &= Q(at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max), zone))
    return query


def person(text: str) -> Q:
    """Entries by the person whose username is `text`, or whose name has every word of it.

    The people named are found first: with a join inside the OR, PostgreSQL read the whole log
    newest first (51 s for a name nobody has); with ids, it reads the username and user indexes."""
    words = text.split()
    names = Q()
    for word in words:
        names &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    named = list(get_user_model().objects.filter(names).values_list("pk", flat=True)) if words else []
    return Q(username__iexact=text.strip()) | Q(user_id__in=named)
