"""Screenshots of the product for the README: `make screenshots`.

Loads the fictional demo data into a throwaway database, serves it, and photographs the child's
page, My work (CERAR, social worker, school) and the family summary, at a desktop width and at a
phone's. Needs Debian's Chromium (/usr/bin/chromium). Every name in them is generated and fictional.
"""

import os
import socket
import subprocess  # noqa: S404 - runs our own manage.py, with no outside input
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = int(os.environ.get("SCREENSHOT_PORT", "0")) or free_port()
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "demo-only-password"  # noqa: S105 - the fictional demo logins
WIDTHS = {"desktop": 1280, "phone": 375}


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def wait_for_server() -> None:
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/account/sign-in", timeout=1)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the demo server did not start")


def pages_to_take(env: dict[str, str]) -> list[tuple[str, str, str]]:
    """(file stem, login, address) for each screenshot, found in the demo data."""
    found = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", FIND],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    child, meeting = found[-2], found[-1]
    return [
        ("my-work-cerar", "cerar", "/"),
        ("my-work-socialworker", "socialworker", "/"),
        ("my-work-school", "school", "/"),
        ("child", "socialworker", f"/children/{child}"),
        ("family-summary", "socialworker", f"/meetings/{meeting}/family-summary"),
    ]


# A Medium child with a held meeting and the demo social worker allocated.
FIND = """
from cepathway.meetings.models import Meeting
meeting = (
    Meeting.objects.filter(state="held", child__allocated_social_worker__username="socialworker")
    .exclude(child__ce_status="none").order_by("-held_at").first()
)
print(meeting.child_id, meeting.pk)
"""


def photograph(shots: list[tuple[str, str, str]]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for stem, login, address in shots:
            for size, width in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
                page = context.new_page()
                page.goto(f"{BASE}/account/sign-in")
                page.fill("input[name=username]", login)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_load_state()
                page.goto(f"{BASE}{address}")
                page.screenshot(path=OUT / f"{stem}-{size}.png", full_page=True)
                context.close()
                print(f"docs/screenshots/{stem}-{size}.png")
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "CEPATHWAY_VAR_DIR": var, "DJANGO_DEBUG": "1"}
        env.pop("DATABASE_URL", None)
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "demo_setup")
        server = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_server()
            photograph(pages_to_take(env))
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
