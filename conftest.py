"""Root pytest configuration.

An inherited ``MPLBACKEND=Agg`` silently removes every figure from executed
notebooks (and so from the book); drop it before any kernel starts.
"""

import os

os.environ.pop("MPLBACKEND", None)
os.environ.setdefault("PYTHONHASHSEED", "0")


def pytest_collection_modifyitems(config, items):
    """Tiers: every executed chapter is ``book``; Monte Carlo, hypothesis and large-Gram tests are ``slow``.

    ``make unit`` runs ``-m "not book and not slow"`` (under a minute), ``make slow`` the slow
    library tests, ``make test`` everything.
    """
    import pytest

    for item in items:
        if str(getattr(item, "fspath", "")).endswith(".ipynb"):
            item.add_marker(pytest.mark.book)
        obj = getattr(item, "obj", None)
        if getattr(obj, "is_hypothesis_test", False) or "monte_carlo" in item.name:
            item.add_marker(pytest.mark.slow)
