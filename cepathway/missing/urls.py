"""The missing pages (mounted at /missing/)."""

from django.urls import path

from . import views

app_name = "missing"

urlpatterns = [
    path("child/<uuid:child_pk>", views.history, name="history"),
    path("child/<uuid:child_pk>/new", views.record_episode, name="record-episode"),
    path("child/<uuid:child_pk>/consider", views.consider, name="consider"),
    path("episodes/<uuid:pk>", views.correct_episode, name="episode"),
    path("episodes/<uuid:pk>/return", views.record_return, name="record-return"),
    path("interviews/", views.interview_list, name="interviews"),
    path("interviews/<uuid:pk>", views.interview, name="interview"),
]
