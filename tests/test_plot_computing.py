"""The appendix's drawing: the Krylov convergence figure shows its data, clipped at the rounding floor."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from w2s_lib import _plot_computing as pc  # noqa: E402

from test_plot_experiments import assert_no_code_strings  # noqa: E402


def test_krylov_convergence_draws_errors_clipped_at_the_floor():
    steps, errors = [4, 8, 12], [1e-2, 1e-7, 1e-14]
    estimates = [np.inf, 1e-6, 1e-13]
    fig = pc.krylov_convergence(steps, errors, estimates, floor=1e-10)
    ax = fig.axes[0]
    err, est, floor = ax.get_lines()
    np.testing.assert_allclose(err.get_ydata(), [1e-2, 1e-7, 1e-10])
    np.testing.assert_array_equal(err.get_xdata(), steps)
    np.testing.assert_allclose(est.get_ydata(), [1e-6, 1e-10])          # no estimate before the first check
    np.testing.assert_allclose(floor.get_ydata(), [1e-10, 1e-10])
    assert_no_code_strings(fig)


def test_krylov_convergence_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="equal lengths"):
        pc.krylov_convergence([4, 8], [1e-3], [1e-3, 1e-4])


def test_krylov_table_has_one_row_per_step():
    data = {"steps": [4, 8], "errors": [1e-3, 1e-6], "estimates": [np.inf, 1e-5], "d": 8, "width": 64,
            "n_teachers": 2}
    cols = pc.SPECS[0].table(data)
    assert {len(v) for v in cols.values()} == {2}
    assert "d = 8" in pc.SPECS[0].alt(data)
