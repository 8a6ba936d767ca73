"""The relu chapter's drawing functions draw the data they are given, labelled in mathematical
notation, with t = ∞ on its own panel; their command-line specs give equal-length tables."""

import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import w2s_lib as w  # noqa: E402
import w2s_lib.plotting as wp  # noqa: E402
from w2s_lib import _plot_relu, _plot_relu_degrees  # noqa: E402

import _plotcheck
from _plotcheck import texts

TIMES = np.concatenate([[0.0], np.logspace(-1, 6, 15), [np.inf]])
SIZES = [4, 8, 16]


@pytest.fixture(scope="module")
def sweep():
    return w.figures.relu_sweep(8, SIZES, n_seeds=2, times=TIMES, student_width=48, n_students=2, seed=3)


def assert_no_code_strings(fig):
    _plotcheck.assert_no_code_strings(fig)
    for t in texts(fig):
        assert "=" not in re.sub(r"\$[^$]*\$", "", t) or "$" in t, f"an equation outside math: {t!r}"


def lines_with_style(ax, ls):
    return [ln for ln in ax.get_lines() if ln.get_linestyle() == ls and len(ln.get_xdata()) > 2]


def test_ratio_draws_the_mean_curves_and_puts_t_infinity_on_its_panel(sweep):
    fig = wp.relu_ratio(sweep)
    ax = fig.axes[0]
    keep = np.isfinite(TIMES) & (TIMES > 0)
    solid, dashed = lines_with_style(ax, "-"), lines_with_style(ax, "--")
    assert len(solid) == len(dashed) == len(SIZES)
    L = sweep.teacher_loss
    for j in range(len(SIZES)):
        fin = (sweep.finite.curves[:, :, j] / L[None, :, j, None]).mean(axis=(0, 1))
        inf = (sweep.infinite.curves[:, j] / L[:, j, None]).mean(axis=0)
        np.testing.assert_allclose(solid[j].get_ydata(), fin[keep], rtol=1e-12)
        np.testing.assert_allclose(dashed[j].get_ydata(), inf[keep], rtol=1e-12)
        np.testing.assert_allclose(solid[j].get_xdata(), TIMES[keep])
    assert np.all(np.isfinite(np.concatenate([ln.get_xdata() for ln in ax.get_lines()])))
    (panel,) = ax.child_axes
    diamonds = [ln for ln in panel.get_lines() if ln.get_marker() == "D"]
    assert len(diamonds) == 2 * len(SIZES) and all(ln.get_xdata()[0] == 0.0 for ln in diamonds)
    conv = sorted(float(ln.get_ydata()[0]) for ln in diamonds)
    expected = [(sweep.infinite.converged[:, j] / L[:, j]).mean() for j in range(len(SIZES))]
    expected += [(sweep.finite.converged[:, :, j] / L[None, :, j]).mean() for j in range(len(SIZES))]
    np.testing.assert_allclose(conv, sorted(expected), rtol=1e-12)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert r"$M_{\mathrm{ST}} = 48$" in legend and r"$M_{\mathrm{ST}} = \infty$" in legend
    assert [rf"$M_{{\mathrm{{TE}}}} = {m}$" for m in SIZES] == legend[:len(SIZES)]
    assert_no_code_strings(fig)


def test_powerlaw_scatters_one_point_per_seed_and_size(sweep):
    fig = wp.relu_powerlaw(sweep)
    ax = fig.axes[0]
    offsets = np.concatenate([c.get_offsets() for c in ax.collections])
    expected = np.concatenate([
        np.column_stack([sweep.teacher_loss[:, j], best[:, j]])
        for j in range(len(SIZES))
        for best in (sweep.infinite.best_loss, sweep.finite.best_loss.mean(axis=0))])
    np.testing.assert_allclose(offsets, expected, rtol=1e-12)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "slope $1.49$" in legend and r"$M_{\mathrm{ST}} = 48$" in legend
    assert_no_code_strings(fig)


def test_figure2_has_both_panels_drawn_by_the_panel_functions(sweep):
    fig = wp.relu_figure2(sweep)
    main = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in main] == ["(a)", "(b)"]
    assert len(main[0].child_axes) == 1                     # the t = ∞ panel of panel a
    assert len(main[1].collections) == 2 * len(SIZES)
    assert_no_code_strings(fig)


def test_figure2_table_has_one_row_per_seed_and_size(sweep):
    table = _plot_relu._table(sweep)
    n = sweep.teacher_loss.size
    assert {len(v) for v in table.values()} == {n}
    np.testing.assert_allclose(table["L_TE"], sweep.teacher_loss.ravel())
    np.testing.assert_allclose(table["best_L_ST_finite"], sweep.finite.best_loss.mean(axis=0).ravel())
    assert table["M_TE"] == SIZES * 2


def test_spectrum_marks_the_exact_zeros_on_the_bottom_axis():
    degrees = np.arange(0, 9)
    dims = [8, 32]
    mu = np.array([w.relu_eigenvalues(d, degrees) for d in dims])
    fig = wp.relu_spectrum(dims, degrees, mu)
    ax = fig.axes[0]
    (crosses,) = [ln for ln in ax.get_lines() if ln.get_marker() == "x"]
    np.testing.assert_array_equal(crosses.get_xdata(), [3, 5, 7])
    assert np.all(crosses.get_ydata() == ax.get_ylim()[0])
    curves = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    for row, ln in zip(mu, curves):
        np.testing.assert_allclose(ln.get_ydata(), row[row > 0])
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"$d = 8$", "$d = 32$"}
    assert_no_code_strings(fig)


def test_error_degrees_and_degree_bound_draw_the_profiles_and_bounds():
    d = 8
    relu = w.ReLUSphere(d)
    rng = np.random.default_rng([1, 0])
    beta = w.random_direction(d, rng)
    teachers = [w.fit_teacher(relu, W, beta) for W in w.nested_weights(SIZES, d, rng)]
    shown = np.array([0, 1, 2, 4, 6])
    errors = [w.degree_profile(relu, T, max_degree=6).error[shown] for T in teachers]
    fig = wp.relu_error_degrees(SIZES, shown, errors)
    for ln, e in zip(fig.axes[0].get_lines(), errors):
        np.testing.assert_allclose(ln.get_ydata(), e)
    assert_no_code_strings(fig)

    times = np.logspace(0, 4, 21)
    bounds = [w.degree_bound(relu, T, times=times) for T in teachers]
    exact = [w.student_losses(relu, T, times) for T in teachers]
    best = w.best_stopping(relu, teachers).loss
    fig = wp.relu_degree_bound(SIZES, [T.loss for T in teachers], best, bounds, exact, shown=[8])
    left, right = fig.axes[:2]
    (curve,) = lines_with_style(left, "-")
    np.testing.assert_allclose(curve.get_ydata(), exact[1] / teachers[1].loss)
    upper = [ln for ln in right.get_lines() if ln.get_label() == r"$\mathrm{min}_t\, U(t)$"][0]
    np.testing.assert_allclose(upper.get_ydata(), [b.best_upper / L for b, L in zip(bounds, best)])
    assert np.all(upper.get_ydata() >= 1 - 1e-9)
    assert_no_code_strings(fig)


def test_even_draws_the_seed_mean_per_dimension_and_target():
    sizes = {8: [4, 8], 16: [4, 8, 16]}
    ratios = {(8, "even"): np.array([[0.9, 0.5], [0.7, 0.3]]), (16, "linear + even"): np.ones((2, 3)) * 0.95}
    fig = wp.relu_even(sizes, ratios, {8: 35, 16: 135})
    lines = [ln for ln in fig.axes[0].get_lines() if len(ln.get_xdata()) > 1 and ln.get_marker() != "None"]
    np.testing.assert_allclose(lines[0].get_ydata(), [0.8, 0.4])
    assert lines[0].get_linestyle() == "-" and lines[1].get_linestyle() == "--"
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "$d = 8$ ($N(d, 2) = 35$), even"
    assert_no_code_strings(fig)


def test_degree_specs_tables_have_equal_columns():
    data = _plot_relu_degrees._spectrum_data("quick", None, False)
    table = [s for s in _plot_relu.SPECS if s.name == "relu-spectrum"][0].table(data)
    assert len({len(v) for v in table.values()}) == 1
    assert len(table["mu"]) == len(data["dims"]) * len(data["degrees"])


def test_every_relu_spec_is_registered_with_the_command_line():
    names = {s.name for s in _plot_relu.SPECS}
    assert names == {"2", "relu-ratio", "relu-powerlaw", "relu-spectrum", "relu-error-degrees",
                     "relu-degree-bound", "relu-even"}
    assert names <= set(wp.FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["relu-error-degrees", "relu-degree-bound", "relu-even"])
def test_degree_specs_compute_draw_and_tabulate_at_quick_scale(name):
    spec = wp.FIGURES[name]
    data = spec.compute("quick", None, False)
    fig = spec.draw(data)
    assert_no_code_strings(fig)
    assert len({len(v) for v in spec.table(data).values()}) == 1
    assert spec.alt(data)


def test_paper_scale_of_figure_2_is_the_chapters():
    p = _plot_relu.FIGURE2["paper"]
    assert (p["d"], list(p["sizes"]), p["n_seeds"], p["student_width"], p["n_students"]) == (
        32, [16, 32, 64, 128, 256], 5, 16384, 2)
    assert _plot_relu.FIGURE2_SEED == 2025
