from django.urls import path

from . import checklist_views, views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new", views.new_contact, name="new"),
    path("<uuid:pk>", views.referral_detail, name="detail"),
    path("<uuid:pk>/hub-assessment", views.hub_assessment, name="hub-assessment"),
    path("<uuid:pk>/consultation", views.record_consultation, name="consultation"),
    path("<uuid:pk>/decision", views.decide, name="decide"),
    path("consultation-request/<uuid:child_pk>", views.request_consultation, name="request-consultation"),
    path("checklist/", checklist_views.checklist_index, name="checklist"),
    path("checklist/indicators/new", checklist_views.indicator_edit, name="indicator-new"),
    path("checklist/indicators/<uuid:pk>", checklist_views.indicator_edit, name="indicator-edit"),
    path("checklist/protective-factors/new", checklist_views.protective_edit, name="protective-new"),
    path("checklist/protective-factors/<uuid:pk>", checklist_views.protective_edit, name="protective-edit"),
    path("checklist/modifiers/<uuid:pk>", checklist_views.modifier_edit, name="modifier-edit"),
]
