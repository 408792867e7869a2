"""Emails from templates: one place that renders and sends what the service tells people.

A message is three templates named from one stem: `<stem>_subject.txt` (one line), `<stem>.txt`
(the body) and, where it helps, `<stem>.html`. Every message gets `service_name` and `base_url` in
its context. A message goes into the outbox (cepathway/core/outbox.py) in the caller's transaction, so a
change rolled back never sends anything and a saved one never loses its message; a worker sends it.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from . import outbox
from .models import OutgoingEmail


def base_url() -> str:
    """The service's address, for links in emails."""
    return str(settings.CEPATHWAY_BASE_URL).rstrip("/")


def render(stem: str, context: dict[str, Any]) -> tuple[str, str, str | None]:
    """The subject, text body and HTML body (None when the message has no HTML template)."""
    context = {"service_name": settings.CEPATHWAY_SERVICE_NAME, "base_url": base_url(), **context}
    subject = " ".join(render_to_string(f"{stem}_subject.txt", context).split())
    text = render_to_string(f"{stem}.txt", context)
    try:
        html: str | None = render_to_string(f"{stem}.html", context)
    except TemplateDoesNotExist:
        html = None
    return subject, text, html


def send(
    stem: str,
    context: dict[str, Any],
    to: list[str],
    *,
    about: Iterable[tuple[models.Model, str]] = (),
    on_sent: str = "",
    by: Any = None,
) -> OutgoingEmail | None:
    """Render the message and put it in the outbox, to be sent once the transaction commits.

    `about` names the records the message is about, each with the audit entry's words, written
    when (and only when) it is sent; `on_sent` is a function's dotted path, called with the message
    then, to record on the record that it was sent. None when there is nobody to send to.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return None
    subject, text, html = render(stem, context)
    return outbox.queue(
        stem=stem, subject=subject, text=text, html=html, to=recipients, about=about, on_sent=on_sent, by=by
    )
