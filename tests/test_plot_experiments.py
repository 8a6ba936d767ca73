"""The experiments chapter's drawings (paper Figures 4 and 5) show the data they are given."""


import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from w2s_lib import _plot_experiments as pe  # noqa: E402
from w2s_lib.figures import StudentSweep, WidthSweep  # noqa: E402

from _plotcheck import assert_no_code_strings, texts


def _student(rng, lead, n_times):
    """A StudentSweep of random positive numbers with leading axes ``lead``."""
    def arr(*shape):
        return rng.uniform(0.01, 0.5, lead + shape)
    return StudentSweep(curves=arr(n_times), best_loss=arr(), best_time=arr(), converged=arr(), ceiling=arr(),
                        error=arr(), alignment=arr(), ceiling_at_best=arr() / 10)


def fake_sweep(d, sizes=(8, 16, 32), n_seeds=3, widths=(64, 256), seed=0):
    rng = np.random.default_rng([d, seed])
    times = np.concatenate([[0.0], np.logspace(-1, 6, 20), [np.inf]])
    L = np.sort(rng.uniform(0.05, 0.9, (n_seeds, len(sizes))), axis=1)[:, ::-1]
    finite = {m: _student(rng, (1, n_seeds, len(sizes)), times.size) for m in widths}
    return WidthSweep(d, np.array(sizes), times, L, _student(rng, (n_seeds, len(sizes)), times.size), finite, [])


@pytest.fixture(scope="module")
def sweeps():
    return [fake_sweep(d) for d in (8, 12)]


@pytest.fixture(scope="module")
def fig4(sweeps):
    return pe.figure4(sweeps)


@pytest.fixture(scope="module")
def fig5(sweeps):
    return pe.figure5(sweeps)


def test_figure4_top_row_draws_the_mean_ratio_of_the_finite_student(sweeps, fig4):
    fig = fig4
    sw = sweeps[1]
    top = [ax for ax in fig.axes if ax.get_title() == "$d = 12$"][0]
    keep = np.isfinite(sw.times) & (sw.times > 0)
    expected = (sw.finite[256].curves[0, :, 0][:, keep] / sw.teacher_loss[:, 0, None]).mean(axis=0)
    solid = [ln for ln in top.get_lines() if ln.get_linestyle() == "-" and len(ln.get_xdata()) == keep.sum()]
    np.testing.assert_allclose(solid[0].get_ydata(), expected)
    np.testing.assert_allclose(solid[0].get_xdata(), sw.times[keep])


def test_figure4_converged_students_sit_on_the_infinity_panel(sweeps, fig4):
    fig = fig4
    sw = sweeps[0]
    inf_ax = [ax for ax in fig.axes if ax.get_title() == "$d = 8$"][0].child_axes[0]
    assert [t.get_text() for t in inf_ax.get_xticklabels()] == [r"$t = \infty$"]
    points = [ln for ln in inf_ax.get_lines() if ln.get_marker() == "D"]
    assert all(np.all(ln.get_xdata() == 0.0) for ln in points)
    ys = sorted(float(ln.get_ydata()[0]) for ln in points)
    fin = (sw.finite[256].converged[0] / sw.teacher_loss).mean(axis=0)
    inf = (sw.infinite.converged / sw.teacher_loss).mean(axis=0)
    np.testing.assert_allclose(ys, sorted(np.concatenate([fin, inf])))


def test_figure4_labels_come_from_the_data_in_math_notation(sweeps):
    fig = pe.figure4(sweeps, width=64)
    labels = " ".join(texts(fig))
    assert "$M_{\\mathrm{ST}} = 64$" in labels and "$M_{\\mathrm{TE}} = 32$" in labels
    assert "16384" not in labels
    assert_no_code_strings(fig)


def test_figure4_rejects_a_width_the_sweep_does_not_have(sweeps):
    with pytest.raises(ValueError, match="width"):
        pe.figure4(sweeps, width=1000)


def test_figure5_draws_the_mean_best_ratio_per_width(sweeps, fig5):
    fig = fig5
    sw, ax = sweeps[0], fig.axes[0]
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == [r"$M_{\mathrm{ST}} = 64$", r"$M_{\mathrm{ST}} = 256$",
                                                r"$M_{\mathrm{ST}} = \infty$"]
    np.testing.assert_allclose(lines[0].get_ydata(), (sw.finite[64].best_loss[0] / sw.teacher_loss).mean(axis=0))
    np.testing.assert_allclose(lines[2].get_ydata(), (sw.infinite.best_loss / sw.teacher_loss).mean(axis=0))
    np.testing.assert_array_equal(lines[0].get_xdata(), sw.sizes)
    assert_no_code_strings(fig)


def test_figure5_bottom_row_draws_the_ceiling_at_the_best_time_dashed(sweeps, fig5):
    fig = fig5
    sw, bx = sweeps[1], [ax for ax in fig.axes if ax.get_xlabel()][1]       # bottom row, d = 12
    dashed = [ln for ln in bx.get_lines() if ln.get_linestyle() == "--"]
    np.testing.assert_allclose(dashed[1].get_ydata(), sw.finite[256].ceiling_at_best[0].mean(axis=0))


@pytest.mark.parametrize("table", [pe._table4, pe._table5])
def test_tables_have_equal_columns_matching_the_data(sweeps, table):
    cols = table(sweeps)
    assert len({len(v) for v in cols.values()}) == 1
    assert set(cols["d"]) == {8, 12}


def test_table4_rows_are_the_sweeps_numbers(sweeps):
    cols = pe._table4(sweeps)
    sw = sweeps[0]
    np.testing.assert_allclose(cols["L_TE"][:sw.teacher_loss.size], sw.teacher_loss.ravel())
    np.testing.assert_allclose(cols["best_loss"][:sw.teacher_loss.size], sw.finite[256].best_loss[0].ravel())


def test_alt_texts_name_the_dimensions(sweeps):
    assert "d = 8, 12" in pe._alt4(sweeps) and "64, 256" in pe._alt5(sweeps)
