"""The built assets (frontend/build.sh): skipped when they have not been built, as the rest needs no Node.js."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "cepathway/ui/static/ui"
CSS = STATIC / "application.css"
pytestmark = pytest.mark.skipif(not CSS.exists(), reason="assets not built (run frontend/build.sh)")

# The GOV.UK footer's copyright crest: the CSS refers to it, but our footer has no such element.
UNUSED_GOVUK_IMAGES = {"govuk-crest.svg"}


def test_arial_and_no_govuk_font() -> None:
    css = CSS.read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
    assert not list(STATIC.rglob("*.woff*"))


def test_every_image_the_css_uses_is_there() -> None:
    used = set(re.findall(r'url\("?assets/images/([^")]+)"?\)', CSS.read_text())) - UNUSED_GOVUK_IMAGES
    assert used
    missing = sorted(name for name in used if not (STATIC / "images" / name).exists())
    assert missing == []


def test_init_script_imports_files_that_exist() -> None:
    init = (STATIC / "init.js").read_text()
    imports = re.findall(r'from "\./([^"]+)"', init)
    assert imports == ["govuk-frontend.min.js", "moj-frontend.min.js", "pickers.js", "session_timeout.js"]
    assert all((STATIC / name).exists() for name in imports)
    assert "initAll" in (STATIC / "govuk-frontend.min.js").read_text()


def test_the_pickers_type_ahead_loads_a_file_that_exists() -> None:
    loaded = re.findall(r'new URL\("\./([^"]+)"', (STATIC / "pickers.js").read_text())
    assert loaded == ["accessible-autocomplete.min.js"]
    assert "enhanceSelectElement" in (STATIC / loaded[0]).read_text()
    assert ".autocomplete__input" in CSS.read_text()
