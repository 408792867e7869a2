"""The JSON API: one NinjaAPI assembled from each app's router. OpenAPI docs at /api/docs.

Operations are authenticated by bearer token (see cepathway.people.models.ApiToken) and are
subject to the same permissions, scope and audit as the pages. The docs need a signed-in session.

Every 4xx the API gives, whoever raised it (django-ninja, a form, a service, scoping, Django's
request parsing, the URL resolver), has one shape: `ErrorOut`, `{"detail": ..., "errors": {...}}`
(docs/api.md). The handlers below are the only place that shape is made.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError, ValidationErrorContext
from ninja.security import HttpBearer

from cepathway.core import audit
from cepathway.core.api_support import ERRORS, WHOLE_REQUEST, FormInvalid, caller_field, error_body, errors_by_field
from cepathway.core.errors import RuleError
from cepathway.core.models import StaleRecordError
from cepathway.people.models import ApiToken


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.user_for(token)
        if user is None:
            return None
        request.user = user
        request.audit_channel = "api"  # type: ignore[attr-defined]
        return user


class PathwayAPI(NinjaAPI):
    """django-ninja's API, naming each validation error by what the caller sent, and describing each
    error response in the OpenAPI document by what it means here (`ERRORS`)."""

    def validation_error_from_error_contexts(self, error_contexts: list[ValidationErrorContext]) -> ValidationError:
        errors = []
        for context in error_contexts:
            single_body = getattr(context.model, "__read_from_single_attr__", None)
            for error in super().validation_error_from_error_contexts([context]).errors:
                error["field"] = caller_field(context.model, error["loc"][1:], single_body=single_body)
                errors.append(error)
        return ValidationError(errors)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) in ERRORS:
                        response["description"] = ERRORS[int(status)]
        return schema


api = PathwayAPI(
    title="CE pathway API",
    version="1",
    description="Child exploitation pathway: referrals, triage, meetings. Bearer token required. "
    "Every error answers {detail, errors}: see docs/api.md.",
    auth=ApiTokenAuth(),
    docs_decorator=login_required,
    urls_namespace="api",
)


logger = logging.getLogger("cepathway.api")
SERVER_ERROR = (
    "Something went wrong on our side and it has been logged. Try again later; if it happens again, "
    "tell your service desk."
)


def refuse(request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    return api.create_response(request, error_body(detail, errors), status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = refuse(request, 401, "Send a valid API token: Authorization: Bearer <token>.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    audit.refused(None)
    return refuse(request, 403, ERRORS[403])


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The same words for a record that does not exist and one the caller may not see."""
    return refuse(request, 404, ERRORS[404])


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return refuse(request, 422, ERRORS[422].replace("`", ""), errors_by_field(exc.errors))


@api.exception_handler(FormInvalid)
def invalid(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
    return refuse(request, 422, ERRORS[422].replace("`", ""), exc.errors)


@api.exception_handler(RuleError)
def refused(request: HttpRequest, exc: RuleError) -> HttpResponse:
    """Any service's refusal: the field it names, or the request as a whole."""
    return refuse(request, exc.status, exc.message, {exc.field or WHOLE_REQUEST: [exc.message]})


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unexpected: logged with its traceback and signalled as Django signals a page's error
    (so error reporting and the test client still see it), answered in the API's JSON shape rather
    than Django's HTML 500 page."""
    logger.error("API %s %s failed", request.method, request.path, exc_info=exc)
    got_request_exception.send(sender=type(exc), request=request)
    return refuse(request, 500, SERVER_ERROR)


@api.exception_handler(StaleRecordError)
def stale(request: HttpRequest, exc: Exception) -> HttpResponse:
    said = str(exc)
    return refuse(request, 409, f"{said[:1].upper()}{said[1:]} Nothing was saved: read it again and send its version.")


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE (else a 400 page, or in DEBUG a 500)."""
    return refuse(request, 413, ERRORS[413])


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals. A body that is not JSON is a request with errors (422), like any
    other body django-ninja cannot validate, rather than its bare 400."""
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        message = "The request body is not valid JSON."
        return refuse(request, 422, message, {WHOLE_REQUEST: [message]})
    return refuse(request, exc.status_code, str(exc))


def _mount() -> None:
    from cepathway.children.api import router as children_router
    from cepathway.complaints.api import router as complaints_router
    from cepathway.core.api import router as audit_router
    from cepathway.family.api import router as family_router
    from cepathway.intelligence.api import router as intelligence_router
    from cepathway.meetings.api import router as meetings_router
    from cepathway.missing.api import router as missing_router
    from cepathway.nrm.api import router as nrm_router
    from cepathway.people.api import directory
    from cepathway.people.api import router as people_router
    from cepathway.referrals.api import router as referrals_router
    from cepathway.training.api import router as training_router

    api.add_router("/me", people_router)
    api.add_router("/people", directory)
    api.add_router("/children", children_router)
    api.add_router("/referrals", referrals_router)
    api.add_router("/meetings", meetings_router)
    api.add_router("/intelligence", intelligence_router)
    api.add_router("/missing", missing_router)
    api.add_router("/nrm", nrm_router)
    api.add_router("/family", family_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/training", training_router)
    api.add_router("/audit", audit_router)


_mount()


# --- URL patterns -------------------------------------------------------------------------------


@csrf_exempt
@login_not_required
def no_such_address(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Any address under /api/ that no operation answers (a malformed id included): a JSON 404 in the
    API's shape, the same for everyone, signed in or not, so it tells nobody anything."""
    return refuse(request, 404, "No such address in this API: see /api/docs.")


def json_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja answers a method a path does not have with a plain-text 405; say it in our shape
    (the Allow header stays)."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        detail = f"This address does not answer {request.method}; it answers {allowed}."
        json_405 = refuse(request, 405, detail)
        json_405["Allow"] = allowed
        return json_405

    return answer


def api_urlpatterns() -> Any:
    """The API's URL patterns. Operations answer 401 themselves instead of redirecting to sign in, and
    a method a path does not answer is a JSON 405. The API's root and every address under /api/ that
    nothing else answers are a JSON 404 (`no_such_address`), so the API never answers with a page."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if not isinstance(pattern, URLPattern) or pattern.name in {"openapi-json", "openapi-view"}:
            continue
        if pattern.name == "api-root":  # kept, for django-ninja reverses it to find the API's address
            pattern.callback = no_such_address
        else:
            pattern.callback = json_not_allowed(pattern.callback)
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    # [\s\S]: an address with a newline in it (%0A) is under /api/ too, not the site's HTML 404 page.
    # (Not the (?s) flag: Django cannot reverse a pattern with it, and every page's links would fail.)
    return [*patterns, re_path(r"^[\s\S]*$", no_such_address, name="no-such-address")], app_name, namespace
