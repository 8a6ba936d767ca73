"""Metrics of a weak-to-strong experiment.

Book: Setup, "Measuring weak-to-strong generalization" (definition "Best stopping, loss ratio and PGR"), and
Conventions, "Best stopping time" and "The PGR rule".

Best stopping time by continuous minimisation over log t, loss ratios, the
strong ceiling at its own best time, the performance gap recovered (PGR) and
per-seed power-law fits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from ._curves import GRADIENT_FLOW, LOG_INDEX_TOL as LOG_TIME_TOL, RIDGE, RIDGE_GRID, TIME_GRID, minimise_curve, minimise_log_index
from ._student import student_curves
from ._teacher import as_teachers
from ._validation import as_real_array, as_real_number, as_times, check_finite, warn

__all__ = ["BestStop", "BestRidge", "best_stopping", "best_ridge", "best_ceiling", "ceiling_loss", "pgr",
           "PowerLawFit", "power_law_fit", "best_over_curves", "StoppingWindow", "stopping_window"]


def _ratio(loss, teacher_loss):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(loss, teacher_loss)
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class BestStop:
    """Best early-stopped student (returned by :func:`best_stopping` and :func:`best_ceiling`).

    For one teacher the fields are floats; for a list of teachers, arrays of shape (n_teachers,).

    Attributes
    ----------
    time : float or ndarray
        t*, the minimiser of L_ST(t) over log t (``inf`` if the loss keeps falling).
    loss : float or ndarray
        L*_ST = L_ST(t*) (for :func:`best_ceiling`, L_SC).
    teacher_loss : float or ndarray
        L_TE.
    """

    time: float | np.ndarray
    loss: float | np.ndarray
    teacher_loss: float | np.ndarray

    @property
    def ratio(self):
        """L*_ST / L_TE (nan or inf where L_TE = 0)."""
        return _ratio(self.loss, self.teacher_loss)


@dataclass(frozen=True)
class BestRidge:
    """Best ridge-regularised student (returned by :func:`best_ridge`); floats or arrays as BestStop.

    Attributes
    ----------
    ridge : float or ndarray
        ρ*, the minimiser of the ridge student's loss over log ρ.
    loss : float or ndarray
        The loss at ρ*.
    teacher_loss : float or ndarray
        L_TE.
    """

    ridge: float | np.ndarray
    loss: float | np.ndarray
    teacher_loss: float | np.ndarray

    @property
    def ratio(self):
        """Best ridge loss / L_TE (nan or inf where L_TE = 0)."""
        return _ratio(self.loss, self.teacher_loss)

    @property
    def time(self):
        """Deprecated: the ridge ρ* (use ``ridge``)."""
        warn("BestRidge.time is deprecated: it holds the ridge, use BestRidge.ridge", DeprecationWarning)
        return self.ridge


def best_over_curves(curves, grid, filt=GRADIENT_FLOW):
    """(minimising index, minimum) for every teacher of every curve, as two arrays."""
    index, losses = [], []
    for c in curves:
        for k in range(c.n_teachers):
            i, L = minimise_curve(c.subset(k), grid, filt)
            index.append(i)
            losses.append(L)
    return np.array(index), np.array(losses)


def _result(cls, single, index, loss, teachers):
    teacher_loss = np.array([T.loss for T in teachers])
    if single:
        return cls(float(index[0]), float(loss[0]), float(teacher_loss[0]))
    return cls(index, loss, teacher_loss)


def _grid(grid, default):
    return default if grid is None else np.sort(as_times("grid", grid))


def best_stopping(setting, teacher, W_student=None, grid=None):
    """Best stopping time t* and loss L*_ST (book: Setup, definition "Best stopping, loss ratio and PGR").

    The grid minimum is refined by a bounded scalar minimisation in log t between its
    neighbours, so t* is not limited to grid points.

    Parameters
    ----------
    setting : Setting
    teacher : Teacher or list of Teacher
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent
        As in :func:`student_losses` (an array is prepared anew, O(M_ST³), on every call).
    grid : array_like, optional
        Search grid of times; default 10^-2 … 10^14 and +inf.

    Returns
    -------
    BestStop
        Floats for one teacher, arrays for a list.
    """
    single, teachers = as_teachers(setting, teacher)
    index, loss = best_over_curves(student_curves(setting, teachers, W_student), _grid(grid, TIME_GRID), GRADIENT_FLOW)
    return _result(BestStop, single, index, loss, teachers)


def best_ridge(setting, teacher, W_student=None, grid=None):
    """Best ridge-regularised student: ρ* and its loss.

    Book: Lower bounds, "Early stopping against ridge". Parameters as in
    :func:`best_stopping`, with ``grid`` a grid of ridges ρ (default 0, 10^-16 … 10^4 and +inf).

    Returns
    -------
    BestRidge
        Floats for one teacher, arrays for a list.
    """
    single, teachers = as_teachers(setting, teacher)
    index, loss = best_over_curves(student_curves(setting, teachers, W_student), _grid(grid, RIDGE_GRID), RIDGE)
    return _result(BestRidge, single, index, loss, teachers)


def best_ceiling(setting, teacher, W_student=None, grid=None):
    """Strong ceiling L_SC: the student trained on f*, at its own best time.

    Book: Setup, definition "Best stopping, loss ratio and PGR"; Conventions, "The PGR rule". Parameters as in
    :func:`best_stopping`; only the teachers' targets matter.

    Returns
    -------
    BestStop
        ``loss`` is L_SC and ``time`` the ceiling's own best time; floats for one teacher.
    """
    single, teachers = as_teachers(setting, teacher)
    curves = student_curves(setting, teachers, W_student, ceiling=True)
    index, loss = best_over_curves(curves, _grid(grid, TIME_GRID), GRADIENT_FLOW)
    return _result(BestStop, single, index, loss, teachers)


def ceiling_loss(setting, teacher, W_student=None, grid=None):
    """Deprecated name of :func:`best_ceiling` (``ceiling_losses`` is the curve)."""
    warn("ceiling_loss is deprecated: use best_ceiling", DeprecationWarning)
    return best_ceiling(setting, teacher, W_student, grid)


@dataclass(frozen=True)
class StoppingWindow:
    """The times at which the student is within a factor 1 + δ of its best (:func:`stopping_window`).

    Floats for one teacher, arrays of shape (n_teachers,) for a list.

    Attributes
    ----------
    lower, upper : float or ndarray
        The ends of the interval of t around t* with L_ST(t) ≤ (1 + δ) L*_ST (``upper`` may be inf).
    best_time, best_loss : float or ndarray
        t* and L*_ST.
    """

    lower: float | np.ndarray
    upper: float | np.ndarray
    best_time: float | np.ndarray
    best_loss: float | np.ndarray

    @property
    def width_decades(self):
        """log10(upper / lower): the width of the window in decades of t (inf if unbounded)."""
        with np.errstate(divide="ignore"):
            out = np.log10(np.divide(self.upper, self.lower))
        return float(out) if np.ndim(out) == 0 else out


def _window(curve, grid, delta):
    """The interval around t* where one curve stays below (1 + δ) L*: grid bracket, then brentq in log t."""
    t_best, L_best = minimise_log_index(lambda t: curve.evaluate(t)[0], grid)
    level = (1.0 + delta) * L_best

    def excess(t):
        return curve.evaluate(np.atleast_1d(np.asarray(t, dtype=np.float64)))[0] - level

    finite = grid[(grid > 0) & np.isfinite(grid)]
    outside = excess(finite) > 0

    def end(side):
        idx = np.nonzero(finite < t_best)[0][::-1] if side < 0 else np.nonzero(finite > t_best)[0]
        hits = idx[outside[idx]]
        if not hits.size:  # the loss never rises above the level on this side of the grid
            if side > 0:
                return np.inf
            return 0.0 if excess(0.0)[0] <= 0 else float(finite[0])
        x = finite[hits[0]]
        between = idx[: int(np.nonzero(idx == hits[0])[0][0])]
        inner = finite[between[-1]] if between.size else t_best
        if not np.isfinite(inner) or inner <= 0:
            return float(x)
        lo, hi = sorted((np.log(inner), np.log(x)))
        return float(np.exp(brentq(lambda s: float(excess(np.exp(s))[0]), lo, hi, xtol=LOG_TIME_TOL)))

    return end(-1), end(1), t_best, L_best


def stopping_window(setting, teacher, delta=0.1, W_student=None, grid=None):
    """How long the student stays good: the times with L_ST(t) ≤ (1 + δ) L*_ST around t*.

    Book: Experiments, "The window of good stopping times". The window is the connected
    interval of t around the best time t* on which the loss stays within the factor 1 + δ of
    its minimum; its ends are found on the time grid and refined by root-finding in log t.

    Parameters
    ----------
    setting : Setting
    teacher : Teacher or list of Teacher
    delta : float
        δ > 0.
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent
        As in :func:`student_losses` (an array is prepared anew, O(M_ST³), on every call).
    grid : array_like, optional
        Search grid of times; default 10^-2 … 10^14 and +inf.

    Returns
    -------
    StoppingWindow
        Floats for one teacher, arrays for a list.
    """
    single, teachers = as_teachers(setting, teacher)
    delta = as_real_number("delta", delta, positive=True)
    grid = _grid(grid, TIME_GRID)
    rows = [_window(c.subset(k), grid, delta) for c in student_curves(setting, teachers, W_student)
            for k in range(c.n_teachers)]
    cols = [np.array(col) for col in zip(*rows)]
    if single:
        return StoppingWindow(*(float(col[0]) for col in cols))
    return StoppingWindow(*cols)


def pgr(teacher_loss, student_loss, ceiling_loss):
    """Performance gap recovered, (L_TE - L_ST) / (L_TE - L_SC) (book: Setup, definition "Best stopping, loss ratio and PGR").

    With L_ST the best student loss this is max_t PGR(t).

    Parameters
    ----------
    teacher_loss, student_loss, ceiling_loss : float or array_like
        Finite losses, broadcastable against each other, with
        ceiling_loss < teacher_loss everywhere.

    Returns
    -------
    float or ndarray of the broadcast shape
    """
    Lt = as_real_array("teacher_loss", teacher_loss)
    Ls = as_real_array("student_loss", student_loss)
    Lc = as_real_array("ceiling_loss", ceiling_loss)
    for name, arr in (("teacher_loss", Lt), ("student_loss", Ls), ("ceiling_loss", Lc)):
        check_finite(name, arr)
    try:
        np.broadcast_shapes(Lt.shape, Ls.shape, Lc.shape)
    except ValueError:
        raise ValueError(
            f"teacher_loss, student_loss and ceiling_loss must have broadcastable shapes, "
            f"got {Lt.shape}, {Ls.shape} and {Lc.shape}"
        ) from None
    gap = Lt - Lc
    if np.any(gap <= 0):
        raise ValueError("ceiling_loss must be strictly below teacher_loss for PGR to be defined")
    out = (Lt - Ls) / gap
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class PowerLawFit:
    """Per-seed least-squares fits of log L*_ST = log C + exponent · log L_TE.

    Attributes
    ----------
    exponents, intercepts : ndarray of shape (n_seeds,)
    mean : float
        Mean exponent over seeds.
    stderr : float
        Standard error of the mean (sample std / √n_seeds; nan for one seed).
    """

    exponents: np.ndarray
    intercepts: np.ndarray
    mean: float
    stderr: float


def power_law_fit(teacher_losses, student_losses):
    """Fit L*_ST ≈ C · L_TE^exponent per seed by OLS in log–log.

    Book: ReLU chapter, "Figure 2 at the paper's scale", and linear chapter, "Figure 3"
    (one power law per seed; Conventions, "The protocol of Figure 2").

    Parameters
    ----------
    teacher_losses, student_losses : array_like of shape (n_seeds, n_sizes) or (n_sizes,)
        Positive losses; each row is one seed's sweep over teacher sizes (≥ 2 sizes).

    Returns
    -------
    PowerLawFit
    """
    x = np.atleast_2d(as_real_array("teacher_losses", teacher_losses))
    y = np.atleast_2d(as_real_array("student_losses", student_losses))
    for name, arr in (("teacher_losses", x), ("student_losses", y)):
        if arr.ndim != 2:
            raise ValueError(f"{name} must have shape (n_seeds, n_sizes) or (n_sizes,), got {arr.shape}")
    if x.shape != y.shape:
        raise ValueError(f"teacher_losses and student_losses must have the same shape, "
                         f"got {x.shape} and {y.shape}")
    if x.shape[1] < 2:
        raise ValueError("a power-law fit needs at least 2 teacher sizes per seed")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.all(x > 0) and np.all(y > 0)):
        raise ValueError("losses must be finite and strictly positive for a log-log fit")
    lx, ly = np.log(x), np.log(y)
    xc = lx - lx.mean(axis=1, keepdims=True)
    slopes = (xc * (ly - ly.mean(axis=1, keepdims=True))).sum(axis=1) / (xc * xc).sum(axis=1)
    intercepts = ly.mean(axis=1) - slopes * lx.mean(axis=1)
    n = slopes.size
    stderr = float(slopes.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return PowerLawFit(slopes, intercepts, float(slopes.mean()), stderr)
