"""More than one machine: two web servers, two workers and two schedulers share one PostgreSQL.

Every process signs in to the database as the service role, which may only add to the audit log.
A session made on one web server works on the other; every queued email is sent exactly once
though two workers take from the queue; the scheduler's jobs are enqueued once though two
schedulers run. PostgreSQL only (SQLite is the one-machine demo); real processes, real sockets.
"""

import os
import re
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from cepathway.core import outbox
from cepathway.core.models import EmailStatus, OutgoingEmail, ScheduledRun
from cepathway.people.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="several machines need PostgreSQL"
)
ROOT = Path(settings.BASE_DIR)
MESSAGES = 40
HTTPS = {"X-Forwarded-Proto": "https"}  # as the reverse proxy says


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVICE_ROLE = "cepathway_service_test"


def environment(mail_dir: Path) -> dict[str, str]:
    """Production settings, signed in to the database as the service role, which may only add to the
    audit log (`manage.py grant_service_role`, docs/audit.md): everything below must work as it."""
    database = connection.settings_dict
    url = f"postgres://{SERVICE_ROLE}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cepathway.settings",  # not the tests' settings pytest has put here
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "several-machines-test-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "CEPATHWAY_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        # The person signs in with a password alone: two-factor sign-in has its own tests (tests/people).
        "CEPATHWAY_TWO_FACTOR_REQUIRED": "0",
        "PYTHONUNBUFFERED": "1",
    }


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603


def web_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return start([gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}", "cepathway.wsgi"], env, log)


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


def logs(folder: Path) -> str:
    return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(folder.glob("*.log")))


def sign_in(base: str, username: str) -> str:
    """Sign in on one web server; the session cookie's value."""
    form = requests.get(f"{base}/account/sign-in", headers=HTTPS, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = requests.post(
        f"{base}/account/sign-in",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        # Sent by hand: the cookies are marked Secure (TLS ends at the proxy), and this is plain HTTP.
        cookies={settings.CSRF_COOKIE_NAME: form.cookies[settings.CSRF_COOKIE_NAME]},
        headers={**HTTPS, "Referer": f"https://127.0.0.1:{base.rsplit(':', 1)[1]}/account/sign-in"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, re.findall(r"govuk-error-summary__list.*?</ul>", answer.text, re.S)
    return answer.cookies[settings.SESSION_COOKIE_NAME]


@pytest.fixture
def processes(transactional_db, tmp_path):
    started: list[subprocess.Popen] = []
    yield started, tmp_path
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_two_of_everything_share_one_database(processes):
    started, folder = processes
    mail_dir = folder / "mail"
    call_command("grant_service_role", SERVICE_ROLE, stdout=StringIO())
    env = environment(mail_dir)
    person = UserFactory(role=Role.CERAR_LEAD, first_name="Shared", last_name="Session")
    # The servers run the production settings, whose password hasher the tests' fast one is not.
    person.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    person.save(update_fields=["password"])
    for number in range(MESSAGES):
        outbox.queue(stem="test", subject=f"Message {number}", text="Body", html=None, to=[person.email])

    ports = [free_port(), free_port()]
    started += [web_server(port, env, folder / f"web-{port}.log") for port in ports]
    manage = [sys.executable, "manage.py"]
    started += [start([*manage, "run_worker", "--interval", "0.2"], env, folder / f"worker-{n}.log") for n in (1, 2)]
    started += [start([*manage, "run_scheduler", "--interval", "1"], env, folder / f"sched-{n}.log") for n in (1, 2)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    for base in bases:
        try:
            wait_until(lambda base=base: requests.get(f"{base}/health", timeout=5).ok, 120, f"{base} to answer")
        except AssertionError:
            pytest.fail(logs(folder))

    session = sign_in(bases[0], person.username)
    on_the_other = requests.get(
        f"{bases[1]}/", cookies={settings.SESSION_COOKIE_NAME: session}, headers=HTTPS, timeout=30
    )
    assert on_the_other.status_code == 200 and "My work" in on_the_other.text

    wait_until(lambda: not OutgoingEmail.objects.exclude(status=EmailStatus.SENT).exists(), 180, "every email sent")
    written = "".join(path.read_text() for path in mail_dir.glob("*.log"))
    for number in range(MESSAGES):
        assert written.count(f"Subject: Message {number}\n") == 1, f"message {number} not sent exactly once"

    # The frequent job runs whatever the hour: each of its runs was enqueued once, by one of the two.
    wait_until(lambda: ScheduledRun.objects.filter(job="send-due-emails").exists(), 90, "the scheduler's first run")
    time.sleep(3)  # both schedulers have ticked again since
    runs = ScheduledRun.objects.filter(job="send-due-emails")
    enqueued = DBTaskResult.objects.filter(task_path="cepathway.core.outbox.send_due_emails")
    assert enqueued.count() == runs.count()
    assert len(set(runs.values_list("slot", flat=True))) == runs.count()
