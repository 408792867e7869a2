from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cepathway.core import audit
from cepathway.core.scoping import visible_to

from .models import Notification
from .services import mark_read

PER_PAGE = 25


def notification_list(request: HttpRequest) -> HttpResponse:
    """All of the person's own notifications, newest first, a page at a time; those shown are read.
    (Newest first rather than unread first, so that marking a page read does not move the rest.)"""
    rows = visible_to(request.user, Notification).order_by("-created_at", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    notifications = list(page.object_list)
    audit.listed(request.user, Notification, detail=f"notifications, page {page.number}")
    mark_read(request.user, notifications)
    context = {"page": page, "notifications": notifications, "pages": page.paginator.get_elided_page_range(page.number)}
    return render(request, "notifications/list.html", context)
