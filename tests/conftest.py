import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    """Close every pyplot figure after each test: the drawing functions open figures through
    pyplot, and matplotlib warns (an error here) once more than 20 stay open."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
