"""The family pages (mounted at /family/), one part a module group."""

from .voice.urls import urlpatterns as voice

app_name = "family"

urlpatterns: list = [*voice]
