"""Two guards every request passes (after static files, which never reach them):

- `PrivateResponses`: nothing this service answers may be kept by a browser or a proxy (a shared
  computer's back button, a proxy's cache), and the browser is told no page needs its camera,
  microphone or location.
- `RefuseUnreadableText`: text no person could have typed and the database cannot store (a NUL
  character, half of a UTF-16 surrogate pair) is refused in one place, before any view reads it, with
  a clear message: a 400 page, or the API's 422 shape. What is left is put in one written form
  (`core.text.normalise`: Unicode NFC, no invisible formatting or control characters) before any
  view, form or search reads it, so a name is stored, searched and matched as it looks: "Jo\u200bhn"
  is "John". core/text.py says why this is the one place, rather than a field type for names.
"""

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .api_support import ERRORS, WHOLE_REQUEST, error_body
from .text import needs_normalising, normalise

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
UNREADABLE = (
    "Some of what was sent contains characters that cannot be typed or stored (an invisible control "
    "character or a broken symbol). Remove them and try again."
)


class PrivateResponses:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


_UNREADABLE = re.compile("[\x00\ud800-\udfff]")


def is_unreadable(text: str) -> bool:
    return _UNREADABLE.search(text) is not None


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _sent_text(request: HttpRequest) -> Iterable[str]:
    yield request.path
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.content_type == "application/json":
        try:
            yield from _strings(json.loads(request.body or b"null"))
        except (ValueError, RequestDataTooBig):
            return  # the API says what is wrong with a body it cannot read, or that is too large
    else:
        try:
            for key, values in request.POST.lists():
                yield key
                yield from values
        except RequestDataTooBig:
            return


class RefuseUnreadableText:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(is_unreadable(text) for text in _sent_text(request)):
            return self.refuse(request)
        normalise_request(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            body = error_body(ERRORS[422].replace("`", ""), {WHOLE_REQUEST: [UNREADABLE]})
            return JsonResponse(body, status=422)
        return render(request, "core/unreadable_text.html", {"message": UNREADABLE}, status=400)


def normalise_request(request: HttpRequest) -> None:
    """Put every text the request sends (its query, form fields or JSON body) in `text.normalise`'s
    form, replacing only what needs it. Called after the unreadable text is refused, so the body,
    when there is one, has been read and is neither too large nor unreadable."""
    query = _normalised_query(request.GET)
    if query is not None:
        request.GET = query  # type: ignore[assignment]  # an immutable QueryDict, as Django makes
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.content_type == "application/json":
        _normalise_json_body(request)
        return
    try:
        form = _normalised_query(request.POST)
    except RequestDataTooBig:
        return
    if form is not None:
        request.POST = form  # type: ignore[assignment]  # WSGIRequest and ASGIRequest both accept this


def _normalised_query(query: QueryDict) -> QueryDict | None:
    """A copy of `query` with its keys and values normalised; None when nothing needed it."""
    if not any(needs_normalising(text) for key, values in query.lists() for text in (key, *values)):
        return None
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(normalise(key), [normalise(value) for value in values])
    copy._mutable = False
    return copy


def _normalised_json(value: Any) -> Any:
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, dict):
        return {normalise(key): _normalised_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised_json(item) for item in value]
    return value


def _normalise_json_body(request: HttpRequest) -> None:
    """The body django-ninja will read, with its strings normalised (numbers and the rest as sent)."""
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, RequestDataTooBig):
        return
    if any(needs_normalising(text) for text in _strings(body)):
        request._body = json.dumps(_normalised_json(body), ensure_ascii=False).encode()
