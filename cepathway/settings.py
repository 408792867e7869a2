"""One settings module, driven by the environment.

Defaults suit a developer's machine: an SQLite file under var/, console email, DEBUG on.
Production sets DJANGO_SECRET_KEY, DJANGO_DEBUG=0, DJANGO_ALLOWED_HOSTS and DATABASE_URL
(postgres://...), which switches the database to PostgreSQL through psycopg 3.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CEPATHWAY_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - refused above outside DEBUG

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",  # two-factor: authenticator apps (cepathway/people/two_factor.py)
    "django_otp.plugins.otp_static",  # two-factor: single-use recovery codes
    "cepathway.ui",
    "ninja",  # after cepathway.ui, whose templates override its API docs page
    "cepathway.core",
    "cepathway.people",
    "cepathway.notifications",
    "cepathway.children",
    "cepathway.policy",
    "cepathway.referrals",
    "cepathway.meetings",
    "cepathway.intelligence",
    "cepathway.missing",
    "cepathway.nrm",
    "cepathway.family",
    "cepathway.complaints",
    "cepathway.training",
    "cepathway.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below static files: no answer is cached; text no one could type is refused (cepathway/core/request_guards.py).
    "cepathway.core.request_guards.PrivateResponses",
    # Content-Security-Policy (django-csp; CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cepathway.core.audit.RequestContextMiddleware",
    "cepathway.core.request_guards.RefuseUnreadableText",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, signing out everywhere, a password that must be changed.
    "cepathway.people.sessions.SessionLimits",
    # A second factor: asked of whoever set one up; set up first by the roles that must (two_factor.py).
    "cepathway.people.two_factor.TwoFactorRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
# Benchmarks only (bench/, cepathway/core/timing.py): Server-Timing on every response and the /bench/floor/ page.
CEPATHWAY_SERVER_TIMING = env_flag("CEPATHWAY_SERVER_TIMING", False)
if CEPATHWAY_SERVER_TIMING:
    MIDDLEWARE.insert(0, "cepathway.core.timing.ServerTimingMiddleware")

ROOT_URLCONF = "cepathway.urls"
WSGI_APPLICATION = "cepathway.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cepathway.ui.context_processors.ui",
            ],
        },
    }
]
FORM_RENDERER = "cepathway.ui.forms.GovukFormRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'cepathway.sqlite3'}",
        conn_max_age=60,
        # A connection kept between requests is checked before reuse, so the first requests after a
        # database restart reconnect instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DATABASES["default"].setdefault("TEST", {})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account or address before any password is checked (cepathway/people/sign_in.py).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Signs in as ModelBackend does; grants nothing from Django's permission tables (see the module).
    "cepathway.core.auth_backends.PasswordBackend",
]
# Repeated failed sign-ins (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row the account,
# and separately the address they came from, are locked for AXES_COOLOFF_TIME; the partnership
# administrator can lift a lock at once (Sign-in locks). A success clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("CEPATHWAY_SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CEPATHWAY_SIGN_IN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "people/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "cepathway.core.audit.client_address"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in our own audit log
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-work"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
# An absolute limit from sign-in (cepathway/people/sessions.py), whatever the person does meanwhile.
SESSION_COOKIE_AGE = 8 * 60 * 60
# Signed out after this many minutes without a request (warned CEPATHWAY_IDLE_WARNING_SECONDS before).
CEPATHWAY_IDLE_MINUTES = float(os.environ.get("CEPATHWAY_IDLE_MINUTES", "30"))
CEPATHWAY_IDLE_WARNING_SECONDS = int(os.environ.get("CEPATHWAY_IDLE_WARNING_SECONDS", "120"))
# API tokens expire this many days after they are issued; a person holds at most this many at once.
CEPATHWAY_API_TOKEN_DAYS = int(os.environ.get("CEPATHWAY_API_TOKEN_DAYS", "90"))
CEPATHWAY_API_TOKEN_LIMIT = int(os.environ.get("CEPATHWAY_API_TOKEN_LIMIT", "5"))
# Two-factor authentication is required of the roles that see partnership-wide records
# (cepathway/people/two_factor.py, REQUIRED_FOR_ROLES). Off by default with DEBUG (the demo, `make run`),
# on in production; anyone may turn it on for themselves either way.
CEPATHWAY_TWO_FACTOR_REQUIRED = env_flag("CEPATHWAY_TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("CEPATHWAY_SERVICE_NAME", "Child Exploitation Pathway")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Outside a developer's machine the service is served over HTTPS only: browsers are told to remember it.
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Harmless on a subdomain; on a domain of its own it consents to the browsers' preload list (docs/deployment.md).
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
# Plain HTTP is redirected to HTTPS, except /health for a load balancer's checks. Behind the reverse
# proxy (docs/deployment.md), which must set, never pass on, this header, Django learns the request
# came over HTTPS from it; empty to trust no header (when Django itself, or gunicorn, sees the TLS).
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health$"]
_PROXY_SSL_HEADER = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "" if DEBUG else "X-Forwarded-Proto")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
# Content-Security-Policy: only this service's own files, and no inline script or style anywhere
# (templates carry none; docs/deployment.md). A page that truly needs an inline script gives it
# nonce="{{ request.csp_nonce }}" and adds csp.constants.NONCE to script-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "ce-pathway@example.invalid")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", False)
# A mail server that does not answer is a failed try (the outbox tries again), not a stuck worker.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
# Where the file-based email backend (DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend) writes.
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# Background work waits in a queue in the database (django-tasks-db) until a worker runs it:
# `manage.py db_worker` (several may run, on several machines; PostgreSQL hands each task to one of them).
# `manage.py run_scheduler` enqueues the scheduled jobs (cepathway/core/schedule.py). docs/deployment.md.
TASKS = {"default": {"BACKEND": os.environ.get("CEPATHWAY_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Outgoing email waits in the outbox (cepathway/core/outbox.py) until it is sent: tries after a failure
# back off from a minute to an hour; after this many the message is marked failed for the administrators.
CEPATHWAY_MAIL_MAX_ATTEMPTS = int(os.environ.get("CEPATHWAY_MAIL_MAX_ATTEMPTS", "20"))
# /health answers 503 when the oldest task due has waited longer than this (seconds): no worker is running.
CEPATHWAY_HEALTH_QUEUE_MAX_AGE = int(os.environ.get("CEPATHWAY_HEALTH_QUEUE_MAX_AGE", "600"))

# The policy a new partnership starts from (a dotted path; see cepathway/core/policy.py). Each
# partnership's own policy is then data, changed on its Policy page (cepathway.policy).
CEPATHWAY_PARTNERSHIP_POLICY = os.environ.get("CEPATHWAY_PARTNERSHIP_POLICY", "cepathway.core.policy.DEFAULT_POLICY")
# The address people use to reach the service, for links in emails.
CEPATHWAY_BASE_URL = os.environ.get("CEPATHWAY_BASE_URL", "http://127.0.0.1:8000")
# How the service names itself.
CEPATHWAY_SERVICE_NAME = os.environ.get("CEPATHWAY_SERVICE_NAME", "Child Exploitation Pathway")

# Audit: the header to trust for the client address when behind a proxy (empty: REMOTE_ADDR).
CEPATHWAY_CLIENT_IP_HEADER = os.environ.get("CEPATHWAY_CLIENT_IP_HEADER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
