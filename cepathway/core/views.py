import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import work

logger = logging.getLogger("cepathway.health")


def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "core/my_work.html", {"panels": work.panels_for(request)})


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer or monitor: 200 when this process can reach its database, else 503. It
    says nothing else about the service and needs no sign-in."""
    checks = {"database": _database_answers()}
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def _database_answers() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return "unavailable"
    return "ok"
