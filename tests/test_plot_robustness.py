"""The robustness chapter's drawings show the data they are given, labelled from it."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from w2s_lib import _plot_robustness as pr  # noqa: E402
from w2s_lib._metrics import StoppingWindow, pgr  # noqa: E402
from w2s_lib._spectral import relu_eigenvalues  # noqa: E402

from test_plot_experiments import assert_no_code_strings, texts  # noqa: E402

SIZES = (8, 16, 32)


@pytest.fixture(scope="module")
def exponents():
    rng = np.random.default_rng(0)
    return {np.inf: {d: rng.uniform(1.5, 1.9, 7) for d in (8, 12)},
            512: {d: rng.uniform(1.3, 1.7, 7) for d in (8, 12)}}


def test_seed_exponents_draws_every_seed_at_its_value(exponents):
    fig = pr.seed_exponents(exponents)
    left, right = fig.axes
    assert left.get_title() == r"$M_{\mathrm{ST}} = \infty$" and right.get_title() == r"$M_{\mathrm{ST}} = 512$"
    dots = right.collections[0].get_offsets()
    np.testing.assert_allclose(dots[:, 1], exponents[512][8])
    assert np.all(np.abs(dots[:, 0]) < 0.2)                   # the first column, jittered
    assert [t.get_text() for t in left.get_xticklabels()] == ["$d = 8$", "$d = 12$"]
    assert_no_code_strings(fig)


def _windows(d, n_seeds=2, unbounded=()):
    rng = np.random.default_rng(d)
    best = rng.uniform(100, 200, n_seeds * len(SIZES))
    upper = best * 3
    upper[list(unbounded)] = np.inf
    return StoppingWindow(best / 2, upper, best, best / 10)


def test_stopping_windows_are_drawn_in_units_of_mu1_and_unbounded_ones_left_out():
    wins = {np.inf: {8: _windows(8, unbounded=[0]), 12: _windows(12)}, 256: {8: _windows(8), 12: _windows(12)}}
    fig = pr.stopping_windows(wins, SIZES)
    ax = fig.axes[0]
    bars = ax.collections[0].get_segments()             # d = 8 at infinite width: size 8 unbounded (seed 0)
    assert len(bars) == len(SIZES) - 1
    mu1 = relu_eigenvalues(8, [1])[0]
    win = wins[np.inf][8]
    lo = np.exp(np.log(np.reshape(win.lower, (-1, len(SIZES))) * mu1).mean(axis=0))
    np.testing.assert_allclose(sorted(seg[0][1] for seg in bars), sorted(lo[1:]))
    dots = ax.collections[1].get_offsets()
    tb = np.exp(np.log(np.reshape(win.best_time, (-1, len(SIZES))) * mu1).mean(axis=0))
    np.testing.assert_allclose(dots[:, 1], tb)
    assert_no_code_strings(fig)


@pytest.fixture(scope="module")
def classes():
    rng = np.random.default_rng(1)
    out = {}
    for d in (6, 8):
        for name in ("linear", "linear + odd"):
            L = rng.uniform(0.4, 0.9, (2, len(SIZES)))
            Lc = np.full((2, len(SIZES)), 0.1)
            out[(d, name)] = (L, L * rng.uniform(0.3, 0.9, L.shape), Lc)
    return out


def test_target_classes_draws_ratio_and_pgr_one_style_per_dimension(classes):
    fig = pr.target_classes(classes, SIZES)
    ax, bx = fig.axes
    L, Ls, Lc = classes[(8, "linear + odd")]
    line = ax.get_lines()[3]                                 # (d, name) in insertion order
    assert line.get_linestyle() == "--"
    np.testing.assert_allclose(line.get_ydata(), (Ls / L).mean(axis=0))
    np.testing.assert_allclose(bx.get_lines()[3].get_ydata(), pgr(L, Ls, Lc).mean(axis=0))
    labels = texts(fig)
    assert "linear + odd" in labels and "$d = 6$" in labels
    assert_no_code_strings(fig)


def test_gaussian_inputs_labels_the_width_from_the_data():
    rng = np.random.default_rng(2)
    res = {name: {"teacher_loss": rng.uniform(0.3, 0.9, (2, 3)), "best_loss": rng.uniform(0.1, 0.2, (2, 3)),
                  "ceiling": rng.uniform(0.0, 0.05, 2)} for name in ("sphere", "Gaussian")}
    res["sphere"]["infinite_best_loss"] = rng.uniform(0.05, 0.1, (2, 3))
    fig = pr.gaussian_inputs(res, SIZES, 333)
    ax, bx, cx = fig.axes
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), res["Gaussian"]["teacher_loss"].mean(axis=0))
    r = res["sphere"]
    np.testing.assert_allclose(cx.get_lines()[0].get_ydata(),
                               pgr(r["teacher_loss"], r["best_loss"], r["ceiling"][:, None]).mean(axis=0))
    assert r"sphere, $M_{\mathrm{ST}} = 333$" in texts(fig)
    assert r"sphere, $M_{\mathrm{ST}} = \infty$" in texts(fig)
    assert_no_code_strings(fig)


def test_tables_have_equal_columns(exponents, classes):
    for cols in (pr._table_seeds(exponents), pr._table_targets({"classes": classes, "sizes": SIZES})):
        assert len({len(v) for v in cols.values()}) == 1
    cols = pr._table_seeds(exponents)
    np.testing.assert_allclose(cols["exponent"][:7], exponents[np.inf][8])
