"""The golden notebooks: in sync with their sources, executed, and really checked by nbval."""

import os
import re
import subprocess
import sys

import nbformat
import pytest
import yaml


from _book import BOOK, ROOT, regen_module

regen = regen_module()
CHAPTERS = regen.chapters()

#: Cells allowed to carry `nbval-ignore-output`, with what they print. Only timings or progress.
IGNORE_OUTPUT_ALLOWED = {
    ("setup", "cell-015"): "wall time of preparing the student and computing the curves",
    ("computing", "cell-019"): "recorded wall time and peak memory of each chapter",
    ("relu", "cell-018"): "wall time of computing Figure 2's data",
    ("linear", "cell-005"): "wall time of computing Figure 3's data",
    ("lower", "cell-010"): "wall time of recomputing the book's experiments",
    ("experiments", "cell-005"): "wall time of computing Figures 4 and 5",
    ("robustness", "cell-005"): "wall time of the twenty-seed infinite-width sweep",
    ("robustness", "cell-009"): "wall time of the stopping windows",
    ("robustness", "cell-013"): "wall time of the target classes",
    ("robustness", "cell-017"): "wall time of the Gaussian-input comparison",
}
#: The tag a cell carries when it prints genuinely tiny closed-form values (for example
#: mu_8 = 1.3095e-11 at d = 32). Without it, a number below TINY in a compared cell is taken for
#: rounding noise, which differs from machine to machine.
EXACT_TAG = "exact-small-numbers"
TINY = 1e-10
#: A number as printed: 3.2e-16, -0.000000001, 1.5E-12. Not part of a word (d32, M_TE).
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")
#: A number printed as a bound ("< 1e-12", "<= 1e-12", "≤ 1e-12") is not a value.
BOUND_BEFORE = re.compile(r"(<=?|≤)\s*$")
TIMING_LINE = re.compile(r"^\s*(wall time|elapsed|progress)\b.*\d+(\.\d+)?\s*(s|ms|min)\b"
                         r"(, peak memory\s+\d+ MiB)?$", re.I)


def _cells(nb):
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


def test_there_are_chapters():
    assert {"setup", "relu", "linear", "lower", "experiments", "robustness", "computing"} <= {c.stem for c in CHAPTERS}


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_golden_notebook_is_in_sync_with_its_source(md):
    twin = md.with_suffix(".ipynb")
    fix = f"run `make notebooks` (or `python scripts/regenerate_notebooks.py {md.stem}`)"
    assert twin.exists(), f"{twin.name} is missing: {fix}"
    source = regen.read_source(md)
    golden = nbformat.read(twin, as_version=4)
    a, b = _cells(source), _cells(golden)
    assert len(a) == len(b), f"{md.name} has {len(a)} cells, {twin.name} has {len(b)}: {fix}"
    for i, (x, y) in enumerate(zip(a, b)):
        assert x == y, f"cell {i} of {twin.name} differs from {md.name}: {fix}"
    assert [c.id for c in golden.cells] == [f"cell-{i:03d}" for i in range(len(golden.cells))]


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_golden_notebook_is_fully_executed_without_errors(md):
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "not executed: run make notebooks"
    for c in code:
        assert not any(o.output_type == "error" for o in c.outputs), f"{c.id} holds an error"
        for o in c.outputs:
            assert "execution" not in o.get("metadata", {}), "timing metadata makes regeneration non-deterministic"


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_cell_has_png_and_numbers_after_it(md):
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    cells = nb.cells
    for i, c in enumerate(cells):
        fig = c.metadata.get("mystnb", {}).get("figure")
        if c.cell_type != "code" or not fig:
            continue
        assert fig.get("name") and fig.get("caption"), f"{c.id}: a figure needs a name and a caption"
        assert any("image/png" in o.get("data", {}) for o in c.outputs), f"{c.id}: no PNG output"
        assert not any("image/svg+xml" in o.get("data", {}) for o in c.outputs), "SVG defeats nbval"
        if fig["name"].endswith("schematic"):
            continue  # a drawing without numbers
        later = [x for x in cells[i + 1:] if x.cell_type == "code"]
        assert later and any(o.output_type == "stream" for o in later[0].outputs), (
            f"{c.id}: the cell after figure {fig['name']} must print its key numbers")


def test_ignore_output_tags_only_on_timing_cells():
    found = {}
    for md in CHAPTERS:
        nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
        for c in nb.cells:
            if "nbval-ignore-output" in c.metadata.get("tags", []):
                found[(md.stem, c.id)] = c
    unexpected = set(found) - set(IGNORE_OUTPUT_ALLOWED)
    assert not unexpected, f"nbval-ignore-output on cells not in the allow-list: {sorted(unexpected)}"
    stale = set(IGNORE_OUTPUT_ALLOWED) - set(found)
    assert not stale, f"allow-list names cells that no longer carry the tag: {sorted(stale)}"
    for key, c in found.items():
        text = "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream")
        assert all(o.output_type == "stream" for o in c.outputs), f"{key} shows more than printed text"
        lines = [ln for ln in text.splitlines() if ln.strip()]
        assert lines, f"{key} prints nothing: drop the tag"
        for ln in lines:
            assert TIMING_LINE.match(ln), f"{key} prints a non-timing line under nbval-ignore-output: {ln!r}"


def tiny_numbers(text):
    """The printed numbers in ``text`` with 0 < |x| < TINY that are not written as bounds."""
    found = []
    for m in NUMBER.finditer(text):
        try:
            x = float(m.group())
        except ValueError:
            continue
        if 0 < abs(x) < TINY and not BOUND_BEFORE.search(text[:m.start()]):
            found.append(m.group())
    return found


def _printed_text(cell):
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        elif "data" in o:
            parts.append(o["data"].get("text/plain", ""))
    return "".join(parts)


def test_tiny_number_check_tells_noise_from_bounds():
    assert tiny_numbers("spectrum of S in [-3.2e-16, 1.0000]") == ["-3.2e-16"]
    assert tiny_numbers("relative gap 8.9e-16; loss 0.000000000012") == ["8.9e-16", "0.000000000012"]
    assert tiny_numbers("relative gap < 1e-12, |err| <= 1e-14, err ≤ 2.0e-13") == []
    assert tiny_numbers("mu_8 = 1.3095e-11 at d32, M_TE = 256, 0.0") == ["1.3095e-11"]
    assert tiny_numbers("L = 1.234e-03, 5e-10, 2.5e+02") == []


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_no_rounding_noise_in_compared_cells(md):
    """Rounding noise (a zero computed as 1e-16) differs between machines and breaks nbval there.

    It must be printed as a bound (``< 1e-12``) or a pass/fail word. A cell that prints a genuinely
    tiny closed-form value declares it with the tag ``exact-small-numbers``.
    """
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        tags = c.metadata.get("tags", [])
        if "nbval-ignore-output" in tags or EXACT_TAG in tags:
            continue
        found = tiny_numbers(_printed_text(c))
        assert not found, (
            f"{md.stem} {c.id} prints {found}: below {TINY:g}, this looks like rounding noise. Print a "
            f"bound ('< 1e-12') or a pass/fail word; if the value is an exact closed form, tag the "
            f"cell `{EXACT_TAG}`.")


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_exact_small_numbers_tag_is_used_only_where_needed(md):
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    for c in nb.cells:
        if EXACT_TAG in c.metadata.get("tags", []):
            assert tiny_numbers(_printed_text(c)), f"{md.stem} {c.id}: drop `{EXACT_TAG}`, it prints no tiny value"


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_golden_outputs_are_normalised(md):
    """One print is one stream chunk, however the kernel delivered it (deterministic regeneration)."""
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    for c in nb.cells:
        outs = c.get("outputs", [])
        for a, b in zip(outs, outs[1:]):
            assert not (a.output_type == b.output_type == "stream" and a.name == b.name), (
                f"{md.stem} {c.id}: consecutive {a.name} chunks; regenerate with scripts/regenerate_notebooks.py")


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_no_warnings_in_golden_notebooks(md):
    """A warning printed in a chapter names a temporary file of the kernel: it differs on every run."""
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert not (o.output_type == "stream" and o.name == "stderr"), (
                f"{md.stem} {c.id} writes to stderr: {o.text[:200]!r}")


def test_stream_chunks_are_coalesced():
    outs = [nbformat.v4.new_output("stream", name="stdout", text="a "),
            nbformat.v4.new_output("stream", name="stdout", text="b\n"),
            nbformat.v4.new_output("stream", name="stderr", text="w\n"),
            nbformat.v4.new_output("stream", name="stdout", text="c\n")]
    merged = regen.coalesce_streams(outs)
    assert [(o.name, o.text) for o in merged] == [("stdout", "a b\n"), ("stderr", "w\n"), ("stdout", "c\n")]


def test_chapter_sources_are_in_the_toc_and_excluded_from_the_build():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    toc = (ROOT / "_toc.yml").read_text()
    for md in CHAPTERS:
        rel = md.relative_to(ROOT).as_posix()
        assert rel in config["exclude_patterns"], f"add {rel} to exclude_patterns (the build uses the .ipynb)"
        assert f"file: {rel[:-3]}" in toc, f"{rel} is not in _toc.yml"
    assert config["execute"]["execute_notebooks"] == "off"


def _run_nbval(path, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONHASHSEED"] = "0"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
           "--nbval", "--nbval-current-env", f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}",
           str(path)]
    return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.book
def test_nbval_catches_a_changed_number(tmp_path):
    golden = BOOK / "setup.ipynb"
    nb = nbformat.read(golden, as_version=4)
    intact = tmp_path / "intact.ipynb"
    nbformat.write(nb, intact)
    changed = False
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.output_type == "stream" and "L_TE by hand" in o.text:
                new = re.sub(r"(library = \d\.\d{5})(\d)",
                             lambda m: m.group(1) + str((int(m.group(2)) + 1) % 10), o.text)
                assert new != o.text
                o.text = new
                changed = True
    assert changed, "the cell printing the teacher loss was not found"
    edited = tmp_path / "edited.ipynb"
    nbformat.write(nb, edited)
    ok = _run_nbval(intact, tmp_path)
    assert ok.returncode == 0, ok.stdout[-3000:]
    bad = _run_nbval(edited, tmp_path)
    assert bad.returncode != 0, "nbval accepted a notebook whose printed number was changed"
    assert "L_TE by hand" in bad.stdout


def test_every_proof_reference_carries_its_text():
    """A bare {prf:ref} to an unnumbered statement renders as a number the heading does not show."""
    bare = re.compile(r"\{prf:ref\}`[^`<]+`")
    for md in BOOK.glob("*.md"):
        found = bare.findall(md.read_text(encoding="utf-8"))
        assert not found, f"{md.name}: write {{prf:ref}}`text <label>`, not {found}"
