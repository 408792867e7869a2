from django.urls import path

from . import audit_views, outbox_views, views

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("health", views.health, name="health"),
    path("audit/", audit_views.search, name="audit-search"),
    path("audit/download", audit_views.download, name="audit-download"),
    path("outgoing-email/", outbox_views.outgoing_email, name="outgoing-email"),
    path("outgoing-email/<uuid:message_id>/try-again", outbox_views.try_again, name="outgoing-email-retry"),
]
