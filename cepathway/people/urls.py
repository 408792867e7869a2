from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

urlpatterns = [
    path("sign-in", login_not_required(auth_views.LoginView.as_view(template_name="people/login.html")), name="login"),
    path("sign-out", auth_views.LogoutView.as_view(), name="logout"),
    path("api-token", views.api_token, name="api-token"),
    path("people/search", views.people_search, name="people-search"),
    path("sign-in-locks", views.sign_in_locks, name="sign-in-locks"),
]
