"""The partnership administrator edits the checklist: indicators, protective factors, modifiers.

Edits apply to referrals made afterwards; each referral keeps the wording and weights it was
answered with. Two administrators editing the same item: the second is told, nothing is lost.
"""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cepathway.core import audit
from cepathway.core.models import StaleRecordError, TrackedModel
from cepathway.core.permissions import require
from cepathway.people.types import AuthedRequest
from cepathway.ui.forms import govuk_required_messages

from .forms import without_blank
from .models import CEType, ChecklistCategory, Indicator, Modifier, ProtectiveFactor

STALE = "Someone else changed this while you were editing. Nothing was saved: here is their version."


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_required_messages(self)


class IndicatorForm(VersionedForm):
    ce_types = forms.MultipleChoiceField(
        label="Kinds of exploitation it may indicate",
        choices=CEType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one kind of exploitation"},
    )

    class Meta:
        model = Indicator
        fields = ["category", "text", "help_text", "kind", "ce_types", "weight", "floor_level", "active", "order"]

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = ChecklistCategory.objects.filter(
            partnership=partnership
        )
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.widget = forms.RadioSelect(choices=without_blank(kind.choices))
        self.fields["weight"].help_text = "1 (a small worry) to 10 (a serious concern)."


class ProtectiveFactorForm(VersionedForm):
    class Meta:
        model = ProtectiveFactor
        fields = ["text", "weight", "active", "order"]


class ModifierForm(VersionedForm):
    class Meta:
        model = Modifier
        fields = ["points", "floor_level", "active"]


def _require_editor(request: AuthedRequest) -> Any:
    require(request.user, "referrals.edit_checklist")
    return request.user.partnership


def checklist_index(request: AuthedRequest) -> HttpResponse:
    partnership = _require_editor(request)
    categories = ChecklistCategory.objects.filter(partnership=partnership).prefetch_related("indicators")
    context = {
        "categories": categories,
        "factors": ProtectiveFactor.objects.filter(partnership=partnership),
        "modifiers": Modifier.objects.filter(partnership=partnership),
    }
    return render(request, "referrals/checklist/index.html", context)


def _save(request: AuthedRequest, form: VersionedForm, record: TrackedModel) -> None:
    """Save with the version the editor loaded; StaleRecordError if someone saved since."""
    changed = [name for name in form.changed_data if name != "version"]
    with transaction.atomic():
        item = form.save(commit=False)
        if record._state.adding:
            item.save_tracked(request.user)
            audit.created(request.user, item)
        else:
            item.save_versioned(request.user, form.cleaned_data["version"] or 0)
            audit.changed(request.user, item, changed)


def _edit(request: AuthedRequest, form_class: type[VersionedForm], record: TrackedModel, **extra: Any) -> HttpResponse:
    form = form_class(request.POST or None, instance=record, initial={"version": record.version}, **extra)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, record)
        except StaleRecordError:
            stale = True
            fresh = type(record)._default_manager.get(pk=record.pk)
            form = form_class(instance=fresh, initial={"version": fresh.version}, **extra)
        else:
            messages.success(request, "Checklist saved. It applies to referrals made from now on.")
            return redirect("referrals:checklist")
    context = {"form": form, "record": record, "adding": record._state.adding, "stale": STALE if stale else ""}
    context["back"] = reverse("referrals:checklist")
    return render(request, "referrals/checklist/edit.html", context)


def indicator_edit(request: AuthedRequest, pk: UUID | None = None) -> HttpResponse:
    partnership = _require_editor(request)
    record = get_object_or_404(Indicator, pk=pk, category__partnership=partnership) if pk else Indicator(ce_types=[])
    return _edit(request, IndicatorForm, record, partnership=partnership)


def protective_edit(request: AuthedRequest, pk: UUID | None = None) -> HttpResponse:
    partnership = _require_editor(request)
    record = (
        get_object_or_404(ProtectiveFactor, pk=pk, partnership=partnership)
        if pk
        else ProtectiveFactor(partnership=partnership)
    )
    return _edit(request, ProtectiveFactorForm, record)


def modifier_edit(request: AuthedRequest, pk: UUID) -> HttpResponse:
    partnership = _require_editor(request)
    record = get_object_or_404(Modifier, pk=pk, partnership=partnership)
    return _edit(request, ModifierForm, record)
