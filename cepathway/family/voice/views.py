"""The professionals' pages of the family's voice: asking a parent or carer, or the child, for their
views through a single-use link (the link shown once), and withdrawing a link."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from cepathway.core import pages
from cepathway.policy.services import policy_for

from . import access, services
from .forms import AskForViewsForm, WithdrawForm

GET_POST = require_http_methods(["GET", "POST"])


def meeting_url(meeting: Any) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def letter_url(meeting: Any) -> str | None:
    """Where "Print a letter with this link" posts (the letters part's page), if it exists."""
    try:
        return reverse("family:invitation-letter", args=[meeting.pk])
    except NoReverseMatch:
        return None


ASK = pages.FormPage(
    title="Ask the family for their views",
    submit="Make the link",
    audit_detail="ask the family for their views",
    intro_template="family/voice/ask_intro.html",
)


@GET_POST
def ask_for_views(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = access.meeting_for(request.user, meeting_id, access.ISSUE)
    back = meeting_url(meeting)
    form = AskForViewsForm(request.POST or None)
    if pages.submit(request, form, meeting):
        issued: services.Issued = form.result  # type: ignore[attr-defined]
        response = render(
            request,
            "family/voice/issued.html",
            {
                "issued": issued,
                "link": issued.link,
                "meeting": meeting,
                "back": back,
                "letter_url": letter_url(meeting),
            },
        )
        add_never_cache_headers(response)  # the link is shown once: never kept by a browser or proxy
        return response
    days = policy_for(meeting.child.partnership_id).timescales.views_link_days
    return pages.form_page(
        request, meeting, form, ASK, done=back, back=back, caption=str(meeting), meeting=meeting, days=days
    )


WITHDRAW = pages.FormPage(
    title="Withdraw this link",
    submit="Withdraw the link",
    saved="Link withdrawn. It no longer works.",
    audit_detail="withdraw a views link",
    intro_template="family/voice/withdraw_intro.html",
)


@GET_POST
def withdraw_link(request: HttpRequest, link_id: Any) -> HttpResponse:
    link = access.link_for(request.user, link_id, access.WITHDRAW)
    back = meeting_url(link.meeting)
    form = WithdrawForm(request.POST or None, initial={"version": link.version})
    return pages.form_page(request, link, form, WITHDRAW, done=back, back=back, caption=str(link.meeting), link=link)
