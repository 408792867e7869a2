"""Pages of this part: what may be shared with a child's family (the list on the child's record,
recording, changing and withdrawing a decision). The Level 2 sections are drawn by the agenda's
own page (sections.py); alerts are shown by the notifications panel on My work."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cepathway.children import access as children_access
from cepathway.core import audit, pages

from ..models import PersonOfConcern, PlaceOfConcern
from . import forms, sharing
from .access import sharing_for
from .rules import RECORD_SHARING

GET_POST = require_http_methods(["GET", "POST"])


def _list_url(child: Any) -> str:
    return reverse("intelligence:sharing", args=[child.pk])


@require_http_methods(["GET"])
def sharing_list(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = children_access.child_for(request.user, child_id)
    decisions = list(sharing.decisions_for(child, request.user))
    audit.viewed(request.user, child, detail="what may be shared with the family")
    audit.viewed_each(request.user, decisions, detail="what may be shared with the family")
    context = {
        "child": child,
        "current": [decision for decision in decisions if decision.withdrawn_at is None],
        "withdrawn": [decision for decision in decisions if decision.withdrawn_at is not None],
        "may_record": request.user.has_perm(RECORD_SHARING, child),
        "persons_seen": set(sharing.linked_records(PersonOfConcern, child, request.user).values_list("pk", flat=True)),
        "places_seen": set(sharing.linked_records(PlaceOfConcern, child, request.user).values_list("pk", flat=True)),
    }
    return render(request, "intelligence/around_child/sharing_list.html", context)


NEW = pages.FormPage(
    title="Record what may be shared with the family",
    submit="Save",
    saved="Saved: it now shows with the child's plan and on the family summary.",
    audit_detail="record what may be shared with the family",
    intro_template="intelligence/around_child/sharing_intro.html",
)


@GET_POST
def sharing_new(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = children_access.child_for(request.user, child_id, RECORD_SHARING)
    form = forms.SharingForm(request.POST or None, child=child, user=request.user)
    back = _list_url(child)
    return pages.form_page(request, child, form, NEW, done=back, back=back, caption=child.full_name)


CHANGE = pages.FormPage(
    title="Change what may be shared with the family",
    saved="Changes saved.",
    audit_detail="change what may be shared with the family",
    intro_template="intelligence/around_child/sharing_intro.html",
)


@GET_POST
def sharing_change(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = sharing_for(request.user, pk, RECORD_SHARING)
    initial = {
        "version": decision.version,
        "what": decision.what,
        "with_whom": decision.with_whom,
        "why": decision.why,
        "handling_conditions": decision.handling_conditions,
        "person": decision.person_id,
        "place": decision.place_id,
    }
    form = forms.SharingChangeForm(request.POST or None, initial=initial, child=decision.child, user=request.user)
    back = _list_url(decision.child)
    return pages.form_page(request, decision, form, CHANGE, done=back, back=back, caption=decision.child.full_name)


@require_POST
def sharing_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = sharing_for(request.user, pk, RECORD_SHARING)
    form = forms.WithdrawForm(request.POST)
    if pages.submit(request, form, decision):
        messages.success(request, "Withdrawn: it no longer shows with the plan or on the family summary.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_list_url(decision.child))
