"""Test settings: the normal settings with quick hashing, in-memory mail and plain static files."""

from cepathway.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A shared test world signs its people in once per module; a module may run longer than the idle limit
# on a slow machine. Tests of the idle limit set it themselves (tests/people).
CEPATHWAY_IDLE_MINUTES = 24 * 60

# Two-factor authentication is not required of anyone here; its tests turn it on (tests/people/test_two_factor.py).
CEPATHWAY_TWO_FACTOR_REQUIRED = False
