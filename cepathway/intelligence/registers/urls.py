"""This part's pages; cepathway/intelligence/urls.py gathers every part's."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("registers/", views.registers_home, name="registers"),
    path("registers/<str:kind>/", views.register_list, name="register-list"),
    path("registers/<str:kind>/new", views.record_new, name="register-new"),
    path("registers/<str:kind>/<uuid:pk>/", views.record_page, name="register-record"),
    path("registers/<str:kind>/<uuid:pk>/edit", views.record_edit, name="register-edit"),
    path("registers/<str:kind>/<uuid:pk>/status", views.record_status, name="register-status"),
    path("registers/<str:kind>/<uuid:pk>/merge", views.record_merge, name="register-merge"),
    path("registers/<str:kind>/<uuid:pk>/disruption", views.disruption_new, name="disruption-new"),
    path("merges/<uuid:pk>/undo", views.merge_undo, name="merge-undo"),
    path("disruption-tactics/", views.tactic_list, name="disruption-tactics"),
    path("disruption-tactics/new", views.tactic_new, name="disruption-tactic-new"),
    path("disruption-tactics/<uuid:pk>", views.tactic_edit, name="disruption-tactic-edit"),
    path("match/<str:kind>/<uuid:pk>/", views.match_item, name="match-item"),
    path("match/<str:kind>/<uuid:pk>/new-record", views.match_create, name="match-create"),
    path("network/<str:kind>/<uuid:pk>/", views.network_page, name="network"),
]
