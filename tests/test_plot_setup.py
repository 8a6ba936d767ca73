"""The setup chapter's drawing functions: the schematic and the first example's loss ratio."""

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import w2s_lib.plotting as wp  # noqa: E402
from w2s_lib import _plot_setup  # noqa: E402

from _plotcheck import assert_no_code_strings

TIMES = np.array([0.0, 1.0, 10.0, 100.0, 1e3, np.inf])


def example():
    curves = np.array([[1.0, 0.8, 0.3, 0.2, 0.5, 0.7], [1.0, 0.7, 0.2, 0.1, 0.6, 0.9]])
    return curves, 0.9


def test_schematic_draws_two_networks_in_the_book_palette():
    fig = wp.setup_schematic(n_teacher_drawn=3, n_student_drawn=7)
    ax = fig.axes[0]
    colours = {matplotlib.colors.to_hex(ln.get_color()) for ln in ax.get_lines()}
    assert {c.lower() for c in wp.CATEGORICAL[:2]} <= colours
    assert sum(len(c.get_offsets()) for c in ax.collections) == 2 * 4 + 3 + 7 + 2
    assert_no_code_strings(fig)


def test_example_draws_the_ratio_and_puts_t_infinity_on_its_panel():
    curves, L_te = example()
    fig = wp.setup_example(TIMES, curves, L_te, [100, math.inf], best_times=[100.0, 100.0],
                           best_losses=[0.2, 0.1])
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1 and ln.get_linestyle() in ("-", "--")]
    lines = [ln for ln in lines if ln.get_xdata()[0] > 0]
    assert [ln.get_linestyle() for ln in lines] == ["-", "--"]
    for ln, c in zip(lines, curves):
        np.testing.assert_allclose(ln.get_xdata(), TIMES[1:-1])
        np.testing.assert_allclose(ln.get_ydata(), c[1:-1] / L_te)
    (panel,) = ax.child_axes
    diamonds = [ln for ln in panel.get_lines() if ln.get_marker() == "D"]
    np.testing.assert_allclose([ln.get_ydata()[0] for ln in diamonds], curves[:, -1] / L_te)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [r"$M_{\mathrm{ST}} = 100$", r"$M_{\mathrm{ST}} = \infty$"]
    assert_no_code_strings(fig)


def test_example_table_matches_the_data():
    curves, L_te = example()
    data = {"times": TIMES, "curves": curves, "teacher_loss": L_te, "widths": [100, math.inf]}
    table = _plot_setup._example_table(data)
    assert {len(v) for v in table.values()} == {TIMES.size}
    np.testing.assert_allclose(table["L_ST/L_TE (M_ST=100)"], curves[0] / L_te)
    np.testing.assert_allclose(table["L_ST/L_TE (M_ST=inf)"], curves[1] / L_te)


def test_schematic_spec_has_a_table_and_alt_text():
    spec = wp.FIGURES["1"]
    table = spec.table(spec.compute("quick", None, False))
    assert len({len(v) for v in table.values()}) == 1 and spec.alt(None)


@pytest.mark.slow
def test_example_spec_reproduces_the_chapter_teacher_at_quick_scale():
    spec = wp.FIGURES["setup-example"]
    data = spec.compute("quick", None, False)
    assert data["teacher_loss"] == pytest.approx(0.0951197587, rel=1e-8)   # the chapter's L_TE
    assert data["widths"] == [_plot_setup.EXAMPLE["quick_width"], math.inf]
    assert_no_code_strings(spec.draw(data))
