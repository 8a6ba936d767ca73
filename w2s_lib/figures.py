"""The data behind the book's figures: one function per experiment, returning arrays.

The figures are drawn by :mod:`w2s_lib.plotting`. Every function is deterministic given its ``seed``:
seed s of an experiment uses ``numpy.random.default_rng([seed, s])`` for its target
direction and nested teacher weights, and finite student f uses
``numpy.random.default_rng([seed, 1_000_000 + f])`` (students of different widths with the
same f are nested). The ReLU sweeps run their students serially, or in parallel with
``n_jobs`` (joblib; a Dask cluster through ``joblib.parallel_config(backend="dask")``); the
numbers do not depend on how they were run.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ._degrees import degree_profile
from ._linear_gaussian import LinearGaussian
from ._metrics import best_stopping
from ._relu_sphere import ReLUSphere
from ._sampling import as_sizes, gaussian_weights, nested_weights, random_direction
from ._sweeps import finite_unit, infinite_unit, run_units
from ._targets import ZonalTarget
from ._teacher import fit_teacher
from ._validation import as_dimension, as_times, frozen

__all__ = ["StudentSweep", "ReLUSweep", "relu_sweep", "even_target_sweep", "WidthSweep", "width_sweep", "LinearSweep", "linear_sweep",
           "linear_variance"]


@dataclass(frozen=True)
class StudentSweep:
    """One kind of student over every seed and teacher size.

    Leading axes: (seed, size) for the infinite-width student; (student, seed, size)
    for finite students.

    Attributes
    ----------
    curves : ndarray (..., n_times)
        L_ST(t) on the sweep's time grid.
    best_loss, best_time : ndarray (...)
        L*_ST and t* from continuous minimisation over log t.
    converged : ndarray (...)
        L_ST(∞), exactly.
    ceiling : ndarray (...)
        L_SC, the same student trained on f*, at its own best time.
    error : ndarray (...)
        The solver's error bound or estimate.
    alignment : ndarray (...)
        κ̂(t*) = ‖s(t*𝒯) e‖² / L_TE, the book's stand-in for κ_S at the best time
        (:func:`w2s_lib.alignment`).
    ceiling_at_best : ndarray (...)
        The ceiling's curve at the student's own best time, L_SC(t*): what the same student
        trained on f* itself would still miss when stopped at t*.
    """

    curves: np.ndarray
    best_loss: np.ndarray
    best_time: np.ndarray
    converged: np.ndarray
    ceiling: np.ndarray
    error: np.ndarray
    alignment: np.ndarray
    ceiling_at_best: np.ndarray


@dataclass(frozen=True)
class ReLUSweep:
    """Data of a ReLU weak-to-strong sweep (Figures 2, 4, 5; book: ReLU chapter).

    Attributes
    ----------
    d : int
    sizes : ndarray of int, shape (n_sizes,)
        Teacher widths M_TE.
    times : ndarray of shape (n_times,)
    teacher_loss : ndarray of shape (n_seeds, n_sizes)
    infinite : StudentSweep
        Leading axes (n_seeds, n_sizes).
    finite : StudentSweep or None
        Leading axes (n_students, n_seeds, n_sizes).
    student_width : int or None
    teachers : list of Teacher
        Row-major over (seed, size).
    """

    d: int
    sizes: np.ndarray
    times: np.ndarray
    teacher_loss: np.ndarray
    infinite: StudentSweep
    finite: StudentSweep | None
    student_width: int | None
    teachers: list


def _stack(parts, shape):
    """Concatenate per-batch results (each with a leading teacher axis) and reshape."""
    out = []
    for j in range(len(fields(StudentSweep))):
        arr = np.concatenate([np.atleast_1d(p[j]) if p[j].ndim else p[j][None] for p in parts], axis=0)
        out.append(arr.reshape(shape + arr.shape[1:]))
    return StudentSweep(*out)


@dataclass(frozen=True)
class WidthSweep:
    """ReLU teachers over seeds with students of several widths (Figures 4 and 5; book: Experiments).

    Attributes
    ----------
    d : int
    sizes : ndarray of int, shape (n_sizes,)
        Teacher widths M_TE.
    times : ndarray of shape (n_times,)
    teacher_loss : ndarray of shape (n_seeds, n_sizes)
    infinite : StudentSweep
        Leading axes (n_seeds, n_sizes).
    finite : dict of int to StudentSweep
        For each student width M_ST, leading axes (n_students, n_seeds, n_sizes).
    teachers : list of Teacher
        Row-major over (seed, size).
    """

    d: int
    sizes: np.ndarray
    times: np.ndarray
    teacher_loss: np.ndarray
    infinite: StudentSweep
    finite: dict
    teachers: list


def _relu_teachers(d, sizes, n_seeds, seed):
    setting = ReLUSphere(d)
    teachers = []
    for s in range(n_seeds):
        rng = np.random.default_rng([seed, s])
        beta = random_direction(d, rng)
        teachers += [fit_teacher(setting, W, beta) for W in nested_weights(sizes, d, rng)]
    return setting, teachers


def width_sweep(d, sizes, n_seeds, times, widths=(), n_students=1, seed=0, n_jobs=None, blas_threads=None,
                progress=False):
    """ReLU teachers of several sizes over seeds, with the infinite-width student and finite ones.

    Book: Experiments, "Figure 4" and "Figure 5". For each seed: a unit linear target <β, x> with
    β uniform on the sphere, and nested teacher weights (the first M rows of one draw). For each
    width in ``widths`` and each f < ``n_students``, one student (the same f nested across
    widths) is prepared once and serves every seed and size in one batched run: that student is
    the unit of parallel work.

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    sizes : sequence of int
        Teacher widths M_TE, each ≥ 1.
    n_seeds : int
        Number of seeds (target direction and teacher weights redrawn), ≥ 1.
    times : array_like of shape (n_times,)
        Grid for the returned curves (non-negative, may contain inf).
    widths : sequence of int
        Student widths M_ST (may be empty: infinite width only).
    n_students : int
        Independent students per width, ≥ 1.
    seed : int
        Base seed, an integer ≥ 0.
    n_jobs : int or None
        None: the students one after the other in this process. Otherwise joblib's ``n_jobs``
        (-1 for every core); under ``joblib.parallel_config(backend="dask")`` the students run
        on a Dask cluster. The results do not depend on it.
    blas_threads : int, optional
        BLAS threads per worker in a parallel run (default 1).
    progress : bool
        Report each finished student on stderr.

    Returns
    -------
    WidthSweep
    """
    d = as_dimension("d", d, minimum=3)
    n_seeds = as_dimension("n_seeds", n_seeds, minimum=1)
    n_students = as_dimension("n_students", n_students, minimum=1)
    times = frozen(as_times("times", times))
    sizes = np.asarray(as_sizes(sizes))
    widths = [] if widths is None else list(as_sizes(widths)) if len(widths) else []
    seed = as_dimension("seed", seed, minimum=0)
    setting, teachers = _relu_teachers(d, sizes, n_seeds, seed)
    shape = (n_seeds, sizes.size)
    teacher_loss = np.array([T.loss for T in teachers]).reshape(shape)
    infinite = _stack(infinite_unit(setting, teachers, times), shape)
    units = [(setting, width, f, seed, teachers, times) for width in widths for f in range(n_students)]
    results = run_units(finite_unit, units, n_jobs=n_jobs, blas_threads=blas_threads, progress=progress)
    finite = {}
    for k, width in enumerate(widths):
        finite[width] = _stack(results[k * n_students:(k + 1) * n_students], (n_students,) + shape)
    return WidthSweep(d, sizes, times, teacher_loss, infinite, finite, teachers)


def relu_sweep(d, sizes, n_seeds, times, student_width=None, n_students=0, seed=0, n_jobs=None,
               progress=False):
    """Teachers of several sizes over seeds, with infinite-width and finite students.

    Book: ReLU chapter, "Figure 2 at the paper's scale"; Conventions, "The protocol of
    Figure 2" (Figure 2 is ``relu_sweep(32, [16, …, 256], 5, times, 16384, 2)``). For each seed: a
    unit linear target <β, x> with β uniform on the sphere, and nested teacher weights (the first
    M rows of one draw). Each finite student is prepared once (Gram matrix, Krylov above
    M_ST = 4096) and serves every seed and size in one batch. The same as :func:`width_sweep`
    with one width.

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    sizes : sequence of int
        Teacher widths M_TE, each ≥ 1.
    n_seeds : int
        Number of seeds (target direction and teacher weights redrawn), ≥ 1.
    times : array_like of shape (n_times,)
        Grid for the returned curves (non-negative, may contain inf).
    student_width : int, optional
        M_ST ≥ 1 of the finite students; required when ``n_students > 0``.
    n_students : int
        Number of independent finite students (0 for none).
    seed : int
        Base seed, an integer ≥ 0.
    n_jobs, progress
        As in :func:`width_sweep`.

    Returns
    -------
    ReLUSweep
    """
    n_students = as_dimension("n_students", n_students, minimum=0)
    if student_width is not None:
        student_width = as_dimension("student_width", student_width, minimum=1)
    if n_students and student_width is None:
        raise ValueError("student_width is required when n_students > 0")
    widths = [student_width] if n_students else []
    sw = width_sweep(d, sizes, n_seeds, times, widths, max(n_students, 1), seed, n_jobs=n_jobs, progress=progress)
    finite = sw.finite[student_width] if n_students else None
    return ReLUSweep(sw.d, sw.sizes, sw.times, sw.teacher_loss, sw.infinite, finite, student_width, sw.teachers)


def linear_variance(rule, n_teacher, d):
    """The small variance ε of the diagonal family.

    Book: Conventions, "The small variance ε in the linear setting", and the linear
    chapter, definition "The diagonal family".

    Parameters
    ----------
    rule : {'1/d', '1/M', 'M^-1/2'}
        ``'1/d'`` (the book's default), ``'1/M'`` (the alternative shown beside it)
        or ``'M^-1/2'`` (the Θ(1)-error regime of Theorem 3.3).
    n_teacher : int
        M_TE ≥ 1.
    d : int
        Dimension ≥ 1.

    Returns
    -------
    float
    """
    if not isinstance(rule, str) or rule not in ("1/d", "1/M", "M^-1/2"):
        raise ValueError(f"rule must be '1/d', '1/M' or 'M^-1/2', got {rule!r}")
    as_dimension("n_teacher", n_teacher, minimum=1)
    as_dimension("d", d, minimum=1)
    if rule == "1/d":
        return 1.0 / d
    if rule == "1/M":
        return 1.0 / n_teacher
    return n_teacher**-0.5


@dataclass(frozen=True)
class LinearSweep:
    """Data of a linear-feature sweep (Figure 3; book: linear chapter).

    Attributes
    ----------
    sizes, dims : ndarray of int, shape (n_sizes,)
        M_TE and d = round(M_TE^{3/2}).
    eps : ndarray of shape (n_sizes,)
    times : ndarray of shape (n_times,)
    teacher_loss : ndarray of shape (n_seeds, n_sizes)
    infinite : StudentSweep
        Leading axes (n_seeds, n_sizes).
    teachers : list of Teacher
        Row-major over (seed, size).
    """

    sizes: np.ndarray
    dims: np.ndarray
    eps: np.ndarray
    times: np.ndarray
    teacher_loss: np.ndarray
    infinite: StudentSweep
    teachers: list


def linear_sweep(sizes, n_seeds, times, rule="1/d", seed=0):
    """The diagonal family with k = 1, f* = x_1 and d = round(M_TE^{3/2}), infinite width.

    Book: linear chapter, "Figure 3"; Conventions, "The protocol of Figure 3" (Figure 3
    is ``linear_sweep([16, …, 512], 5, times)``). Teacher rows are N(0, I_d); seed s
    draws every size's weights from ``default_rng([seed, s, M])``.

    Parameters
    ----------
    sizes : sequence of int
        Teacher widths M_TE, each ≥ 1.
    n_seeds : int
        Number of seeds, ≥ 1.
    times : array_like of shape (n_times,)
        Grid for the returned curves (non-negative, may contain inf).
    rule : {'1/d', '1/M', 'M^-1/2'}
        The small variance ε, see :func:`linear_variance`.
    seed : int
        Base seed, an integer ≥ 0.

    Returns
    -------
    LinearSweep
    """
    n_seeds = as_dimension("n_seeds", n_seeds, minimum=1)
    times = frozen(as_times("times", times))
    sizes = np.asarray(as_sizes(sizes))
    seed = as_dimension("seed", seed, minimum=0)
    dims = np.array([int(round(m**1.5)) for m in sizes])
    eps = np.array([linear_variance(rule, m, dim) for m, dim in zip(sizes, dims)])
    parts, losses, teachers = [], [], []
    for s in range(n_seeds):
        for m, dim, e in zip(sizes, dims, eps):
            setting = LinearGaussian.diagonal_family(dim, 1, e)
            target = np.zeros(dim)
            target[0] = 1.0
            T = fit_teacher(setting, gaussian_weights(m, dim, np.random.default_rng([seed, s, m])), target)
            losses.append(T.loss)
            teachers.append(T)
            parts += infinite_unit(setting, [T], times)
    shape = (n_seeds, sizes.size)
    infinite = _stack(parts, shape)
    return LinearSweep(sizes, dims, eps, times, np.array(losses).reshape(shape), infinite, teachers)


def even_target_sweep(d, sizes, terms, n_seeds, seed=11):
    """Best ratio, teacher loss and the share of the teacher's error in the target's own degrees,
    for zonal targets and the infinite-width student (book: ReLU, "The theorem's target class,
    where it is visible").

    Seed s draws the target directions and nested teacher weights from
    ``numpy.random.default_rng([seed, d, s])``.

    Parameters
    ----------
    d : int
        Input dimension, at least 2.
    sizes : sequence of int
        Increasing teacher widths M_TE (nested).
    terms : sequence of (degree, coefficient)
        The target ``sum_k coefficient_k sqrt(N(d, l_k)) P_{l_k}(<beta_k, x̂>)``, one random unit
        direction beta_k per term; degrees at most 2 (the share is read from the degree profile up
        to degree 2).
    n_seeds : int
        At least 1.
    seed : int

    Returns
    -------
    teacher_loss, ratio, share : ndarray of shape (n_seeds, n_sizes)
        L_TE, L*_ST/L_TE, and ‖Π_target(f* − f_TE)‖²/L_TE (degrees of ``terms``).
    """
    d = as_dimension("d", d, minimum=2)
    sizes = as_sizes(sizes)
    n_seeds = as_dimension("n_seeds", n_seeds, minimum=1)
    terms = [(int(ell), float(alpha)) for ell, alpha in terms]
    if not terms or any(ell < 0 or ell > 2 for ell, _ in terms):
        raise ValueError(f"terms: a non-empty sequence of (degree, coefficient) with degrees 0, 1 or 2, got {terms}")
    setting = ReLUSphere(d)
    degrees = [ell for ell, _ in terms]
    L, R, share = [], [], []
    for s in range(n_seeds):
        rng = np.random.default_rng([seed, d, s])
        target = ZonalTarget([(ell, alpha, random_direction(d, rng)) for ell, alpha in terms])
        ts = [fit_teacher(setting, W, target) for W in nested_weights(sizes, d, rng)]
        b = best_stopping(setting, ts)
        L.append(b.teacher_loss)
        R.append(b.ratio)
        share.append([degree_profile(setting, T, max_degree=2).error[degrees].sum() / T.loss for T in ts])
    return np.array(L), np.array(R), np.array(share)
