"""The linear chapter's drawing functions (paper Figure 3, the two choices of ε) and their specs."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

import w2s_lib as w
from w2s_lib import plotting as wp
from w2s_lib._plot_linear import SPECS

from _plotcheck import assert_no_code_strings


@pytest.fixture(scope="module")
def sweep():
    times = np.concatenate([[0.0], np.logspace(-1, 8, 31), [np.inf]])
    return w.figures.linear_sweep([16, 32], n_seeds=2, times=times, rule="1/d", seed=3)


@pytest.fixture(scope="module")
def alt(sweep):
    return w.figures.linear_sweep([16, 32], n_seeds=2, times=sweep.times, rule="1/M", seed=3)


def test_ratio_panel_draws_the_mean_ratio_at_every_finite_positive_time(sweep):
    fig = wp.linear_ratio(sweep)
    ax = fig.axes[0]
    finite = np.isfinite(sweep.times) & (sweep.times > 0)
    curves = [line for line in ax.get_lines() if line.get_label().startswith("$M")]
    assert len(curves) == len(sweep.sizes)
    for j, line in enumerate(curves):
        expected = (sweep.infinite.curves[:, j] / sweep.teacher_loss[:, j, None] ** 2).mean(axis=0)
        np.testing.assert_allclose(line.get_xdata(), sweep.times[finite])
        np.testing.assert_allclose(line.get_ydata(), expected[finite])
        assert str(sweep.sizes[j]) in line.get_label()
    plt.close(fig)


def test_ratio_panel_puts_the_converged_students_on_the_infinity_panel(sweep):
    fig = wp.linear_ratio(sweep)
    main, inf_ax = fig.axes[0], fig.axes[0].child_axes[0]
    assert [t.get_text() for t in inf_ax.get_xticklabels()] == [r"$t = \infty$"]
    dots = [line for line in inf_ax.get_lines() if line.get_marker() == "o"]
    expected = (sweep.infinite.converged / sweep.teacher_loss**2).mean(axis=0)
    np.testing.assert_allclose([d.get_ydata()[0] for d in dots], expected)
    assert all(np.all(d.get_xdata() == 0) for d in dots)
    assert all(np.all(np.isfinite(line.get_xdata())) for line in main.get_lines()
               if len(line.get_xdata()) > 2)
    plt.close(fig)


def test_predictions_are_dotted_closed_form_curves(sweep):
    loss, best = wp.linear_predictions(sweep)
    fig = wp.linear_ratio(sweep, predicted_loss=loss)
    dotted = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == ":"
              and len(line.get_xdata())]
    t = dotted[0].get_xdata()
    expected = w.diagonal_family_losses(loss[0], sweep.eps[0], t) / loss[0] ** 2
    np.testing.assert_allclose(dotted[0].get_ydata(), expected)
    assert np.all(best >= loss**2 * (1 - 1e-12))            # the sandwich holds for the prediction
    plt.close(fig)


def test_power_law_panel_scatters_each_teacher_once(sweep):
    fig = wp.linear_power_law(sweep)
    ax = fig.axes[0]
    points = np.concatenate([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)
                             and c.get_label().startswith("$M")])
    expected = np.column_stack([sweep.teacher_loss.T.ravel(), sweep.infinite.best_loss.T.ravel()])
    np.testing.assert_allclose(points, expected)
    plt.close(fig)


def test_eps_label_reads_the_rule_from_the_sweep(sweep, alt):
    assert wp.eps_label(sweep) == r"$\varepsilon = 1/d$"
    assert wp.eps_label(alt) == r"$\varepsilon = 1/M_{\mathrm{TE}}$"


def test_eps_figure_labels_and_ticks_follow_the_sweeps(sweep, alt):
    fig = wp.linear_eps([sweep, alt])
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [wp.eps_label(sweep), wp.eps_label(alt)]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["16", "32"]
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), (sweep.infinite.best_loss / sweep.teacher_loss**2).mean(axis=0))
    plt.close(fig)


def test_every_figure_uses_mathematical_labels(sweep, alt):
    loss, best = wp.linear_predictions(sweep)
    figs = [wp.linear_ratio(sweep, loss), wp.linear_power_law(sweep, None, loss, best),
            wp.linear_eps([sweep, alt], [wp.linear_predictions(sweep), wp.linear_predictions(alt)]),
            wp.figure_3(sweep, loss, best)]
    for fig in figs:
        assert_no_code_strings(fig)
        plt.close(fig)


def test_figure_3_draws_both_panels_side_by_side(sweep):
    fig = wp.figure_3(sweep)
    a, b = fig.axes[:2]
    assert a.get_position().x1 <= b.get_position().x0 + 1e-9 or a.get_position().x0 < b.get_position().x0
    assert a.get_title(loc="left") == "(a)" and b.get_title(loc="left") == "(b)"
    plt.close(fig)


@pytest.mark.slow
def test_spec_tables_have_equal_columns_that_match_the_data():
    specs = {s.name: s for s in SPECS}
    assert {"3", "linear-ratio", "linear-powerlaw", "linear-eps"} == set(specs)
    data = specs["3"].compute("quick", None, False)
    sw = data["sweep"]
    for name in ("3", "linear-ratio", "linear-powerlaw"):
        table = specs[name].table(data)
        assert len({len(v) for v in table.values()}) == 1
        assert isinstance(specs[name].alt(data), str)
    table = specs["3"].table(data)
    np.testing.assert_allclose(table["L_TE"], sw.teacher_loss.ravel())
    np.testing.assert_allclose(table["best_L_ST"], sw.infinite.best_loss.ravel())
    assert set(table["M_TE"]) == {int(m) for m in sw.sizes}
