"""gunicorn, the production server, started on 127.0.0.1 for one world with server timing on."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .client import LOOPBACK, Client
from .worlds import database_url

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = os.environ.get("BENCH_PASSWORD", "fictional-bench-password")


def server_environment(size: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(size),
        "DJANGO_SETTINGS_MODULE": "cepathway.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": LOOPBACK,
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CEPATHWAY_SERVER_TIMING": "1",
        # Plain HTTP on loopback, signed in with a password: no HTTPS redirect, no second factor.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "CEPATHWAY_TWO_FACTOR_REQUIRED": "0",
    }


def wait_until_up(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Client(port).get("/health").status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {seconds:.0f} s")


@contextmanager
def gunicorn(size: str, port: int, workers: int = 1) -> Iterator[int]:
    """Serve the world of `size` on 127.0.0.1:`port` until the block ends."""
    command = [
        str(GUNICORN),
        "cepathway.wsgi:application",
        f"--bind={LOOPBACK}:{port}",
        f"--workers={workers}",
        "--timeout=300",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=server_environment(size))  # noqa: S603
    try:
        wait_until_up(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def signed_in(port: int, username: str, token: str = "") -> Client:
    client = Client(port, token=token)
    client.sign_in(username, PASSWORD)
    return client
