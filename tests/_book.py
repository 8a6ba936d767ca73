"""Helpers shared by the notebook and book tests (not collected: no test_ prefix)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


def regen_module():
    spec = importlib.util.spec_from_file_location("regenerate_notebooks", ROOT / "scripts" / "regenerate_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
