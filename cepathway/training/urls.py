"""The training pages (mounted at /training/)."""

from django.urls import URLPattern, path

from . import views

app_name = "training"

urlpatterns: list[URLPattern] = [
    path("", views.my_training, name="mine"),
    path("mine/new", views.record_mine, name="record-mine"),
    path("records/<uuid:pk>", views.correct_record, name="record"),
    path("partnership", views.overview, name="overview"),
    path("partnership/agencies/<uuid:pk>", views.agency_people, name="agency"),
    path("partnership/people/<uuid:pk>", views.person_training, name="person"),
    path("partnership/people/<uuid:pk>/new", views.record_for_person, name="record-for-person"),
    path("champions/", views.champions, name="champions"),
    path("champions/new", views.appoint_champion, name="champion-new"),
    path("champions/<uuid:pk>", views.change_champion, name="champion"),
]
