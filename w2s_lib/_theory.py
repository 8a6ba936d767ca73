"""Theory curves: deterministic equivalents and the diagonal family in closed form.

Book: linear chapter. The effective-ridge functions are approximations (deterministic
equivalents of random projections, Bach 2024, SIAM J. Math. Data Sci. 6(1)), to set beside
the exact solvers, not to replace them; the diagonal-family functions are exact formulas and
proved bounds.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from ._validation import as_real_array, as_dimension, as_real_number, as_times, as_vector

__all__ = ["effective_ridge", "predicted_teacher_loss", "diagonal_family_losses",
           "diagonal_family_upper_bound", "diagonal_family_teacher_bounds"]


def effective_ridge(eigenvalues, n_features, multiplicities=None):
    """Effective ridge γ of a random-feature teacher: Σ_i m_i λ_i/(λ_i + γ) = M.

    An approximation (deterministic equivalent; book: linear chapter, section "Where the
    teacher's loss goes"; Bach 2024): a teacher with M random features behaves like ridge
    regression on the kernel with ridge γ.

    Parameters
    ----------
    eigenvalues : array_like of shape (n,)
        Kernel eigenvalues λ_i > 0.
    n_features : float
        M, strictly between 0 and the total multiplicity Σ_i m_i.
    multiplicities : array_like of shape (n,), optional
        m_i (default 1 each).

    Returns
    -------
    float
    """
    lam = as_vector("eigenvalues", eigenvalues, positive=True)
    mult = np.ones_like(lam) if multiplicities is None else as_vector(
        "multiplicities", multiplicities, size=lam.size, positive=True)
    M = as_real_number("n_features", n_features, positive=True)
    if not (0 < M < mult.sum()):
        raise ValueError(f"n_features must lie strictly between 0 and the total multiplicity "
                         f"{mult.sum():g}, got {M}")
    f = lambda g: float(np.sum(mult * lam / (lam + g))) - M  # noqa: E731
    hi = float(lam.max())
    while f(hi) > 0:
        hi *= 10.0
    return brentq(f, 0.0 if f(0.0) < 0 else np.finfo(float).tiny, hi, xtol=1e-300, rtol=1e-14)


def predicted_teacher_loss(eigenvalues, target_coefs2, n_features, multiplicities=None):
    """Deterministic-equivalent teacher loss L_TE ≈ γ Σ_i m_i v_i²/(λ_i + γ).

    An approximation (book: linear chapter; Bach 2024), with γ from :func:`effective_ridge`.

    Parameters
    ----------
    eigenvalues : array_like of shape (n,)
    target_coefs2 : array_like of shape (n,)
        v_i², the squared target coefficient per eigenvalue (per copy if m_i > 1).
    n_features : float
    multiplicities : array_like of shape (n,), optional

    Returns
    -------
    float
    """
    lam = as_vector("eigenvalues", eigenvalues, positive=True)
    v2 = as_vector("target_coefs2", target_coefs2, size=lam.size)
    mult = np.ones_like(lam) if multiplicities is None else np.asarray(multiplicities, dtype=float)
    g = effective_ridge(lam, n_features, mult)
    return float(g * np.sum(mult * v2 / (lam + g)))


def _family_inputs(teacher_loss, eps):
    """Validated (L_TE, ε) of the diagonal family: L_TE a number or 1-D array in [0, 1], ε > 0."""
    L = as_real_array("teacher_loss", teacher_loss)
    if L.ndim > 1:
        raise ValueError(f"teacher_loss must be a number or a 1-D array, got shape {L.shape}")
    if np.any(~np.isfinite(L)) or np.any(L < 0) or np.any(L > 1):
        raise ValueError("teacher_loss must lie in [0, 1]")
    return L, as_real_number("eps", eps, positive=True)


def diagonal_family_losses(teacher_loss, eps, times):
    """Exact infinite-width student of the diagonal family with k = 1 and f* = x_1.

    L_ST(t) = (1 - s_1(t)(1 - L_TE))² + s_ε(t)² L_TE (1 - L_TE), s_1 = 1 - e^{-t},
    s_ε = 1 - e^{-εt} (book: linear chapter, lemma "The teacher's loss and the student's curve"): the curve
    depends on the teacher only through L_TE.

    Parameters
    ----------
    teacher_loss : float or array_like of shape (n,)
        L_TE in [0, 1].
    eps : float
        The small variance ε > 0.
    times : array_like of shape (n_times,)

    Returns
    -------
    ndarray of shape (n_times,) or (n, n_times)
    """
    L, eps = _family_inputs(teacher_loss, eps)
    t = as_times("times", times)
    finite = np.where(np.isinf(t), 0.0, t)
    s1 = np.where(np.isinf(t), 1.0, -np.expm1(-finite))
    se = np.where(np.isinf(t), 1.0, -np.expm1(-eps * finite))
    Lc = L[..., None]
    return (1.0 - s1 * (1.0 - Lc)) ** 2 + se**2 * Lc * (1.0 - Lc)


def diagonal_family_upper_bound(teacher_loss, eps, times):
    """Upper bound U(t) ≥ L_ST(t) for the diagonal family with k = 1 and f* = x_1.

    U(t) = (L + e^{-t}(1 - L))² + (εt)² L(1 - L) with L = L_TE: the exact curve of
    :func:`diagonal_family_losses` with 1 - e^{-εt} replaced by its upper bound εt (book:
    linear chapter, proposition "The sandwich, for every stopping time"). Hence L*_ST ≤ min_t U(t); the choices
    t = 2 log(1/L) and t = 2 log(1/ε) give the two corollaries of the chapter. U(0) = 1 = L_ST(0),
    and U(t)/L_ST(t) → 1 as εt → 0.

    Parameters
    ----------
    teacher_loss : float or array_like of shape (n,)
        L_TE in [0, 1].
    eps : float
        The small variance ε > 0.
    times : array_like of shape (n_times,)
        Finite, non-negative times (the bound grows without limit as t → ∞).

    Returns
    -------
    ndarray of shape (n_times,) or (n, n_times)
    """
    L, e = _family_inputs(teacher_loss, eps)
    t = as_times("times", times)
    if np.any(np.isinf(t)):
        raise ValueError("times must be finite for the upper bound (it is infinite at t = inf)")
    Lc = L[..., None]
    return (Lc + np.exp(-t) * (1.0 - Lc)) ** 2 + (e * t) ** 2 * Lc * (1.0 - Lc)


def diagonal_family_teacher_bounds(n_features, d, eps):
    """Bounds on the mean teacher loss E[L_TE] of the diagonal family with k = 1, f* = x_1.

    Teacher rows w_i ~ N(0, I_d), i = 1..M, covariance Σ = diag(1, ε, …, ε) (book: linear
    chapter, Theorem 3.2). Upper: the predictor θ = M⁻¹WᵀW e₁ lies in the
    teacher's span and has E[(θ - e₁)ᵀΣ(θ - e₁)] = (2 + (d - 1)ε)/M exactly, so
    E[L_TE] ≤ (2 + (d - 1)ε)/M. Lower: L_TE ≥ min(1, ε) dist²(e₁, row space of W) for every
    teacher, and E[dist²] = max(0, 1 - M/d) (the row space is a uniformly random
    M-dimensional subspace), so E[L_TE] ≥ min(1, ε) max(0, 1 - M/d).

    Parameters
    ----------
    n_features : int
        M ≥ 1, the teacher's width.
    d : int
        The input dimension, ≥ 1.
    eps : float
        The small variance ε > 0.

    Returns
    -------
    tuple of float
        (lower, upper) bounds on E[L_TE].
    """
    M = as_dimension("n_features", n_features, minimum=1)
    d = as_dimension("d", d, minimum=1)
    e = as_real_number("eps", eps, positive=True)
    lower = min(1.0, e) * max(0.0, 1.0 - M / d)
    upper = (2.0 + (d - 1) * e) / M
    return lower, upper


def diagonal_family_ridge_losses(teacher_loss, eps, ridges):
    """Exact infinite-width ridge student of the diagonal family with k = 1 and f* = x_1.

    L_ST(ρ) = ((ρ + L_TE)/(1 + ρ))² + (ε/(ε + ρ))² L_TE (1 - L_TE), the ridge filter
    s(λ) = λ/(λ + ρ) on the eigenvalues 1 (along x_1) and ε (the other coordinates) of
    the student's operator, with the same ρ as :func:`ridge_losses` (book: lower-bound
    chapter, lemma "Spectral filters on the diagonal family"; the ridge student of the paper's
    Theorem 4.2). Like :func:`diagonal_family_losses`, the curve depends on the teacher
    only through L_TE. ρ = 0 is the converged student (L_ST = L_TE), ρ = inf the zero
    function (L_ST = 1).

    Parameters
    ----------
    teacher_loss : float or array_like of shape (n,)
        L_TE in [0, 1] (unit target).
    eps : float
        The small variance ε > 0.
    ridges : array_like of shape (n_ridges,)
        ρ in [0, inf].

    Returns
    -------
    ndarray of shape (n_ridges,) or (n, n_ridges)
    """
    L, e = _family_inputs(teacher_loss, eps)
    rho = as_times("ridges", ridges)
    inf = np.isinf(rho)
    r = np.where(inf, 0.0, rho)
    keep_1 = np.where(inf, 0.0, 1.0 / (1.0 + r))        # s(1) = 1/(1 + ρ)
    keep_e = np.where(inf, 0.0, e / (e + r))            # s(ε) = ε/(ε + ρ)
    Lc = L[..., None]
    return (1.0 - keep_1 * (1.0 - Lc)) ** 2 + keep_e**2 * Lc * (1.0 - Lc)


__all__ += ["diagonal_family_ridge_losses"]
