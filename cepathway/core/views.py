import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from . import outbox, work

logger = logging.getLogger("cepathway.health")


def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "core/my_work.html", {"panels": work.panels_for(request)})


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer or monitor: 200 when this process can reach its database and the
    background queue is being worked, else 503. It says nothing else about the service and needs
    no sign-in."""
    checks = {"database": _database_answers()}
    if checks["database"] == "ok":
        checks["queue"] = _queue_moves()
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


def _queue_moves() -> str:
    """ "ok" unless a task due has waited longer than CEPATHWAY_HEALTH_QUEUE_MAX_AGE (no worker runs)."""
    oldest = outbox.oldest_waiting_task()
    if oldest is None:
        return "ok"
    waited = (timezone.now() - oldest).total_seconds()
    if waited > settings.CEPATHWAY_HEALTH_QUEUE_MAX_AGE:
        logger.error("Health check: a task has waited %d s for a worker", waited)
        return "stalled"
    return "ok"
