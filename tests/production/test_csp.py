"""Issue 11: every page is served with a Content-Security-Policy that allows only the service's own
scripts and styles, with no 'unsafe-inline', and no page carries what such a policy would block (an
inline script, an inline event handler, a style attribute or a <style> block).

The pages are the catalogue's (tests/catalogue.py), each loaded by a person who may use it, as the
browser sweeps do; tests/browser/test_csp_in_the_browser.py loads them in Chromium and fails on any
violation the browser reports."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.test_accessibility import PAGES, browse_as
from tests.catalogue import Route
from tests.factories import World

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

# Templates rendered only into a PDF by WeasyPrint (cepathway/family/letters/pdf.py), never served as
# a page: a letter's HTML must carry its own styles, since WeasyPrint fetches nothing.
PDF_ONLY = {"family/letters/pdf_base.html"}


@pytest.fixture
def world(shared_world):
    return shared_world


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: (part[1] if len(part) > 1 else "") for part in parts}


class InlineFinder(HTMLParser):
    """What a strict policy would block in a page's markup."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        where = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)[:120]}>"
        if "style" in names:
            self.found.append(f"a style attribute: {where}")
        if any(name.startswith("on") for name in names):
            self.found.append(f"an inline event handler: {where}")
        if tag == "style":
            self.found.append("a <style> block")
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/json":
            self.found.append(f"an inline script: {where}")
        if any((value or "").strip().lower().startswith("javascript:") for _, value in attrs):
            self.found.append(f"a javascript: address: {where}")


def inline_content(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def assert_strict_policy(response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy header"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, header
    assert directives(header) == EXPECTED, header


def check_page(client: Client, url: str, ok: int) -> None:
    response = client.get(url)
    assert response.status_code == ok, f"{url} answered {response.status_code}"
    assert_strict_policy(response)
    found = inline_content(response.content.decode())
    assert not found, f"{url} carries what the policy blocks:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(
    "entry", [pytest.param(entry, id=f"{entry.id}-{browse_as(entry)}") for entry in PAGES if not entry.public]
)
def test_every_signed_in_page_has_the_strict_policy_and_nothing_inline(entry: Route, world: World, client_for):
    client = client_for(world.principals[browse_as(entry)])
    check_page(client, entry.build_url(world, entry.home_scope), entry.ok)


@pytest.mark.parametrize("entry", [pytest.param(entry, id=entry.id) for entry in PAGES if entry.public])
def test_every_public_page_has_the_strict_policy_and_nothing_inline(entry: Route, world: World):
    check_page(Client(), entry.build_url(world), entry.ok)


def test_refusals_missing_pages_and_the_api_carry_the_policy_too(world: World, client_for, api_client_for):
    school = world.principals["partner_professional"]
    for response in (
        Client().get(reverse("my-work")),  # a redirect to sign in
        client_for(world.principals["unrelated"]).get(reverse("children:detail", args=[world.child.pk])),  # 404
        client_for(school).get("/no-such-page/"),
        api_client_for(school).get("/api/me"),
    ):
        assert_strict_policy(response)


def test_the_markup_check_finds_each_kind_of_inline_content():
    found = inline_content(
        '<script>alert(1)</script><script type="module" src="/a.js"></script>'
        '<script type="application/json">{}</script><p style="color:red">x</p>'
        '<button onclick="go()">Go</button><style>p{}</style><a href="javascript:go()">x</a>'
    )
    assert [item.split(":")[0] for item in found] == [
        "an inline script",
        "a style attribute",
        "an inline event handler",
        "a <style> block",
        "a javascript",
    ]


def test_no_template_carries_inline_script_or_style():
    """The catalogue reaches most pages; this reaches every template, served or not (a page with
    content the test worlds lack, an error page). PDF-only templates are the one exception."""
    root = Path(settings.BASE_DIR) / "cepathway"
    offenders = []
    for path in sorted(root.glob("**/templates/**/*.html")):
        name = str(path).split("/templates/", 1)[1]
        if name in PDF_ONLY:
            continue
        offenders.extend(f"{path.relative_to(root)}: {item}" for item in inline_content(path.read_text()))
    assert not offenders, "Inline script or style the policy blocks:\n  " + "\n  ".join(offenders)


def test_pdf_only_templates_are_never_served_as_a_page():
    """A PDF-only template's inline <style> is allowed because no browser ever gets it as HTML: the
    letters that extend it are named in code only as what cepathway/family/letters/pdf.py renders."""
    root = Path(settings.BASE_DIR) / "cepathway"
    letters = [
        str(path).split("/templates/", 1)[1]
        for path in root.glob("**/templates/**/*.html")
        if any(f'extends "{name}"' in path.read_text() for name in PDF_ONLY)
    ]
    assert letters, "no template extends the PDF-only base: update PDF_ONLY"
    for path in root.glob("**/*.py"):
        for line in path.read_text().splitlines():
            for name in [*letters, *PDF_ONLY]:
                if f'"{name}"' in line:
                    assert "pdf_response(" in line, f"{path}: {line.strip()} (only pdf_response may render {name})"
