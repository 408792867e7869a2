from django.urls import path

from . import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("<uuid:pk>", views.child_detail, name="detail"),
    path("<uuid:pk>/chronology", views.child_chronology, name="chronology"),
    path("<uuid:pk>/allocation", views.child_edit, name="edit"),
]
