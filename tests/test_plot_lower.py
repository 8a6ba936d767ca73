"""The lower-bounds chapter's drawing functions and their specs."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

import w2s_lib as w
from w2s_lib import plotting as wp
from w2s_lib._plot_lower import SPECS

from _plotcheck import assert_no_code_strings


def _experiments():
    rng = np.random.default_rng(0)
    L = np.geomspace(1e-3, 0.5, 6)
    out = {}
    for k, label in enumerate([r"ReLU, $d = 8$, $M_{\mathrm{ST}} = \infty$", r"linear, $\varepsilon = 1/d$"]):
        best = w.quadratic_lower_bound(L) * (1.1 + k + rng.random(L.size))
        out[label] = (L, best, best / L * 0.9)
    return out


def _scatter_points(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]


def test_limits_scatter_every_best_student_with_its_label():
    exps = _experiments()
    paths = [(0.1, np.array([1.0, 0.5, 0.1]))]
    fig = wp.lower_limits(exps, paths)
    ax = fig.axes[0]
    labelled = {c.get_label(): c.get_offsets() for c in _scatter_points(ax)}
    for label, (x, y, _) in exps.items():
        np.testing.assert_allclose(labelled[label], np.column_stack([x, y]))
    grey = [c for c in _scatter_points(ax) if c.get_label().startswith("_")]
    np.testing.assert_allclose(grey[0].get_offsets(), [[0.1, 1.0], [0.1, 0.5], [0.1, 0.1]])
    limit = [line for line in ax.get_lines() if line.get_label() == "quadratic limit $q$"][0]
    np.testing.assert_allclose(limit.get_ydata(), w.quadratic_lower_bound(limit.get_xdata()))
    assert_no_code_strings(fig)
    plt.close(fig)


def test_alignment_plots_the_copied_part_against_the_best_loss():
    exps = _experiments()
    fig = wp.lower_alignment(exps)
    ax = fig.axes[0]
    for c, (x, y, a) in zip(_scatter_points(ax), exps.values()):
        np.testing.assert_allclose(c.get_offsets(), np.column_stack([x * a, y]))
    equality = [line for line in ax.get_lines() if line.get_label() == "equality"][0]
    np.testing.assert_allclose(equality.get_xdata(), equality.get_ydata())
    assert_no_code_strings(fig)
    plt.close(fig)


def test_geometry_finds_the_nearest_point_of_the_ball_at_the_quadratic_limit():
    L = 0.3
    f_te, f_star = np.array([np.sqrt(1 - L), 0.0]), np.array([np.sqrt(1 - L), np.sqrt(L)])
    fig = wp.lower_geometry(f_te, f_star)
    red = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == "-"][0]
    h = np.array([red.get_xdata()[0], red.get_ydata()[0]])
    assert np.linalg.norm(h - f_te / 2) == pytest.approx(np.linalg.norm(f_te) / 2)
    assert np.sum((h - f_star) ** 2) == pytest.approx(w.quadratic_lower_bound(L))
    plt.close(fig)


def test_budget_skips_the_zero_norm_start_and_marks_both_best_students():
    rb, rl = np.array([0.0, 1.0, 2.0]), np.array([1.0, 0.2, 0.3])
    fb, fl = np.array([0.0, 0.5, 1.5, 2.5]), np.array([1.0, 0.5, 0.1, 0.3])
    fig = wp.lower_budget(rb, rl, fb, fl, (1.0, 0.2), (1.5, 0.1), 0.3)
    ax = fig.axes[0]
    flow = [line for line in ax.get_lines() if line.get_label() == "gradient flow"][0]
    np.testing.assert_allclose(flow.get_xdata(), fb[1:])
    marks = np.concatenate([c.get_offsets() for c in _scatter_points(ax)])
    np.testing.assert_allclose(marks, [[1.0, 0.2], [1.5, 0.1]])
    hlines = sorted(line.get_ydata()[0] for line in ax.get_lines() if line.get_label().startswith("_"))
    assert hlines == pytest.approx(sorted([0.3, w.quadratic_lower_bound(0.3)]))
    assert_no_code_strings(fig)
    plt.close(fig)


def test_bootstrap_draws_the_rounds_between_the_two_limits():
    rounds, losses = np.array([1, 2, 4]), np.array([0.01, 0.006, 0.004])
    fig = wp.lower_bootstrap(rounds, losses, 0.1)
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), rounds)
    np.testing.assert_allclose(line.get_ydata(), losses)
    levels = {l.get_label(): l.get_ydata()[0] for l in ax.get_lines()[1:]}
    assert levels["bootstrap limit"] == pytest.approx(w.bootstrap_lower_bound(0.1))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "4"]
    plt.close(fig)


@pytest.mark.parametrize("name", ["lower-geometry", "lower-bootstrap"])
def test_fast_specs_tables_match_their_data(name):
    spec = {s.name: s for s in SPECS}[name]
    data = spec.compute("paper", None, False)
    table = spec.table(data)
    assert len({len(v) for v in table.values()}) == 1
    if name == "lower-bootstrap":
        np.testing.assert_allclose(table["L_ST"], data["losses"])
        assert table["L_ST"][1] < w.quadratic_lower_bound(data["teacher_loss"])
    assert len(spec.alt(data)) > 20
    plt.close(spec.draw(data))


@pytest.mark.slow
def test_experiment_specs_table_every_teacher_once():
    specs = {s.name: s for s in SPECS}
    data = specs["lower-limits"].compute("quick", None, False)
    table = specs["lower-limits"].table(data)
    assert len({len(v) for v in table.values()}) == 1
    assert len(table["L_TE"]) == sum(np.size(x) for x, *_ in data["experiments"].values())
    assert np.all(np.array(table["best_L_ST"]) >= w.quadratic_lower_bound(np.array(table["L_TE"])))
    for fig in (specs["lower-limits"].draw(data), specs["lower-alignment"].draw(data)):
        assert_no_code_strings(fig)
        plt.close(fig)
