"""What the site and the repository give a reader besides the chapters: licences, citation file,
publishing workflow, the archives, and the interactive path (`make lab`, `make scratch`).

Fast checks (no build); the JupyterLab one starts a server and is marked slow.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from _book import ROOT
from _site import site_module

SITE = site_module()


def _make_variable(name: str) -> str:
    out = subprocess.run(["make", "-s", "--no-print-directory", "--eval",
                          f"w2s-print-var: ; @printf '%s\\n' '$({name})'", "w2s-print-var"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_the_licences_are_mit_for_code_and_cc_by_for_text():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    text = (ROOT / "LICENSE-text").read_text()
    assert "Creative Commons Attribution 4.0 International" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert re.search(r'license\s*=\s*\{\s*text\s*=\s*"MIT"', (ROOT / "pyproject.toml").read_text())


def test_the_citation_file_cites_the_book_and_references_the_paper():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "type", "license"):
        assert cff.get(key), key
    assert cff["version"] == SITE.version(ROOT), "CITATION.cff's version is not w2s_lib.__version__"
    assert cff["type"] == "software" and cff["license"] == "MIT"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    for person in cff["authors"]:
        assert person.get("name") or person.get("family-names")
    (paper,) = [r for r in cff["references"] if "Weak-to-Strong" in r["title"]]
    assert paper["type"] == "conference-paper" and paper["year"] == 2025
    assert [a["family-names"] for a in paper["authors"]] == ["Medvedev", "Lyu", "Yu", "Arora", "Li", "Srebro"]
    assert "ICML" in paper["collection-title"]


def test_the_pages_workflow_builds_with_make_book_and_deploys_the_html():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    on = flow.get("on", flow.get(True))
    assert on["push"]["branches"] == ["main"]
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/upload-pages-artifact",
                    "actions/deploy-pages"]
    assert [s["run"] for s in steps if "run" in s] == ["make book"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert str(setup["with"]["python-version"]) == "3.11"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_source_archive_is_reproducible_and_holds_the_project(tmp_path):
    a = SITE.write_source_archive(ROOT, tmp_path / "a.tar.gz")
    b = SITE.write_source_archive(ROOT, tmp_path / "b.tar.gz")
    assert a.read_bytes() == b.read_bytes()
    top = f"w2s-book-{SITE.version(ROOT)}"
    with tarfile.open(a) as tar:
        names = set(tar.getnames())
    for needed in ["pyproject.toml", "constraints.txt", "Makefile", "README.md", "LICENSE", "CITATION.cff",
                   "book/setup.md", "book/setup.ipynb", "w2s_lib/__init__.py", "data"]:
        assert any(n == f"{top}/{needed}" or n.startswith(f"{top}/{needed}/") for n in names), needed
    assert not any(part in {".venv", "_build", ".git", "__pycache__"} for n in names for part in n.split("/"))


def test_the_site_archive_has_one_top_folder_with_index_html(tmp_path):
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    (html / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/intro.html" />\n')
    (html / "book" / "intro.html").write_text("<html><body>intro</body></html>")
    out = SITE.write_site_archive(html, tmp_path / "site.tar.gz", ver="9.9")
    with tarfile.open(out) as tar:
        tar.extractall(tmp_path / "x", filter="data")
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["w2s-book-site-9.9"]
    assert (tmp_path / "x" / "w2s-book-site-9.9" / "book" / "intro.html").read_text().endswith("intro</body></html>")
    with pytest.raises(FileNotFoundError, match="make book"):
        SITE.write_site_archive(tmp_path / "missing", tmp_path / "y.tar.gz")
    assert gzip.open(out).read(1)  # a gzip stream


def test_make_site_names_the_archive_by_version():
    assert _make_variable("VERSION") == SITE.version(ROOT)
    dry = subprocess.run(["make", "-n", "-o", "book", "site"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"_build/w2s-book-site-{SITE.version(ROOT)}.tar.gz" in dry


def test_make_scratch_executes_into_a_scratch_notebook_not_the_golden_one():
    dry = subprocess.run(["make", "-n", "-o", ".venv/.installed-stamp", "scratch", "CHAPTER=relu"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in dry.replace("\\\n", " ").splitlines()]
    assert "cp book/relu.md _build/scratch/relu.md" in lines
    (command,) = [line for line in lines if "jupytext --execute" in line]
    assert f'--run-path "{ROOT}/book"' in command
    assert command.endswith("_build/scratch/relu.md --to ipynb -o _build/scratch/relu.ipynb"), command
    bad = subprocess.run(["make", "-s", "-o", ".venv/.installed-stamp", "scratch", "CHAPTER=nosuch"], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "no chapter book/nosuch.md" in bad.stdout + bad.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_jupyterlab_opens_markdown_chapters_with_jupytext_by_default(tmp_path):
    """The settings override that `make lab` installs is what JupyterLab's settings API serves."""
    lab = Path(sys.executable).with_name("jupyter-lab")
    if not lab.exists():
        pytest.skip("JupyterLab is not installed (make lab installs the `lab` extra)")
    overrides = json.loads(_make_variable("LAB_OVERRIDES"))
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(json.dumps(overrides))
    port, token = _free_port(), "w2s-test"
    cmd = [str(lab), "--no-browser", "--allow-root", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={ROOT}", f"--LabApp.app_settings_dir={settings}",
           f"--ServerApp.runtime_dir={tmp_path / 'runtime'}"]
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    server = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        plugin = None
        for _ in range(120):
            try:
                url = f"{base}/lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={token}"
                plugin = json.load(urllib.request.urlopen(url, timeout=2))
                break
            except OSError:
                time.sleep(0.25)
        assert plugin is not None, "JupyterLab did not start"
        viewers = plugin["schema"]["properties"]["defaultViewers"]["default"]
        assert viewers["markdown"] == "Jupytext Notebook"
        url = f"{base}/api/contents/book/setup.md?type=notebook&token={token}"
        chapter = json.load(urllib.request.urlopen(url, timeout=10))
        assert chapter["type"] == "notebook" and len(chapter["content"]["cells"]) > 5
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_nbconvert_is_there_for_jupytext_execute():
    assert shutil.which("jupytext", path=str(Path(sys.executable).parent)) or Path(sys.executable).with_name("jupytext").exists()
    import nbconvert.preprocessors  # noqa: F401  (jupytext --execute imports ExecutePreprocessor)


def test_without_chromium_the_browser_test_skips_outside_ci_and_fails_under_ci(monkeypatch):
    import test_site

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium chromium-driver"):
        test_site._unavailable("chromium or chromedriver not found")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: the browser test must run"):
        test_site._unavailable("chromium or chromedriver not found")
