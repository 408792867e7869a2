"""The complaints pages (mounted at /complaints/)."""

from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("children/<uuid:child_id>/", views.child_complaints, name="child"),
    path("children/<uuid:child_id>/new", views.record, name="new"),
    path("<uuid:pk>/", views.complaint_detail, name="detail"),
    path("<uuid:pk>/acknowledge", views.acknowledge, name="acknowledge"),
    path("<uuid:pk>/respond", views.respond, name="respond"),
    path("<uuid:pk>/escalate", views.escalate, name="escalate"),
    path("<uuid:pk>/close", views.close, name="close"),
]
