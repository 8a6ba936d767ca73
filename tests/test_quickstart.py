"""The README's quickstart runs as printed, quickly, and what it prints is true.

The test extracts the first ``python`` block of the README's "Quickstart" section and the
``text`` block after it (what the README says the code prints), runs the code in a fresh
interpreter, and checks: it succeeds, it prints exactly the README's output, it takes a few
seconds of CPU, and the printed claims hold (each best student beats its teacher, stays at or
above the quadratic limit, and recovers a positive share of the gap).
"""

import os
import re
import resource
import subprocess
import sys

import pytest

from _book import ROOT

#: CPU seconds the quickstart may take. It measures about 1 s here (the import, one 1024-feature
#: eigendecomposition, two best-stopping searches); CPU time, with BLAS on one thread, does not
#: grow when other jobs load the machine, as wall time does.
CPU_BUDGET = 10.0


def _section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quickstart\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, "README.md has no '## Quickstart' section"
    return match.group(1)


def _blocks():
    section = _section()
    code = re.search(r"```python\n(.*?)```", section, re.S)
    printed = re.search(r"```text\n(.*?)```", section, re.S)
    assert code and printed, "the quickstart needs a ```python block and the ```text block it prints"
    assert code.start() < printed.start()
    return code.group(1), printed.group(1)


@pytest.fixture(scope="module")
def run():
    code, _ = _blocks()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONHASHSEED="0", MPLBACKEND="Agg")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return res, cpu


def test_quickstart_is_about_twenty_lines():
    code, _ = _blocks()
    assert 12 <= len(code.strip().splitlines()) <= 22


def test_quickstart_runs_without_error_or_warning(run):
    res, _ = run
    assert res.returncode == 0, res.stderr
    assert res.stderr == "", res.stderr


def test_quickstart_runs_in_a_few_seconds(run):
    _, cpu = run
    assert cpu < CPU_BUDGET, f"the quickstart took {cpu:.1f} s of CPU (budget {CPU_BUDGET} s)"


def test_quickstart_prints_what_the_readme_says(run):
    res, _ = run
    _, printed = _blocks()
    assert res.stdout == printed, f"README.md's quickstart output is out of date; it now prints\n{res.stdout}"


def test_printed_claims_hold(run):
    res, _ = run
    lines = res.stdout.splitlines()
    head = re.fullmatch(r"L_TE = (\S+), quadratic limit q\(L_TE\) = (\S+)", lines[0])
    assert head, lines[0]
    teacher_loss, limit = float(head.group(1)), float(head.group(2))
    assert 0 < limit < teacher_loss ** 2 < teacher_loss < 1      # q(L) < L² for 0 < L < 1
    students = [re.fullmatch(r"M_ST = (\S+): t\* = (\S+), L\*_ST = (\S+) = (\S+) L_TE, PGR = (\S+)", line)
                for line in lines[1:]]
    assert len(students) == 2 and all(students), lines[1:]
    assert [m.group(1) for m in students] == ["1024", "inf"]
    for m in students:
        best_time, best_loss, ratio, gain = (float(m.group(i)) for i in range(2, 6))
        assert 0 < best_time < float("inf")
        assert limit <= best_loss < teacher_loss                      # weak-to-strong, above the limit
        assert ratio == pytest.approx(best_loss / teacher_loss, abs=2e-3)   # printed rounded
        assert ratio < 0.5 and 0.5 < gain <= 1                        # "several times better"
    # the wider student is the better one
    assert float(students[1].group(3)) < float(students[0].group(3))
