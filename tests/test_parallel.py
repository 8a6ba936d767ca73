"""The parallel sweep gives the serial numbers: joblib's process pool and a two-worker Dask cluster.

The unit of parallel work is one prepared student with all its teachers; the results must not
depend on how the units were run. Agreement is to 1e-12 relative, with losses measured against
the scale of every loss, ‖f*‖² = 1 (a loss is c0 - 2 Σ s u + Σ s² v, so its rounding is absolute):
the workers pin BLAS to one thread, which may change the rounding but nothing more.
"""

import dataclasses

import joblib
import numpy as np
import pytest

import w2s_lib as w

pytestmark = pytest.mark.slow

ARGS = dict(d=8, sizes=[4, 8], n_seeds=2, times=[0.0, 1.0, 100.0, 1e4, np.inf], widths=[48, 4200], seed=5)


def _assert_same(a, b):
    np.testing.assert_allclose(a.teacher_loss, b.teacher_loss, rtol=1e-12)
    assert sorted(a.finite) == sorted(b.finite) == [48, 4200]
    for width in a.finite:
        for field in dataclasses.fields(w.figures.StudentSweep):
            x, y = getattr(a.finite[width], field.name), getattr(b.finite[width], field.name)
            if field.name in ("best_time", "alignment", "error"):
                continue   # where a flat minimum lies (and what is evaluated there); a solver's estimate
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-12, err_msg=f"{width} {field.name}")


@pytest.fixture(scope="module")
def serial():
    return w.figures.width_sweep(**ARGS)


def test_process_pool_agrees_with_the_serial_sweep(serial):
    _assert_same(serial, w.figures.width_sweep(**ARGS, n_jobs=2))


def test_dask_cluster_agrees_with_the_serial_sweep(serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"):
            parallel = w.figures.width_sweep(**ARGS, n_jobs=-1)
    _assert_same(serial, parallel)


def test_students_of_one_index_are_nested_across_widths():
    from w2s_lib._sweeps import student_weights

    narrow, wide = student_weights(8, 48, 0, 5), student_weights(8, 4200, 0, 5)
    np.testing.assert_array_equal(narrow, wide[:48])


@pytest.mark.parametrize("n_jobs", [0, 1.5, "2", True])
def test_n_jobs_is_validated(n_jobs):
    with pytest.raises(ValueError, match="n_jobs must be None or a non-zero integer"):
        w.figures.width_sweep(**{**ARGS, "widths": [16]}, n_jobs=n_jobs)
