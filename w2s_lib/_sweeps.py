"""The work units of the figure sweeps, and running them serially or in parallel.

A sweep over seeds × teacher sizes × student widths is embarrassingly parallel across
*students*: the unit of work is one prepared student serving all its teachers in one batched
run (a Krylov run depends on its start block, so a student's teachers are never split). The
units run serially in this process, or through joblib (processes on this machine; Dask, or any
joblib backend, through ``joblib.parallel_config``), with BLAS threads pinned per worker by
threadpoolctl so that workers do not oversubscribe the cores.
"""

from __future__ import annotations

import numbers
import sys
import time

import numpy as np
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from ._curves import TIME_GRID
from ._finite import FiniteStudent
from ._metrics import best_over_curves
from ._sampling import sphere_weights
from ._validation import as_dimension

__all__ = ["FINITE_SEED_OFFSET", "student_weights", "sweep_fields", "infinite_unit", "finite_unit",
           "run_units", "as_n_jobs"]

#: Finite student f of a sweep draws its weights from default_rng([seed, FINITE_SEED_OFFSET + f]),
#: a stream disjoint from the seeds' own default_rng([seed, s]). Students of different widths
#: with the same f are nested: the narrower one is the first rows of the wider one.
FINITE_SEED_OFFSET = 1_000_000


def student_weights(d, width, f, seed):
    """The weights of finite student ``f`` of width ``width`` in a sweep with base ``seed``."""
    return sphere_weights(width, d, np.random.default_rng([seed, FINITE_SEED_OFFSET + f]))


def sweep_fields(curve, ceiling, times, teacher_losses, grid=TIME_GRID):
    """The fields of a StudentSweep, in order, for every teacher of one batched curve."""
    best_t, best_L = best_over_curves([curve], grid)
    ceil = best_over_curves([ceiling], grid)[1]
    passed = np.array([curve.subset(i).passed_error([t])[0, 0] for i, t in enumerate(best_t)])
    L = np.asarray(teacher_losses, dtype=np.float64)
    align = passed / np.where(L > 0, L, 1.0)
    converged = curve.evaluate(np.array([np.inf]))[:, 0]
    ceil_at_best = np.array([ceiling.subset(i).evaluate([t])[0, 0] for i, t in enumerate(best_t)])
    return curve.evaluate(times), best_L, best_t, converged, ceil, np.asarray(curve.error), align, ceil_at_best


def infinite_unit(setting, teachers, times):
    """The infinite-width student of every teacher (one curve each): a list of field tuples."""
    return [sweep_fields(setting.infinite_curve(T), setting.infinite_ceiling_curve(T), times, [T.loss])
            for T in teachers]


def finite_unit(setting, width, f, seed, teachers, times):
    """One prepared student (unit-norm rows) of width ``width`` serving every teacher in one batched run."""
    student = FiniteStudent(setting, student_weights(setting.d, width, f, seed))
    curve, ceiling = student.curve_pair(teachers)
    del student
    return sweep_fields(curve, ceiling, times, [T.loss for T in teachers])


def as_n_jobs(n_jobs):
    """None, or a non-zero integer as joblib reads it (-1 all cores, -2 all but one, ...)."""
    if n_jobs is None:
        return None
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ValueError(f"n_jobs must be None or a non-zero integer (joblib's convention), got {n_jobs!r}")
    return int(n_jobs)


def _pinned(fn, args, blas_threads):
    if blas_threads is None:
        return fn(*args)
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return fn(*args)


def run_units(fn, units, n_jobs=None, blas_threads=None, progress=False):
    """``[fn(*args) for args in units]`` in order, serially or through joblib.

    Parameters
    ----------
    fn : callable
        A module-level function (it is pickled to the workers).
    units : list of tuple
        The arguments of each unit of work.
    n_jobs : int or None
        None or 1: serially, in this process. Otherwise passed to ``joblib.Parallel``
        (-1: all cores; under ``joblib.parallel_config(backend="dask")`` the Dask cluster's
        workers).
    blas_threads : int or None
        BLAS threads per worker in a parallel run (default 1, so that the workers share the
        cores instead of oversubscribing them); None in a serial run leaves BLAS as it is.
    progress : bool
        Report each finished unit on stderr (joblib's progress in a parallel run).
    """
    n_jobs = as_n_jobs(n_jobs)
    if n_jobs not in (None, 1):
        blas_threads = 1 if blas_threads is None else as_dimension("blas_threads", blas_threads, minimum=1)
        return Parallel(n_jobs=n_jobs, verbose=10 if progress else 0)(
            delayed(_pinned)(fn, args, blas_threads) for args in units)
    if blas_threads is not None:
        blas_threads = as_dimension("blas_threads", blas_threads, minimum=1)
    out, t0 = [], time.perf_counter()
    for i, args in enumerate(units):
        out.append(_pinned(fn, args, blas_threads))
        if progress:
            done = 24 * (i + 1) // len(units)
            end = "\r" if sys.stderr.isatty() and i + 1 < len(units) else "\n"
            print(f"[w2s_lib] [{'#' * done}{'.' * (24 - done)}] {i + 1}/{len(units)} students, "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr, end=end, flush=True)
    return out
