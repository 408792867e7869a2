"""A letter as a tagged PDF (PDF/UA-1), made with WeasyPrint from the letter's own HTML.

Tagged, so a screen reader reads it in order with its headings; with the letter's title as the
document title and British English as its language. WeasyPrint fetches nothing: a letter's HTML
carries its own styles, and every other address is refused. The PDF is written uncompressed (a
letter is a few kilobytes either way), so its structure can be checked by reading its bytes.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

LANGUAGE = "en-GB"


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"A letter's PDF fetches nothing ({url[:40]})")


def pdf_bytes(html: str) -> bytes:
    import weasyprint  # imported here: it is slow to load, and only letters need it

    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch, base_url=None)
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True))


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    html = render_to_string(template, {**context, "language": LANGUAGE}, request=request)
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
