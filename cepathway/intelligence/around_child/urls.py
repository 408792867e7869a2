"""This part's pages; cepathway/intelligence/urls.py gathers every part's."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("children/<uuid:child_id>/sharing", views.sharing_list, name="sharing"),
    path("children/<uuid:child_id>/sharing/new", views.sharing_new, name="sharing-new"),
    path("sharing/<uuid:pk>/change", views.sharing_change, name="sharing-change"),
    path("sharing/<uuid:pk>/withdraw", views.sharing_withdraw, name="sharing-withdraw"),
]
