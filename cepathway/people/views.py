from django.http import HttpResponse
from django.shortcuts import render

from cepathway.core.permissions import require

from .models import ApiToken
from .types import AuthedRequest


def api_token(request: AuthedRequest) -> HttpResponse:
    """Issue a bearer token for the JSON API. The token is shown once and only its hash is kept."""
    require(request.user, "people.issue_api_token")
    key = None
    if request.method == "POST":
        _, key = ApiToken.issue(request.user, name="Issued from the web")
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    return render(request, "people/api_token.html", {"key": key, "tokens": tokens})
