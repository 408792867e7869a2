"""This part's pages; cepathway/intelligence/urls.py gathers every part's."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.intelligence_home, name="home"),
    path("submit", views.submit_information, name="submit"),
    path("submissions/mine", views.my_submissions, name="my-submissions"),
    path("submissions/<uuid:pk>", views.submission_detail, name="submission"),
    path("submissions/<uuid:pk>/sent", views.submission_sent, name="submission-sent"),
    path("submissions/waiting", views.triage_queue, name="triage-queue"),
    path("submissions/<uuid:pk>/grading", views.triage, name="triage"),
    path("named/<uuid:pk>/child", views.link_child, name="subject-child"),
]
