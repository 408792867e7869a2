"""Emails from templates: one place that renders and sends what the service tells people.

A message is three templates named from one stem: `<stem>_subject.txt` (one line), `<stem>.txt`
(the body) and, where it helps, `<stem>.html`. Every message gets `service_name` and `base_url` in
its context. Sending waits for the surrounding transaction to commit, so a change rolled back never
sends anything.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


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


def send(stem: str, context: dict[str, Any], to: list[str], *, on_commit: bool = True) -> None:
    """Render the message and send it to `to` once the transaction commits (at once without one)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject, text, html = render(stem, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    if html is not None:
        message.attach_alternative(html, "text/html")
    if on_commit:
        transaction.on_commit(lambda: message.send(fail_silently=False))
    else:
        message.send(fail_silently=False)
