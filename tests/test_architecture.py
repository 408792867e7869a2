"""House rules that a reviewer would otherwise have to remember.

1. Views and API operations reach child-related records only through the scoping entry point
   (`visible_to(user, Model)` or `Model.objects.visible_to(user)`), never another `Model.objects` query.
2. A lower app never imports a higher one: ui → core → people → notifications → children → policy →
   referrals → meetings → intelligence → missing → nrm → family → complaints → training → demo (the
   fictional demo data, which uses them all). The apps from missing to training never import one another.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

from cepathway.core.scoping import ScopedQuerySet

ROOT = Path(__file__).resolve().parent.parent / "cepathway"
LAYERS = [
    "ui",
    "core",
    "people",
    "notifications",
    "children",
    "policy",
    "referrals",
    "meetings",
    "intelligence",
    "missing",
    "nrm",
    "family",
    "complaints",
    "training",
    "demo",
]
ENTRY_MODULES = ("views.py", "api.py", "checklist_views.py", "audit_views.py")


def scoped_model_names() -> set[str]:
    return {model.__name__ for model in apps.get_models() if isinstance(model._default_manager.all(), ScopedQuerySet)}


def entry_files() -> list[Path]:
    """Every module a page or API operation lives in: views.py and api.py, or a views/ or api/ package."""
    modules = [path for name in ENTRY_MODULES for path in ROOT.glob(f"*/{name}")]
    packages = [path for folder in ("views", "api") for path in ROOT.glob(f"*/{folder}/*.py")]
    return sorted(modules + packages)


def test_there_are_scoped_models_to_guard():
    assert {"Child", "Referral", "Involvement"} <= scoped_model_names()


def test_the_guard_reads_every_page_and_api_module():
    found = {str(path.relative_to(ROOT)) for path in entry_files()}
    assert {"meetings/views/level2.py", "meetings/api/level2.py", "referrals/api.py", "children/views.py"} <= found


def test_every_app_has_its_place_in_the_layers():
    """A new app cannot escape the layer rule: each package with an apps.py is in LAYERS."""
    apps_found = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps_found == set(LAYERS), f"add {sorted(apps_found - set(LAYERS))} to LAYERS in its place"


@pytest.mark.parametrize("path", entry_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_api_query_child_records_only_through_visible_to(path):
    scoped = scoped_model_names()
    offences = [
        f"{path.name}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for name in re.findall(r"\b(\w+)\.(?:objects|_default_manager|_base_manager)\b(?!\.visible_to\()", line)
        if name in scoped
    ]
    assert not offences, "Use visible_to(user, Model) instead:\n" + "\n".join(offences)


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "cepathway" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", LAYERS)
def test_a_lower_app_never_imports_a_higher_one(layer):
    higher = set(LAYERS[LAYERS.index(layer) + 1 :])
    offences = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_apps(path) & higher)}"
        for path in (ROOT / layer).rglob("*.py")
        if "migrations" not in path.parts and imported_apps(path) & higher
    ]
    assert not offences, "\n".join(offences)
