from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("", views.current, name="current"),
    path("change", views.edit, name="edit"),
    path("history", views.history, name="history"),
    path("versions/<uuid:pk>", views.version_detail, name="version"),
]
