"""Theory curves: deterministic equivalents and the diagonal family in closed form.

Model sections 3 and 10. These are predictions to set beside the exact solvers, not
replacements for them.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from ._validation import _as_real_array, as_times, as_vector

__all__ = ["effective_ridge", "predicted_teacher_loss", "diagonal_family_losses"]


def effective_ridge(eigenvalues, n_features, multiplicities=None):
    """Effective ridge γ of a random-feature teacher: Σ_i m_i λ_i/(λ_i + γ) = M (section 10).

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
    M = float(n_features)
    if not (0 < M < mult.sum()):
        raise ValueError(f"n_features must lie strictly between 0 and the total multiplicity "
                         f"{mult.sum():g}, got {M}")
    f = lambda g: float(np.sum(mult * lam / (lam + g))) - M  # noqa: E731
    hi = float(lam.max())
    while f(hi) > 0:
        hi *= 10.0
    return brentq(f, 0.0 if f(0.0) < 0 else np.finfo(float).tiny, hi, xtol=1e-300, rtol=1e-14)


def predicted_teacher_loss(eigenvalues, target_coefs2, n_features, multiplicities=None):
    """Deterministic-equivalent teacher loss L_TE ≈ γ Σ_i m_i v_i²/(λ_i + γ) (section 10).

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


def diagonal_family_losses(teacher_loss, eps, times):
    """Exact infinite-width student of the diagonal family with k = 1 and f* = x_1.

    L_ST(t) = (1 - s_1(t)(1 - L_TE))² + s_ε(t)² L_TE (1 - L_TE), s_1 = 1 - e^{-t},
    s_ε = 1 - e^{-εt} (book: linear chapter, {prf:ref}`lem-linear-curve`): the curve
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
    L = _as_real_array("teacher_loss", teacher_loss)
    if np.any(~np.isfinite(L)) or np.any(L < 0) or np.any(L > 1):
        raise ValueError("teacher_loss must lie in [0, 1]")
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be finite and > 0, got {eps}")
    t = as_times("times", times)
    finite = np.where(np.isinf(t), 0.0, t)
    s1 = np.where(np.isinf(t), 1.0, -np.expm1(-finite))
    se = np.where(np.isinf(t), 1.0, -np.expm1(-eps * finite))
    Lc = L[..., None]
    return (1.0 - s1 * (1.0 - Lc)) ** 2 + se**2 * Lc * (1.0 - Lc)
