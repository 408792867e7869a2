from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import account, two_factor_views, views

urlpatterns = [
    path("sign-in", login_not_required(two_factor_views.SignIn.as_view()), name="login"),
    path("sign-in/code", two_factor_views.code, name="two-factor-code"),
    path("sign-out", auth_views.LogoutView.as_view(), name="logout"),
    path("", account.account, name="account"),
    path("password", account.PasswordChange.as_view(), name="password-change"),
    path("api-tokens", account.api_tokens, name="api-token"),
    path("sign-out-everywhere", account.sign_out_everywhere, name="sign-out-everywhere"),
    path("keep-alive", account.keep_alive, name="session-keep-alive"),
    path("two-factor", two_factor_views.overview, name="two-factor"),
    path("two-factor/set-up", two_factor_views.setup, name="two-factor-setup"),
    path("two-factor/recovery-codes", two_factor_views.recovery_codes, name="two-factor-recovery-codes"),
    path(
        "two-factor/recovery-codes.txt",
        two_factor_views.recovery_codes_download,
        name="two-factor-recovery-codes-download",
    ),
    path("two-factor/turn-off", two_factor_views.remove, name="two-factor-remove"),
    path("people", account.accounts, name="people-accounts"),
    path("people/<uuid:pk>/reset-password", account.reset_password, name="password-reset"),
    path("people/<uuid:pk>/reset-two-factor", two_factor_views.reset, name="two-factor-reset"),
    path("people/search", views.people_search, name="people-search"),
    path("sign-in-locks", views.sign_in_locks, name="sign-in-locks"),
]
