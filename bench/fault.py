"""`make fault`: PostgreSQL restarted mid-run, then the mail server down, against the production server.

Builds the demo on a PostgreSQL database of its own (`cepathway_fault`), starts gunicorn (2 workers),
one background worker and the scheduler with SMTP to a local mail server (a sink this script runs),
then for FAULT_SECONDS (90) keeps 8 signed-in clients reading pages while the service itself writes
notifications with their emails (a record and its email in one transaction, through the real
service). A third of the way in PostgreSQL is restarted (`pg_ctlcluster restart`, or with
FAULT_RESTART=terminate only the run's connections are cut); two thirds in the mail server is
stopped, and started again 20 s later. Then it waits for the outbox to empty and reports:

- requests and writes that failed, during the restart and after it (the budget after: 0);
- partial records: a notification without its email or an email without its notification (0);
- messages lost or sent twice: every email the service saved reached the mail server once (0 and 0).

Loopback only; bounded in time. Writes bench/results/fault.md.
"""

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("FAULT_DATABASE", "cepathway_fault")
WEB_PORT, SMTP_PORT = 8741, 8742
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
SECONDS = float(os.environ.get("FAULT_SECONDS", "90"))
RESTART = os.environ.get("FAULT_RESTART", "restart")  # or "terminate"
MAIL_LOG = ROOT / "var" / "fault-mail.log"
PYTHON = sys.executable
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "cepathway.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "fault-run-only-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "CEPATHWAY_TWO_FACTOR_REQUIRED": "0",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "DJANGO_EMAIL_HOST": "127.0.0.1",
    "DJANGO_EMAIL_PORT": str(SMTP_PORT),
    "DJANGO_EMAIL_TIMEOUT": "5",
    "DJANGO_LOG_LEVEL": "WARNING",
    "CEPATHWAY_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}",
    "GUNICORN_WORKERS": "2",
}
SINK = f"""
import smtpd, asyncore, sys
class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        with open({str(MAIL_LOG)!r}, "ab") as log:
            log.write(data if isinstance(data, bytes) else data.encode())
            log.write(b"\\n--end--\\n")
Sink(("127.0.0.1", {SMTP_PORT}), None)
asyncore.loop()
"""


@dataclass
class Tally:
    ok: int = 0
    failed_during: int = 0
    failed_after: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, ok: bool, recovering: bool, error: str = "") -> None:
        with self.lock:
            if ok:
                self.ok += 1
            elif recovering:
                self.failed_during += 1
            else:
                self.failed_after += 1
                self.errors.append(error)


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)  # noqa: S603


def start(*command: str) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=ENV)  # noqa: S603


def prepare() -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)  # noqa: S603,S607
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)  # noqa: S603,S607
    manage("migrate", "--verbosity", "0")
    manage("demo_setup")
    MAIL_LOG.parent.mkdir(exist_ok=True)
    MAIL_LOG.write_bytes(b"")


def restart_database() -> None:
    if RESTART == "terminate":
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [DATABASE],
            )
        return
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)  # noqa: S603,S607


def reader(stop: threading.Event, recovering: threading.Event, tally: Tally, username: str) -> None:
    import requests

    base = f"http://127.0.0.1:{WEB_PORT}"
    # TLS ends at the proxy in production, so the cookies are marked Secure: carried here by hand.
    https = {"X-Forwarded-Proto": "https"}
    jar: dict[str, str] = {}

    def send(method: str, path: str, headers: dict[str, str] = https, **kwargs: object) -> requests.Response:
        answer = requests.request(method, f"{base}{path}", cookies=jar, headers=headers, timeout=30, **kwargs)  # type: ignore[arg-type]
        jar.update(answer.cookies.get_dict())
        return answer

    form = send("GET", "/account/sign-in")
    token = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    send(
        "POST",
        "/account/sign-in",
        data={"csrfmiddlewaretoken": token, "username": username, "password": "demo-only-password"},
        headers={**https, "Referer": f"https://127.0.0.1:{WEB_PORT}/account/sign-in"},
        allow_redirects=False,
    )
    while not stop.is_set():
        for path in ("/", "/children/", "/meetings/"):
            try:
                answer = send("GET", path, allow_redirects=False)
                tally.count(answer.status_code == 200, recovering.is_set(), f"{path}: {answer.status_code}")
            except requests.RequestException as error:
                tally.count(False, recovering.is_set(), f"{path}: {error}")


def writer(stop: threading.Event, recovering: threading.Event, tally: Tally) -> None:
    """Notifications with their emails, through the real service, about one a second."""
    import django

    django.setup()
    from django.db import close_old_connections

    from cepathway.notifications.models import NotificationKind
    from cepathway.notifications.services import notify
    from cepathway.people.models import User

    recipients = list(User.objects.filter(is_active=True).exclude(email="").order_by("username")[:5])
    number = 0
    while not stop.is_set():
        number += 1
        close_old_connections()
        try:
            notify(recipients[number % len(recipients)], NotificationKind.NEW_ACTION, f"Fault run {number}", "",
                   email_stem="meetings/email/level2_changed")  # fmt: skip
            tally.count(True, recovering.is_set())
        except Exception as error:  # noqa: BLE001 - a failed write is what we count
            tally.count(False, recovering.is_set(), f"write {number}: {type(error).__name__}")
        time.sleep(1)


def main() -> int:
    os.environ.update(ENV)
    prepare()
    sink = start(PYTHON, "-W", "ignore", "-c", SINK)
    processes = [
        start(str(Path(PYTHON).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "cepathway.wsgi"),
        start(PYTHON, "manage.py", "run_worker", "--interval", "0.5", "--verbosity", "0"),
        start(PYTHON, "manage.py", "run_scheduler", "--interval", "2"),
    ]
    time.sleep(8)
    stop, recovering = threading.Event(), threading.Event()
    reads, writes = Tally(), Tally()
    threads = [
        threading.Thread(target=reader, args=(stop, recovering, reads, name)) for name in ["cerar", "manager"] * 4
    ]
    threads.append(threading.Thread(target=writer, args=(stop, recovering, writes)))
    for thread in threads:
        thread.start()
    try:
        time.sleep(SECONDS / 3)
        recovering.set()
        restart_database()
        time.sleep(3)  # the grace the budget allows: reconnecting
        recovering.clear()
        time.sleep(SECONDS / 3)
        sink.terminate()
        sink.wait()
        time.sleep(20)
        sink = start(PYTHON, "-W", "ignore", "-c", SINK)
        time.sleep(max(SECONDS / 3 - 20, 0))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    report = wait_and_report(reads, writes)
    for process in [*processes, sink]:
        process.terminate()
    print(report)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "fault.md").write_text(report)
    return 0 if "FAILED" not in report else 1


def wait_and_report(reads: Tally, writes: Tally) -> str:
    from django.db import close_old_connections

    from cepathway.core.models import EmailStatus, OutgoingEmail
    from cepathway.notifications.models import Notification

    deadline = time.monotonic() + 300  # the outbox tries again a minute after a failure, then 2, 4 ...
    while time.monotonic() < deadline:
        close_old_connections()
        if not OutgoingEmail.objects.exclude(status=EmailStatus.SENT).exists():
            break
        time.sleep(2)
    notes = Notification.objects.filter(message__startswith="Fault run ")
    emails = OutgoingEmail.objects.filter(text__contains="Fault run ")
    delivered = MAIL_LOG.read_text(errors="replace")
    numbers = [note.message.removeprefix("Fault run ") for note in notes]
    counts = [delivered.count(f"Fault run {n}\n") + delivered.count(f"Fault run {n}\r\n") for n in numbers]
    partial = abs(notes.count() - emails.count())
    lost = sum(1 for c in counts if c == 0)
    twice = sum(1 for c in counts if c > 1)
    waiting = OutgoingEmail.objects.exclude(status=EmailStatus.SENT).count()
    verdict = (
        "passed" if (reads.failed_after, writes.failed_after, partial, lost, waiting) == (0, 0, 0, 0, 0) else "FAILED"
    )
    return "\n".join(
        [
            f"# Fault run ({SECONDS:.0f} s, database {RESTART}, mail server down 20 s): {verdict}",
            "",
            "| | ok | failed while recovering (3 s) | failed after |",
            "| --- | --- | --- | --- |",
            f"| page reads (8 clients) | {reads.ok} | {reads.failed_during} | {reads.failed_after} |",
            f"| writes (notification + email) | {writes.ok} | {writes.failed_during} | {writes.failed_after} |",
            "",
            f"- notifications saved: {notes.count()}; emails saved: {emails.count()}; partial records: {partial}",
            f"- emails lost: {lost}; sent twice: {twice}; still waiting: {waiting}",
            *(f"- error after recovery: {error}" for error in (reads.errors + writes.errors)[:10]),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
