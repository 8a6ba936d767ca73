"""The built book, shared by the built-HTML and browser tests (not collected: no test_ prefix).

By default the strict build runs once per test session into a temporary folder, exactly as
`make book` runs it (`jupyter-book build --all -W --keep-going`), with `MPLBACKEND=Agg`
deliberately *set* in its environment: the build must not depend on it (it renders stored PNGs).

`W2S_BOOK_HTML=<folder>` points the tests at an existing build instead (the folder that holds
`index.html`, for example `_build/html` after `make book`); the build itself is then not tested.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from _book import ROOT

SCREENSHOTS = Path(os.environ.get("W2S_SCREENSHOTS", ROOT / "_build" / "screenshots"))


_BUILT: list[Path] = []


def built_html(tmp_path_factory) -> Path:
    """The site's folder (holding `index.html`), built at most once per session."""
    if not _BUILT:
        _BUILT.append(_existing() or _strict_build(tmp_path_factory.mktemp("book")))
    return _BUILT[0]


def _existing() -> Path | None:
    given = os.environ.get("W2S_BOOK_HTML")
    if given:
        html = Path(given).resolve()
        assert (html / "index.html").is_file(), f"W2S_BOOK_HTML={given}: no index.html there"
        return html
    return None


def _strict_build(out: Path) -> Path:
    env = dict(os.environ, MPLBACKEND="Agg")
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", "--all", "-W", "--keep-going", "--path-output", str(out), str(ROOT)]
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    log = res.stdout + res.stderr
    assert res.returncode == 0, f"strict book build failed:\n{log[-5000:]}"
    assert "build succeeded" in log
    assert "WARNING" not in log, log[-5000:]
    return out / "_build" / "html"


def site_module():
    """The local Sphinx extension `_ext/w2s_site.py` (site archive, version, download names)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("w2s_site", ROOT / "_ext" / "w2s_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
