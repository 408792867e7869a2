"""The auditor's search of the audit log: by child (name or referral reference), by person and by
date, each entry said in the pathway's words (cepathway.core.audit_words), a page of 200 at a time
(cepathway.core.audit_pages), and the whole search downloaded as CSV (cepathway.core.audit_export)."""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cepathway.ui.forms import GovukDateField

from . import audit, audit_export, audit_pages, audit_words
from .models import AuditEvent
from .permissions import require

TEMPLATE = "core/audit_search.html"


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
    context, status = _search_page(request, form)
    return render(request, TEMPLATE, context, status=status)


def _search_page(request: HttpRequest, form: AuditLogForm) -> tuple[dict[str, Any], int]:
    """The page's context and status: one page of the search's entries in words, with the page
    numbers and the download link, once the search is valid; the search itself audited."""
    context: dict[str, Any] = {"form": form, "rows": [], "child_name": "", "pager": None, "problems": []}
    if not form.is_valid():
        return context, 200
    number = audit_pages.page_number(request.GET.get(audit_pages.PARAMETER))
    if number is None:
        context["problems"] = [{"text": audit_pages.BAD_PAGE}]
        return context, 400
    data = form.cleaned_data
    if data.get("child"):
        context["child_name"] = audit_words.child_names(request.user, [data["child"]]).get(data["child"], "a child")
    pager = audit_pages.Pager.of(matching(request.user, data).select_related("user"), number, request.GET)
    context["rows"] = audit_words.rows_for(request.user, pager.rows)
    context["pager"] = pager
    context["download_href"] = f"{reverse('audit-download')}?{audit_pages.without_page(request.GET).urlencode()}"
    page_words = f" (page {number})" if number > 1 else ""
    audit.searched(request.user, AuditEvent, detail=form.described() + page_words)
    return context, 200


def matching(user: Any, data: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The entries of the auditor's own partnership the search asks for, newest first (the id
    breaks ties, so no entry falls between two pages or twice in a download)."""
    query = filters(data, getattr(user, "partnership_id", None))
    if data.get("about"):
        query &= Q(child_id__in=audit_words.children_matching(user, data["about"]))
    return audit.entries_for_auditor(user).filter(query).order_by("-at", "-id")


def download(request: HttpRequest) -> HttpResponseBase:
    """The search as CSV: every matching entry (up to the export limit), streamed, and audited
    first with who downloaded which search and how many entries it held."""
    require(request.user, "core.search_audit")
    form = AuditLogForm(request.GET)
    if not form.is_valid():
        context, _ = _search_page(request, form)
        return render(request, TEMPLATE, context)
    limit = audit_export.export_limit()
    # Entries written from now on (this download's own among them) are left for the next download.
    entries = matching(request.user, form.cleaned_data).filter(at__lte=timezone.now())
    total = audit_pages.count_up_to(entries, limit)
    if total > limit:
        return _too_many_to_download(request, form, limit)
    detail = f"as CSV, {total:,} entr{'y' if total == 1 else 'ies'}: {form.described()}"
    audit.downloaded(request.user, AuditEvent, detail=detail)
    audit.flush()  # in the log before the first line leaves
    rows = entries.select_related("user")[:limit].iterator(chunk_size=audit_export.BATCH)
    response = StreamingHttpResponse(audit_export.lines(request.user, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{audit_export.filename()}"'
    response["Cache-Control"] = "no-store"
    return response


def _too_many_to_download(request: HttpRequest, form: AuditLogForm, limit: int) -> HttpResponse:
    """The search page, saying the download would be too big and how to make it smaller."""
    audit.searched(request.user, AuditEvent, detail=f"download refused, over {limit:,} entries: {form.described()}")
    context, _ = _search_page(request, form)
    problem = (
        f"This search finds more than {limit:,} entries, more than one download may hold. "
        "Narrow it by dates, person or child, and download each part"
    )
    context["problems"] = [{"text": problem}]
    return render(request, TEMPLATE, context, status=422)


def filters(data: dict[str, Any], partnership_id: Any) -> Q:
    """The search's filters, for the log of the auditor's partnership `partnership_id`."""
    query = Q()
    if data.get("child"):
        query &= Q(child_id=data["child"])
    if data.get("user"):
        query &= person(data["user"], partnership_id)
    zone = timezone.get_current_timezone()
    if data.get("date_from"):
        query &= Q(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min), zone))
    if data.get("date_to"):
        query &= Q(at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max), zone))
    return query


def person(text: str, partnership_id: Any) -> Q:
    """Entries by the person whose username is `text`, or whose name has every word of it.

    The people named are found first: with a join inside the OR, PostgreSQL read the whole log
    newest first (51 s for a name nobody has); with ids, it reads the username and user indexes.
    They are looked for among the partnership's own people, whose entries its log holds, not among
    every partnership's (issue 8: 13,800 people read at national size). Someone who has since
    moved to another partnership is still found by their username."""
    words = text.split()
    names = Q()
    for word in words:
        names &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    people = get_user_model().objects.filter(agency__partnership_id=partnership_id)
    named = list(people.filter(names).values_list("pk", flat=True)) if words else []
    return Q(username__iexact=text.strip()) | Q(user_id__in=named)
