"""Browser fixtures for any test (a pytest plugin loaded by tests/conftest.py): one Playwright
Chromium for the session (`browser`), a fresh context per test (`page`).

Mark browser tests `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True)`; `page`
uses pytest-django's `live_server`.

Chromium is Debian's (/usr/bin/chromium, `apt-get install chromium`); never `playwright install`.
When it is missing the tests are skipped and tests/browser/plugin.py makes the run say so loudly
(and fail, unless CEPATHWAY_ALLOW_NO_BROWSER=1; with CI=true they fail outright).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.plugin import NOT_AVAILABLE, in_ci

CHROMIUM = os.environ.get("CEPATHWAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    message = f"{NOT_AVAILABLE}: {reason}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class _Chromium:
    """One Chromium for the whole run, however many places register the `browser` fixture."""

    def __init__(self) -> None:
        self.users = 0
        self.playwright: Any = None
        self.browser: Any = None
        self.previous_async_unsafe: str | None = None

    def acquire(self) -> Any:
        if self.browser is None:
            self._launch()
        self.users += 1
        return self.browser

    def release(self) -> None:
        self.users -= 1
        if self.users == 0 and self.browser is not None:
            self.browser.close()
            self.playwright.stop()
            self.browser = self.playwright = None
            self._restore()

    def _launch(self) -> None:
        if not Path(CHROMIUM).exists():
            _unavailable(f"{CHROMIUM} is missing")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            _unavailable(f"Playwright for Python is not installed ({error})")
        # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM
        # calls from the test itself.
        self.previous_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        playwright = sync_playwright().start()
        try:
            self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS)
        except Exception as error:  # noqa: BLE001 - any launch failure means no browser
            playwright.stop()
            self._restore()
            _unavailable(f"Playwright could not launch {CHROMIUM}: {str(error).splitlines()[0]}")
        self.playwright = playwright

    def _restore(self) -> None:
        if self.previous_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self.previous_async_unsafe


_chromium = _Chromium()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Playwright's Chromium (Debian's /usr/bin/chromium), launched once for the run."""
    chromium = _chromium.acquire()
    yield chromium
    _chromium.release()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in a fresh browser context (no cookies) whose relative URLs go to the live server.

    Requests anywhere but the live server are refused, so a page that reaches for a CDN shows it.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
