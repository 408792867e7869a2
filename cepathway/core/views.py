from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import work


def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "core/my_work.html", {"panels": work.panels_for(request)})


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
