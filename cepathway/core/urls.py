from django.urls import path

from . import audit_views, views

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("health", views.health, name="health"),
    path("audit/", audit_views.search, name="audit-search"),
    path("audit/download", audit_views.download, name="audit-download"),
]
