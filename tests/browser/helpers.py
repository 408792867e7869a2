"""Signing in through the real form, and asserting a page has no axe violations."""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.factories import PASSWORD

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

# Rules switched off everywhere. Each must name the upstream issue that justifies it.
DISABLED_RULES: dict[str, str] = {}

# Violations accepted only on particular elements: (rule, CSS selector the element must match, the
# upstream issue that justifies it). Anything else the same rule finds still fails.
ACCEPTED: list[tuple[str, str, str]] = [
    (
        "region",
        ".govuk-back-link",
        # GOV.UK places the back link before <main>, outside any landmark, on purpose (so the skip
        # link skips it); axe's best-practice `region` rule flags it. GOV.UK decided to keep it:
        "https://github.com/alphagov/govuk-frontend/issues/6460 (and #1604)",
    ),
    # GOV.UK Frontend's conditional reveal marks the radio that reveals questions aria-expanded, which
    # ARIA does not yet allow on a radio; GOV.UK keeps it because screen readers announce it (#2823).
    # Only this rule, and only on such a radio, is accepted.
    (
        "aria-allowed-attr",
        ".govuk-radios__input[aria-controls][aria-expanded]",
        "https://github.com/alphagov/govuk-frontend/issues/979 (and #2823)",
    ),
    # The API docs page (/api/docs) embeds django-ninja's Swagger UI, a developer tool that is not
    # accessible (contrast, nested controls, heading order, target size: open upstream, labelled a11y).
    # Anything inside #swagger-ui is accepted; our wrapper (language, landmark, heading) and every
    # pathway page keep the full rule set. The API itself needs no page: /api/openapi.json describes it.
    ("*", "#swagger-ui *", "https://github.com/swagger-api/swagger-ui/issues/7350 (and #5247)"),
]

_axe = Axe()


def login(page: Any, user: Any, password: str = PASSWORD) -> None:
    """Sign in as `user` through the sign-in page (field names `username` and `password`)."""
    login_path = reverse("login")
    page.goto(login_path)
    page.locator("input[name=username]").fill(user.get_username())
    page.locator("input[name=password]").fill(password)
    form = page.locator("form", has=page.locator("input[name=password]"))
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    if urlparse(page.url).path == login_path:
        text = " ".join(page.locator("main").inner_text().split())[:300]
        raise AssertionError(f"Could not sign in as {user.get_username()}: the sign-in page says {text!r}")


def axe_report(violations: list[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {' '.join(node.get('html', '').split())[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def axe_violations(page: Any, disable: Iterable[str] = ()) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now, less the ACCEPTED elements."""
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    off = {*DISABLED_RULES, *disable}
    if off:
        options["rules"] = {rule: {"enabled": False} for rule in sorted(off)}
    violations = []
    for violation in _axe.run(page, options=options).response["violations"]:
        nodes = [node for node in violation["nodes"] if not _accepted(page, violation["id"], node)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def _accepted(page: Any, rule: str, node: dict[str, Any]) -> bool:
    target = node["target"][-1] if node["target"] else None
    if not isinstance(target, str):  # inside a frame or shadow DOM: never accepted
        return False
    for accepted_rule, selector, _issue in ACCEPTED:
        if accepted_rule in (rule, "*") and page.locator(target).first.evaluate("(el, s) => el.matches(s)", selector):
            return True
    return False


def assert_accessible(page: Any, disable: Iterable[str] = ()) -> None:
    """Fail with a readable report if axe finds violations of WCAG 2.2 AA or best practice.

    `disable` switches rules off for this page only; say why, naming the upstream issue.
    """
    violations = axe_violations(page, disable)
    assert not violations, axe_report(violations, page.url)
