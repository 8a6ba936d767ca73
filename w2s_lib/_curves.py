"""Spectral curves and the filters that index them: the algebra every student shares.

Book: "How the numbers are computed", "Every student curve is a spectral curve".
With nodes λ_k ≥ 0 (eigenvalues of the student's operator), weights u_k, v_k and a
filter value s_k = s(κ λ_k), a student's loss is

    L = c0 - 2 Σ_k s_k u_k + Σ_k s_k² v_k   (+ a scalar series, ReLU at M_ST = ∞).

A :class:`Filter` says how its index (a time t, or a ridge ρ) becomes the rate κ and
the value s(x) at x = κ λ. One factorisation serves every index, and the limits are
exact: x = ∞ where λ > 0 and κ = ∞ (s = 1), x = 0 where λ = 0 (s = 0).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

__all__ = [
    "Filter",
    "GRADIENT_FLOW",
    "RIDGE",
    "SpectralCurve",
    "minimise_curve",
    "minimise_log_index",
    "TIME_GRID",
    "RIDGE_GRID",
]

#: Default search grid for the best time: 10^-2 … 10^14, 40 points a decade, and +inf.
TIME_GRID = np.concatenate([np.logspace(-2, 14, 16 * 40 + 1), [np.inf]])
#: Default search grid for the best ridge: 0, 10^-16 … 10^4, 41 points a decade, and +inf.
RIDGE_GRID = np.concatenate([[0.0], np.logspace(-16, 4, 20 * 41 + 1), [np.inf]])
#: Tolerance in log t (or log ρ) of the bounded refinement of a grid minimum.
LOG_INDEX_TOL = 1e-10


class Filter:
    """A spectral filter: index → rate κ, and s(x) at x = κ λ.

    Attributes
    ----------
    name : str
        ``'flow'`` or ``'ridge'``.
    taylor : tuple of float
        (c2, c3) with s(x)² = c2 x² + c3 x³ + O(x⁴), used to sum the far tail of a series.
    """

    def __init__(self, name, rate, value, taylor):
        self.name = name
        self._rate = rate
        self._value = value
        self.taylor = taylor

    def __repr__(self):
        return f"Filter({self.name!r})"

    def rate(self, index):
        """κ for each index (time or ridge), shape of ``index``; may be 0 or inf."""
        return self._rate(np.asarray(index, dtype=np.float64))

    def value(self, x):
        """s(x) for x ≥ 0, inf allowed (s(∞) = 1)."""
        return self._value(np.asarray(x, dtype=np.float64))

    def values(self, nodes, index):
        """s(κ λ) for every index and node, shape (n, K), with 0·∞ := 0 where λ = 0."""
        kappa = self.rate(index)[:, None]
        nodes = np.asarray(nodes, dtype=np.float64)[None, :]
        with np.errstate(invalid="ignore", over="ignore"):
            x = np.where(nodes > 0, kappa * nodes, 0.0)
        x = np.where((nodes > 0) & np.isinf(kappa), np.inf, x)
        return self.value(x)


def _flow_rate(t):
    return t


def _flow_value(x):
    return -np.expm1(-x)


def _ridge_rate(rho):
    with np.errstate(divide="ignore"):
        return np.where(rho == 0, np.inf, 1.0 / np.where(rho == 0, 1.0, rho))


def _ridge_value(x):
    finite = np.isfinite(x)
    return np.where(finite, x / (1.0 + np.where(finite, x, 0.0)), 1.0)


#: Gradient flow stopped at time t: s = 1 - e^{-tλ} (book: Setup, "The student and its clock").
GRADIENT_FLOW = Filter("flow", _flow_rate, _flow_value, (1.0, -1.0))
#: Ridge with parameter ρ: s = λ/(λ + ρ) (book: Lower bounds, "Early stopping against ridge").
RIDGE = Filter("ridge", _ridge_rate, _ridge_value, (1.0, -2.0))


class SpectralCurve:
    """L = c0 - 2 Σ_k s_k u_k + Σ_k s_k² v_k + w · D for a batch of teachers.

    The representation every student shares (book: "How the numbers are computed",
    "Every student curve is a spectral curve").

    Parameters
    ----------
    nodes : ndarray of shape (K,)
        Eigenvalues λ_k ≥ 0 of the student's operator.
    u, v : ndarray of shape (n_teachers, K)
    c0 : ndarray of shape (n_teachers,)
        ‖f*‖² per teacher.
    series : object, optional
        A scalar series D(index) shared by the batch, weighted by ``series_coef`` of shape
        (n_teachers,): an object with ``evaluate(index, filt)`` and ``evaluate_rounds(rounds)``
        (the diagonal part of the infinite-width ReLU student).
    error : ndarray of shape (n_teachers,), optional
        Bound or estimate of the solver's error, uniform over the index.
    err_w : ndarray of shape (n_teachers, K), optional
        Spectral weights of the teacher's error e = f* - f_TE, so that
        ‖s(κ𝒯) e‖² = Σ_k s_k² err_w_k (+ the series).
    """

    def __init__(self, nodes, u, v, c0, series=None, series_coef=None, error=None, err_w=None):
        self.nodes = np.asarray(nodes, dtype=np.float64)
        self.u = np.atleast_2d(u)
        self.v = np.atleast_2d(v)
        self.c0 = np.atleast_1d(np.asarray(c0, dtype=np.float64))
        self.series = series
        self.series_coef = None if series_coef is None else np.atleast_1d(series_coef)
        n = self.c0.size
        self.error = np.zeros(n) if error is None else np.broadcast_to(error, (n,)).copy()
        self.err_w = None if err_w is None else np.atleast_2d(err_w)

    @property
    def n_teachers(self):
        return self.c0.size

    def _with_series(self, out, index, filt):
        if self.series is not None:
            out = out + self.series_coef[:, None] * self.series.evaluate(index, filt)[None, :]
        return out

    def evaluate(self, index, filt=GRADIENT_FLOW):
        """Losses at each index (times for gradient flow, ridges for ridge).

        Returns
        -------
        ndarray of shape (n_teachers, n)
        """
        index = np.asarray(index, dtype=np.float64)
        s = filt.values(self.nodes, index)
        out = self.c0[:, None] - 2.0 * (self.u @ s.T) + self.v @ (s * s).T
        # a loss is a squared norm; clip the rounding-level negatives of exact zeros
        return np.maximum(self._with_series(out, index, filt), 0.0)

    def subset(self, i):
        """The curve of teacher ``i`` alone."""
        return SpectralCurve(
            self.nodes, self.u[i : i + 1], self.v[i : i + 1], self.c0[i : i + 1], self.series,
            None if self.series_coef is None else self.series_coef[i : i + 1],
            self.error[i : i + 1], None if self.err_w is None else self.err_w[i : i + 1],
        )

    def evaluate_rounds(self, rounds):
        """Losses of the same student trained in rounds, round r stopped at t_r.

        The composed filter is S_k = Π_r s(t_r λ_k) (the rounds commute).

        Parameters
        ----------
        rounds : ndarray of shape (n, r)

        Returns
        -------
        ndarray of shape (n_teachers, n)
        """
        S = np.ones((rounds.shape[0], self.nodes.size))
        for r in range(rounds.shape[1]):
            S = S * GRADIENT_FLOW.values(self.nodes, rounds[:, r])
        out = self.c0[:, None] - 2.0 * (self.u @ S.T) + self.v @ (S * S).T
        if self.series is not None:
            out = out + self.series_coef[:, None] * self.series.evaluate_rounds(rounds)[None, :]
        return np.maximum(out, 0.0)

    def passed_error(self, times):
        """‖s(t𝒯) e‖² for the teacher's error e = f* - f_TE, shape (n_teachers, n)."""
        if self.err_w is None:
            raise ValueError("this curve carries no error weights")
        times = np.asarray(times, dtype=np.float64)
        s = GRADIENT_FLOW.values(self.nodes, times)
        return np.maximum(self._with_series(self.err_w @ (s * s).T, times, GRADIENT_FLOW), 0.0)

    def norms(self, index, filt=GRADIENT_FLOW):
        """Norm ‖a‖ of the student's coefficients (its RKHS norm), shape (n_teachers, n).

        ‖a‖² = Σ_k s_k² v_k / λ_k (finite students and linear features).
        """
        if self.series is not None:
            raise ValueError("the RKHS norm of an infinite-width student with a degree series is not available")
        s = filt.values(self.nodes, np.asarray(index, dtype=np.float64))
        inv = np.where(self.nodes > 0, 1.0 / np.where(self.nodes > 0, self.nodes, 1.0), 0.0)
        return np.sqrt(np.maximum((self.v * inv) @ (s * s).T, 0.0))


def minimise_log_index(f, grid):
    """Minimise f over an index ≥ 0 (a time or a ridge): grid minimum, then bounded search in log index.

    Parameters
    ----------
    f : callable
        Maps an ndarray of indices, shape (n,), to values of shape (n,).
    grid : ndarray of shape (n_grid,)
        Sorted; may start at 0 and end at +inf, which are taken as they are.

    Returns
    -------
    (float, float)
        The minimising index (the latest of tied grid minima if the search does not improve
        on it) and the minimum.
    """
    values = f(grid)
    i = grid.size - 1 - int(np.argmin(values[::-1]))
    if np.isinf(grid[i]) or grid[i] == 0:
        return float(grid[i]), float(values[i])
    lo = grid[i - 1] if i > 0 and grid[i - 1] > 0 else grid[i] / 10.0
    hi = grid[i + 1] if i + 1 < grid.size and np.isfinite(grid[i + 1]) else grid[i] * 10.0
    res = minimize_scalar(lambda s: float(f(np.array([np.exp(s)]))[0]), bounds=(np.log(lo), np.log(hi)),
                          method="bounded", options={"xatol": LOG_INDEX_TOL})
    index, value = float(np.exp(res.x)), float(res.fun)
    if values[i] < value:  # never report worse than the grid
        index, value = float(grid[i]), float(values[i])
    return index, value


def minimise_curve(curve, grid, filt=GRADIENT_FLOW):
    """Minimise a one-teacher curve over its index (see :func:`minimise_log_index`)."""
    return minimise_log_index(lambda index: curve.evaluate(index, filt)[0], grid)
