"""This part's pages; cepathway/intelligence/urls.py gathers every part's."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
