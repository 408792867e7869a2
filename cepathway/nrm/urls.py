"""The nrm pages (mounted at /nrm/)."""

from django.urls import URLPattern, path

from . import views

app_name = "nrm"

urlpatterns: list[URLPattern] = [
    path("children/<uuid:pk>", views.child_referrals, name="child"),
    path("children/<uuid:pk>/new", views.record_referral, name="record"),
    path("referrals/<uuid:pk>/decisions", views.record_decisions, name="decisions"),
    path("referrals/<uuid:pk>/guardian", views.record_guardian, name="guardian"),
    path("referrals/<uuid:pk>/outcome", views.record_outcome, name="outcome"),
    path("awaited", views.overdue, name="overdue"),
]
