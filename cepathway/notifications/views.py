from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cepathway.core import audit
from cepathway.core.scoping import visible_to
from cepathway.ui.listing import Sort, read_listing

from .models import Notification
from .services import mark_read

# Newest first rather than unread first, so that marking a page read does not move the rest.
SORTS = (Sort("newest", "Date", ("-created_at",)),)


def notification_list(request: HttpRequest) -> HttpResponse:
    """All of the person's own notifications, newest first, a page at a time; those shown are read."""
    listing = read_listing(request, sorts=SORTS, default="newest")
    listing.paginate(visible_to(request.user, Notification))
    notifications = listing.rows
    audit.listed(request.user, Notification, detail=f"notifications, from {listing.start}")
    mark_read(request.user, notifications)
    return render(
        request, "notifications/list.html", {"listing": listing, "notifications": notifications}, status=listing.status
    )
