"""The family letters: produced by those who may see a meeting's family summary, from its page.

Producing a letter as a page is audited as a view of the child's record, and as a PDF as a download
(a copy that leaves the service). Nothing is saved.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cepathway.core import audit
from cepathway.meetings import access
from cepathway.meetings.models import Meeting

from ..models import ViewsLink, token_hash
from . import content
from .forms import FORMATS, InvitationLetterForm
from .pdf import pdf_response

PERMISSION = "meetings.view_family_summary"
UNVERIFIED = (
    "This views link cannot go in a letter. It may have been used, withdrawn or run out, or it may be for "
    "another meeting. Make a new link for this meeting, or make the letter without a link."
)


def _meeting(request: HttpRequest, meeting_id: Any) -> Meeting:
    return access.meeting_for(request.user, meeting_id, PERMISSION)


def _format(request: HttpRequest) -> str:
    wanted = (request.POST if request.method == "POST" else request.GET).get("format", "html")
    return wanted if wanted in FORMATS else "html"


@require_http_methods(["GET", "POST"])
def invitation_letter(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    """GET: who the letter is for. POST: the letter, as a page or a PDF (`format`).

    A POST with a `token` (from the page that issued a views link) makes the letter for the link's
    person, with the link in it, only when the token is a usable link for this meeting; any other
    token is refused and no letter is made. Without a token the letter is for the person typed, and
    says how else to send views.
    """
    meeting = _meeting(request, meeting_id)
    back = reverse("meetings:detail", args=[meeting.pk])
    context: dict[str, Any] = {"meeting": meeting, "child": meeting.child, "back": back}
    if not meeting.is_scheduled:
        audit.viewed(request.user, meeting, detail="family letter: invitation (meeting not coming up)")
        return render(
            request,
            "family/letters/invitation_form.html",
            {**context, "not_coming_up": True},
            status=409 if request.method == "POST" else 200,
        )
    token = request.POST.get("token", "").strip() if request.method == "POST" else ""
    if token:
        link = (
            ViewsLink.objects.visible_to(request.user)
            .usable()
            .filter(token_hash=token_hash(token), meeting=meeting)
            .first()
        )
        if link is None:
            audit.viewed(request.user, meeting, detail="family letter: invitation refused (views link not usable)")
            return render(request, "family/letters/refused.html", {**context, "reason": UNVERIFIED}, status=400)
        letter = content.invitation_letter(
            meeting, to_name=link.first_name, voice_of=link.voice_of, link=link, token=token
        )
    else:
        form = InvitationLetterForm(request.POST if request.method == "POST" else None)
        if request.method != "POST" or not form.is_valid():
            audit.viewed(request.user, meeting, detail="family letter: invitation (who it is for)")
            return render(request, "family/letters/invitation_form.html", {**context, "form": form})
        letter = content.invitation_letter(
            meeting, to_name=form.cleaned_data["first_name"], voice_of=form.cleaned_data["voice_of"]
        )
    fields = {"first_name": letter.to_name, "voice_of": "child" if letter.to_child else "parent_carer"}
    if _format(request) == "pdf":
        audit.downloaded(request.user, meeting, detail="family letter: invitation (PDF)")
        filename = content.letter_filename("invitation", meeting)
        return pdf_response(request, "family/letters/invitation_pdf.html", {"letter": letter}, filename)
    audit.viewed(request.user, meeting, detail="family letter: invitation")
    return render(
        request,
        "family/letters/invitation.html",
        {**context, "letter": letter, "token": token if letter.views_link else "", "fields": fields},
    )


@require_GET
def outcome_letter(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    letter = content.outcome_letter(meeting)
    audit.viewed(request.user, meeting, detail="family letter: outcome summary")
    back = reverse("meetings:detail", args=[meeting.pk])
    return render(request, "family/letters/outcome.html", {"letter": letter, "meeting": meeting, "back": back})


@require_GET
def outcome_letter_pdf(request: HttpRequest, meeting_id: Any) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    letter = content.outcome_letter(meeting)
    audit.downloaded(request.user, meeting, detail="family letter: outcome summary (PDF)")
    filename = content.letter_filename("outcome", meeting)
    return pdf_response(request, "family/letters/outcome_pdf.html", {"letter": letter}, filename)
