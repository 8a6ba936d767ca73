"""The command line (python -m w2s_lib) and the figure registry behind it.

Every paper figure the book reproduces and every named figure of a chapter can be drawn from the
command line; bad arguments get a message naming the argument and a non-zero exit.
"""

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from w2s_lib import _cli, plotting

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([sys.executable, "-m", "w2s_lib", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)


def test_help_lists_the_commands_and_every_option():
    top = run("--help")
    assert top.returncode == 0 and "list" in top.stdout and "figure" in top.stdout
    fig = run("figure", "--help")
    assert fig.returncode == 0
    for option in ("--out", "--scale", "--seed", "--data", "--quiet", "quick", "paper"):
        assert option in fig.stdout, option
    assert "python -m w2s_lib list" in fig.stdout


def test_list_names_every_figure_with_its_chapter():
    out = run("list")
    assert out.returncode == 0
    for name, spec in plotting.FIGURES.items():
        assert re.search(rf"^{re.escape(name)}\s+\[{spec.chapter}\]", out.stdout, re.M), name


@pytest.mark.parametrize("args, message", [
    ([], "required"),
    (["figure"], "NAME"),
    (["figure", "no-such-figure"], "unknown figure 'no-such-figure'"),
    (["figure", "2", "--scale", "huge"], "--scale"),
    (["figure", "2", "--out", "fig.jpg"], "--out"),
    (["figure", "2", "--data", "fig.xlsx"], "--data"),
    (["figure", "2", "--seed", "-1"], "--seed"),
    (["figure", "2", "--seed", "one"], "--seed"),
    (["figure", "2", "--out", "/no/such/folder/fig.png"], "does not exist"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_arguments_exit_with_status_2_and_say_what_is_wrong(args, message, capsys):
    with pytest.raises(SystemExit) as exc:
        _cli.main(args)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_every_paper_figure_the_book_reproduces_is_registered():
    assert {"1", "2", "3", "4", "5"} <= set(plotting.FIGURES)


def test_every_named_chapter_figure_has_a_command():
    names = set()
    for md in (ROOT / "book").glob("*.md"):
        names |= set(re.findall(r"^\s+name: fig-([\w-]+)\s*$", md.read_text(encoding="utf-8"), re.M))
    assert names, "no named figures found"
    missing = sorted(names - set(plotting.FIGURES))
    assert not missing, f"chapter figures without a command: {missing}"


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="nope"), "name"), (dict(name=2), "name"),
    (dict(name="2", scale="big"), "scale"), (dict(name="2", seed=-3), "seed"), (dict(name="2", seed=1.5), "seed"),
])
def test_draw_figure_validates_its_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plotting.draw_figure(**kwargs)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(plotting.FIGURES))
def test_every_figure_draws_at_quick_scale_with_its_data(name, tmp_path):
    png, svg, table = tmp_path / "f.png", tmp_path / "f.svg", tmp_path / "f.json"
    out = run("figure", name, "--scale", "quick", "--out", str(png), "--data", str(table), "--quiet")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert png.stat().st_size > 5000
    meta = matplotlib.image.imread(png)
    assert meta.ndim == 3 and min(meta.shape[:2]) > 200
    data = json.loads(table.read_text(encoding="utf-8"))
    assert data["figure"] == name and data["scale"] == "quick"
    assert data["rows"] and all(len(r) == len(data["columns"]) for r in data["rows"])
    numbers = [x for r in data["rows"] for x in r if isinstance(x, float)]
    assert not numbers or np.all(np.isfinite(numbers))
    spec = plotting.FIGURES[name]
    fig, computed = plotting.draw_figure(name, scale="quick")
    alt = spec.alt(computed)
    assert isinstance(alt, str) and len(alt) > 20
    plotting.save_figure(fig, svg, alt=alt)
    assert "<svg" in svg.read_text(encoding="utf-8")[:500]
    matplotlib.pyplot.close("all")


@pytest.mark.slow
def test_csv_data_has_a_header_and_equal_rows(tmp_path):
    name = sorted(plotting.FIGURES)[0]
    path = tmp_path / "f.csv"
    out = run("figure", name, "--out", str(tmp_path / "f.pdf"), "--data", str(path), "--quiet")
    assert out.returncode == 0, out.stderr
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    rows = list(csv.reader(lines))
    assert len(rows) >= 2 and len({len(r) for r in rows}) == 1
    assert (tmp_path / "f.pdf").read_bytes()[:5] == b"%PDF-"
