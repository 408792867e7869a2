"""Typing help: behind LoginRequiredMiddleware and token auth, a request's user is one of ours."""

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]
