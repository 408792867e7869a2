from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import account, views

urlpatterns = [
    path("sign-in", login_not_required(auth_views.LoginView.as_view(template_name="people/login.html")), name="login"),
    path("sign-out", auth_views.LogoutView.as_view(), name="logout"),
    path("", account.account, name="account"),
    path("password", account.PasswordChange.as_view(), name="password-change"),
    path("api-tokens", account.api_tokens, name="api-token"),
    path("sign-out-everywhere", account.sign_out_everywhere, name="sign-out-everywhere"),
    path("keep-alive", account.keep_alive, name="session-keep-alive"),
    path("people", account.accounts, name="people-accounts"),
    path("people/<uuid:pk>/reset-password", account.reset_password, name="password-reset"),
    path("people/search", views.people_search, name="people-search"),
    path("sign-in-locks", views.sign_in_locks, name="sign-in-locks"),
]
