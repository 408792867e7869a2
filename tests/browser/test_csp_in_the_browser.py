"""Issue 11: Chromium, given the service's Content-Security-Policy, blocks nothing on any page.

Every HTML page in the catalogue is loaded by a person who may use it (as the accessibility sweep
does), signed in once per person; then the pages everyone has, as every other role. Whatever the
browser reports, as a `securitypolicyviolation` event or on the console, fails the test with the
page, the directive and what was blocked. (tests/production/test_csp.py checks the header and the
markup without a browser; this checks what the built scripts and stylesheets do in one.)"""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import login
from tests.browser.test_accessibility import PAGES, browse_as
from tests.catalogue import Route, by_key
from tests.factories import PRINCIPALS, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reports each violation to the test, before any of the page's own scripts run (Playwright's init
# scripts and bindings are not subject to the page's policy).
LISTEN = """document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || location.pathname}:${event.lineNumber}`);
});"""

BY_PRINCIPAL: dict[str, list[Route]] = defaultdict(list)
for _entry in PAGES:
    if not _entry.public:
        BY_PRINCIPAL[browse_as(_entry)].append(_entry)

# Pages every signed-in role has, loaded as each role besides the sweep's (their navigation, My work
# panels and lists differ by role).
EVERYONE = ("my-work", "children:list", "referrals:list", "children:detail")


class Violations:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.found: list[str] = []
        page.expose_binding("__cspViolation", lambda source, text: self.found.append(f"{page.url}: {text}"))
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url} (console {message.type}): {message.text[:300]}")

    def visit(self, url: str, ok: int = 200, ready: str | None = None) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == ok, f"{url} answered {response and response.status}"
        assert "unsafe-inline" not in (response.header_value("content-security-policy") or "unsafe-inline"), url
        if ready:
            try:
                self.page.wait_for_selector(ready)
            except Exception as error:  # noqa: BLE001 - a script the policy blocked draws nothing
                raise AssertionError(f"{url} never showed {ready}; violations so far: {self.found}") from error
        self.page.wait_for_load_state("load")

    def assert_none(self) -> None:
        self.page.wait_for_timeout(200)  # let the last page's events reach the test
        assert not self.found, f"{len(self.found)} Content-Security-Policy violation(s):\n  " + "\n  ".join(
            dict.fromkeys(self.found)
        )


@pytest.fixture
def violations(page: Any) -> Iterator[Violations]:
    yield Violations(page)


@pytest.mark.parametrize("principal", sorted(BY_PRINCIPAL))
def test_no_page_breaks_the_policy(principal: str, world: World, page: Any, violations: Violations) -> None:
    login(page, world.principals[principal])
    for entry in BY_PRINCIPAL[principal]:
        violations.visit(entry.build_url(world, entry.home_scope), entry.ok, entry.ready)
    violations.assert_none()


def test_no_public_page_breaks_the_policy(world: World, page: Any, violations: Violations) -> None:
    for entry in PAGES:
        if entry.public:
            violations.visit(entry.build_url(world), entry.ok)
    violations.assert_none()


@pytest.mark.parametrize("principal", [p for p in PRINCIPALS if p not in BY_PRINCIPAL])
def test_the_pages_everyone_has_break_nothing_for_any_role(
    principal: str, world: World, page: Any, violations: Violations
) -> None:
    login(page, world.principals[principal])
    for entry in (by_key()[name] for name in EVERYONE):
        violations.visit(entry.build_url(world, entry.home_scope), entry.expected(principal, entry.home_scope))
    violations.assert_none()


def test_what_scripts_draw_after_the_page_loads_breaks_nothing(
    world: World, page: Any, violations: Violations, settings: Any
) -> None:
    """The type-ahead's suggestions and the idle warning's dialog are drawn by script after load."""
    settings.CEPATHWAY_IDLE_MINUTES = 0.25  # warned after 3 seconds (as tests/people/test_browser_session_timeout.py)
    settings.CEPATHWAY_IDLE_WARNING_SECONDS = 12
    cerar = world.principals["cerar_lead"]
    login(page, cerar)
    violations.visit(by_key()["children:edit"].build_url(world, "child"))
    page.get_by_role("combobox", name="Allocated social worker").fill(cerar.last_name[:3])
    page.locator(".autocomplete__menu--visible").wait_for()
    page.get_by_role("dialog", name="You will be signed out soon").wait_for(state="visible", timeout=10_000)
    violations.assert_none()


PROBE = (
    '<!DOCTYPE html><html lang="en"><head><title>Probe</title></head><body><main>'
    '<p style="color: red">Styled</p><script>document.title = "Ran"</script></main></body></html>'
)


def test_the_check_can_fail(live_server: Any, page: Any, violations: Violations) -> None:
    """A page with an inline style and script under the service's header is caught, both ways."""
    from tests.production.test_csp import EXPECTED

    header = "; ".join(f"{name} {value}" for name, value in EXPECTED.items())
    page.route(
        f"{live_server.url}/csp-probe",
        lambda route: route.fulfill(
            status=200, body=PROBE, content_type="text/html", headers={"Content-Security-Policy": header}
        ),
    )
    violations.visit("/csp-probe")
    assert page.title() == "Probe", "the inline script ran"
    with pytest.raises(AssertionError, match="violation") as failure:
        violations.assert_none()
    assert "style-src-attr blocked inline" in str(failure.value)
    assert "script-src-elem blocked inline" in str(failure.value)
