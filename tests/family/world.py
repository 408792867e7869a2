"""The family app's records in the shared test world: each part adds its builder in
tests/family/world_<part>.py (decorated with tests.factories.world_builder); this module imports them."""

import importlib
from pathlib import Path

for _path in sorted(Path(__file__).resolve().parent.glob("world_*.py")):
    importlib.import_module(f"tests.family.{_path.stem}")
