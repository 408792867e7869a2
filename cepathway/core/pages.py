"""Pages that change a record through a form: one flow for all of them.

A form that changes a record has `submit(record, *, by)`, which calls the service that does the
work (the API calls the same method, so a page and an API operation cannot drift apart). GET shows
the form. A valid POST is submitted: success shows a message and redirects; a rule the service
enforces (`RuleError`) puts its message beside the field it names; someone else's save in the
meantime (`StaleRecordError`) says so, keeps what the person typed and moves the form on to the
saved version, so nothing is overwritten and nothing typed is lost. Showing the form is audited as
a view of the record.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cepathway.ui import pickers

from . import audit
from .errors import RuleError
from .models import StaleRecordError

STALE = (
    "Someone else saved this record since you opened it. Nothing you entered has been saved. "
    "What is saved now is shown on this page: check it, then save your changes again if they are still right."
)


def refuse(form: forms.BaseForm, error: RuleError) -> None:
    """Put a rule's refusal beside the field it names, or above the form when it names none of its fields."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def show_stale(form: forms.BaseForm, error: StaleRecordError) -> None:
    """Tell the person of the clash; their entry stays on the page, now against the saved version."""
    form.add_error(None, STALE)
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(error.saved_version())
    form.data = data
    form.stale = True  # type: ignore[attr-defined]


def submit(request: HttpRequest, form: Any, record: Any) -> bool:
    """Submit a posted, valid form; True when the service accepted it (its answer is `form.result`).
    Otherwise the form now says why. A person picker's Find button saves nothing: the form comes
    back as typed, with what the search found (`ui.pickers.find`)."""
    if request.method != "POST" or pickers.find(form) or not form.is_valid():
        return False
    try:
        form.result = form.submit(record, by=request.user)
    except RuleError as error:
        refuse(form, error)
    except StaleRecordError as error:
        show_stale(form, error)
    else:
        return True
    return False


@dataclass(frozen=True)
class FormPage:
    """The words of a page that changes a record through a form, and what it says when saved."""

    title: str
    submit: str = "Save"
    saved: str | Callable[[Any], str] = "Saved."
    audit_detail: str = ""
    hint: str = ""
    warning: str = ""
    intro_template: str = ""
    template: str = "ui/form_page.html"
    extra: dict[str, Any] = field(default_factory=dict)

    def saved_message(self, result: Any) -> str:
        return self.saved(result) if callable(self.saved) else self.saved


def form_page(
    request: HttpRequest,
    record: Any,
    form: Any,
    page: FormPage,
    *,
    done: str | Callable[[Any], str],
    back: str,
    caption: str = "",
    audited: Any = None,
    **context: Any,
) -> HttpResponse:
    """The whole flow of a form page (see the module's docstring). `done` is where to go once saved
    (or a function of the service's answer). The view is audited against `audited` when given, else
    the record; `audited=False` for a page about no child's record (creating a Level 2 meeting)."""
    if submit(request, form, record):
        messages.success(request, page.saved_message(form.result))
        return redirect(done(form.result) if callable(done) else done)
    if audited is not False:
        audit.viewed(request.user, audited if audited is not None else record, detail=page.audit_detail)
    words = {"title": page.title, "submit": page.submit, "hint": page.hint, "warning": page.warning}
    words["intro_template"] = page.intro_template
    return render(
        request, page.template, {**words, **page.extra, "form": form, "back": back, "caption": caption, **context}
    )
