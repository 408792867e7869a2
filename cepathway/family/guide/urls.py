from django.urls import path

from . import views

urlpatterns = [
    path("guide/", views.guide_index, name="guide-index"),
    path("guide/<slug:code>/", views.guide, name="guide"),
]
