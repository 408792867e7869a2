"""The family app's routes for tests/catalogue.py: each part keeps its own list in
tests/family/catalogue_<part>.py (a list named ROUTES or ending in _ROUTES); this module gathers them."""

import importlib
from pathlib import Path

from tests.catalogue import Route

ROUTES: list[Route] = []

for _path in sorted(Path(__file__).resolve().parent.glob("catalogue_*.py")):
    if _path.stem == "catalogue_entries":
        continue
    _module = importlib.import_module(f"tests.family.{_path.stem}")
    for _name, _value in vars(_module).items():
        if (_name == "ROUTES" or _name.endswith("_ROUTES")) and isinstance(_value, list):
            ROUTES.extend(_value)
