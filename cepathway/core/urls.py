from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("health", views.health, name="health"),
]
