"""The JSON API: one NinjaAPI assembled from each app's router. OpenAPI docs at /api/docs.

Operations are authenticated by bearer token (see cepathway.people.models.ApiToken) and are
subject to the same permissions, scope and audit as the pages. The docs need a signed-in session.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.security import HttpBearer

from cepathway.core.api_support import FormInvalid, error_body
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


api = NinjaAPI(
    title="CE pathway API",
    version="1",
    description="Child exploitation pathway: referrals, triage, meetings. Bearer token required.",
    auth=ApiTokenAuth(),
    docs_decorator=login_required,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body("Your role may not do this."), status=403)


@api.exception_handler(FormInvalid)
def invalid(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
    return api.create_response(request, error_body("The request has errors.", exc.errors), status=422)


@api.exception_handler(RuleError)
def refused(request: HttpRequest, exc: RuleError) -> HttpResponse:
    """Any service's refusal: the field it names, or the request as a whole."""
    return api.create_response(
        request, error_body(exc.message, {exc.field or "__all__": [exc.message]}), status=exc.status
    )


@api.exception_handler(StaleRecordError)
def stale(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body(str(exc)), status=409)


def _mount() -> None:
    from cepathway.children.api import router as children_router
    from cepathway.core.api import router as audit_router
    from cepathway.meetings.api import router as meetings_router
    from cepathway.people.api import router as people_router
    from cepathway.referrals.api import router as referrals_router

    api.add_router("/me", people_router)
    api.add_router("/children", children_router)
    api.add_router("/referrals", referrals_router)
    api.add_router("/meetings", meetings_router)
    api.add_router("/audit", audit_router)


_mount()


def api_urlpatterns() -> Any:
    """The API's URL patterns; operations answer 401 themselves instead of redirecting to login."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in {"api-root", "openapi-json", "openapi-view"}:
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns, app_name, namespace
