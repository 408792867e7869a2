"""The family pages (mounted at /family/), one part a module group."""

from .guide.urls import urlpatterns as guide
from .letters.urls import urlpatterns as letters
from .voice.urls import urlpatterns as voice

app_name = "family"

urlpatterns: list = [*voice, *guide, *letters]
