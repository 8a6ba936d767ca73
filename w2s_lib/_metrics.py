"""Metrics of a weak-to-strong experiment.

Book: Setup, "Measuring weak-to-strong generalization" ({prf:ref}`def-metrics`), and
Conventions, "Best stopping time" and "The PGR rule".

Best stopping time by continuous minimisation over log t, loss ratios, the
strong ceiling at its own best time, the performance gap recovered (PGR) and
per-seed power-law fits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from ._student import _as_teachers, _student_curve
from ._validation import _as_real_array, _check_finite, as_times

__all__ = ["BestStop", "best_stopping", "best_ridge", "ceiling_loss", "pgr", "PowerLawFit", "power_law_fit"]

#: Default search grid for the best time: 10^-2 … 10^14 (41 points a decade) and +inf.
DEFAULT_GRID = np.concatenate([np.logspace(-2, 14, 641), [np.inf]])


@dataclass(frozen=True)
class BestStop:
    """Best early-stopped student (returned by :func:`best_stopping`).

    Attributes
    ----------
    time : ndarray of shape (n_teachers,)
        t*, the minimiser of L_ST(t) over log t (``inf`` if the loss keeps falling).
    loss : ndarray of shape (n_teachers,)
        L*_ST = L_ST(t*).
    teacher_loss : ndarray of shape (n_teachers,)
        L_TE.
    """

    time: np.ndarray
    loss: np.ndarray
    teacher_loss: np.ndarray

    @property
    def ratio(self):
        """L*_ST / L_TE, shape (n_teachers,)."""
        return self.loss / self.teacher_loss


#: Default search grid for the best ridge: 0, 10^-16 … 10^4 (41 points a decade) and +inf.
RIDGE_GRID = np.concatenate([[0.0], np.logspace(-16, 4, 821), [np.inf]])


def _minimise_curve(curve, grid, kind="flow"):
    """Continuous minimisation of one curve over log t (or log ρ), refined from the grid minimum."""
    values = curve.evaluate(grid, kind)[0]
    i = grid.size - 1 - int(np.argmin(values[::-1]))  # the latest of tied minima
    if np.isinf(grid[i]) or grid[i] == 0:
        return float(grid[i]), float(values[i])
    lo = grid[i - 1] if i > 0 and grid[i - 1] > 0 else grid[i] / 10.0
    hi = grid[i + 1] if i + 1 < grid.size and np.isfinite(grid[i + 1]) else grid[i] * 10.0
    f = lambda s: float(curve.evaluate(np.array([np.exp(s)]), kind)[0, 0])  # noqa: E731
    res = minimize_scalar(f, bounds=(np.log(lo), np.log(hi)), method="bounded",
                          options={"xatol": 1e-10})
    t, L = float(np.exp(res.x)), float(res.fun)
    if values[i] < L:  # never report worse than the grid
        t, L = float(grid[i]), float(values[i])
    return t, L


def _best(curves, grid):
    times, losses = [], []
    for c in curves:
        for k in range(c.n_teachers):
            t, L = _minimise_curve(c.subset(k), grid)
            times.append(t)
            losses.append(L)
    return np.array(times), np.array(losses)


def best_stopping(setting, teacher, W_student=None, grid=None):
    """Best stopping time t* and loss L*_ST (book: Setup, {prf:ref}`def-metrics`).

    The grid minimum is refined by a bounded scalar minimisation in log t
    between its neighbours, so t* is not limited to grid points.

    Parameters
    ----------
    setting : ReLUSphere or LinearGaussian
    teacher : Teacher or list of Teacher
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent
        As in :func:`student_losses`.
    grid : array_like, optional
        Search grid of times; default 10^-2 … 10^14 and +inf.

    Returns
    -------
    BestStop
    """
    _, teachers = _as_teachers(setting, teacher)
    grid = DEFAULT_GRID if grid is None else np.sort(as_times("grid", grid))
    curves = _student_curve(setting, teachers, W_student)
    t, L = _best(curves, grid)
    return BestStop(time=t, loss=L, teacher_loss=np.array([T.loss for T in teachers]))


def best_ridge(setting, teacher, W_student=None, grid=None):
    """Best ridge-regularised student: ρ* and its loss.

    Book: Lower bounds, "Early stopping against ridge". Parameters as in
    :func:`best_stopping`, with ``grid`` a grid of ridges ρ (default 0,
    10^-16 … 10^4 and +inf).

    Returns
    -------
    BestStop
        ``time`` holds ρ* (the ridge), ``loss`` the best ridge loss.
    """
    _, teachers = _as_teachers(setting, teacher)
    grid = RIDGE_GRID if grid is None else np.sort(as_times("grid", grid))
    rho, L = [], []
    for c in _student_curve(setting, teachers, W_student):
        for k in range(c.n_teachers):
            r, l = _minimise_curve(c.subset(k), grid, "ridge")
            rho.append(r)
            L.append(l)
    return BestStop(time=np.array(rho), loss=np.array(L), teacher_loss=np.array([T.loss for T in teachers]))


def ceiling_loss(setting, teacher, W_student=None, grid=None):
    """Strong ceiling L_SC: the student trained on f*, at its own best time.

    Book: Setup, {prf:ref}`def-metrics`; Conventions, "The PGR rule". Parameters as
    in :func:`best_stopping`.

    Returns
    -------
    BestStop
        ``loss`` is L_SC per teacher (only the teachers' targets matter).
    """
    _, teachers = _as_teachers(setting, teacher)
    grid = DEFAULT_GRID if grid is None else np.sort(as_times("grid", grid))
    curves = _student_curve(setting, teachers, W_student, ceiling=True)
    t, L = _best(curves, grid)
    return BestStop(time=t, loss=L, teacher_loss=np.array([T.loss for T in teachers]))


def pgr(teacher_loss, student_loss, ceiling_loss):
    """Performance gap recovered, (L_TE - L_ST) / (L_TE - L_SC) (book: {prf:ref}`def-metrics`).

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
    Lt = _as_real_array("teacher_loss", teacher_loss)
    Ls = _as_real_array("student_loss", student_loss)
    Lc = _as_real_array("ceiling_loss", ceiling_loss)
    for name, arr in (("teacher_loss", Lt), ("student_loss", Ls), ("ceiling_loss", Lc)):
        _check_finite(name, arr)
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
    x = np.atleast_2d(_as_real_array("teacher_losses", teacher_losses))
    y = np.atleast_2d(_as_real_array("student_losses", student_losses))
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
