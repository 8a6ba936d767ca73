"""Where the teacher's error lives, degree by degree (book: ReLU chapter).

For ReLU features on the sphere, ‖Π_ℓ g‖² splits every function by harmonic degree. For the
teacher f_TE = Σ_i b_i ψ(<w_i, x>) the addition theorem gives

    ‖Π_ℓ f_TE‖² = μ_ℓ N(d,ℓ) bᵀ P_ℓ(W Wᵀ) b,
    <Π_ℓ f*, Π_ℓ f_TE> = c_ℓ √N(d,ℓ) Σ_m α_m Σ_i b_i P_ℓ(<w_i, β_m>)   (zonal f*),

so the teacher's error per degree is ‖Π_ℓ f*‖² - 2 <Π_ℓ f*, Π_ℓ f_TE> + ‖Π_ℓ f_TE‖²
(book: ReLU chapter, "Where the teacher's error lives"). From that profile,
:func:`w2s_lib.degree_bound` gives a proved two-sided bound on the infinite-width student's loss
(book: ReLU chapter, proposition "An upper bound from the teacher's error by degree").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._curves import minimise_log_index
from ._spectral import gegenbauer, relu_eigenvalues, relu_weights
from ._targets import as_zonal
from ._validation import as_dimension, as_times

__all__ = ["DegreeProfile", "relu_degree_profile", "DegreeBound", "relu_degree_bound"]

#: The minimisation over t starts from 0, ∞ and a grid of BOUND_GRID_POINTS points over
#: t μ_1 ∈ [10^-4, 10^4].
BOUND_GRID_POINTS = 321
BOUND_GRID_DECADES = 4


@dataclass(frozen=True)
class DegreeProfile:
    """Per-degree split of a ReLU teacher (returned by :func:`w2s_lib.degree_profile`).

    Attributes
    ----------
    degrees : ndarray of int, shape (K + 1,)
        0, 1, …, K.
    eigenvalues : ndarray of shape (K + 1,)
        μ_ℓ.
    target : ndarray of shape (K + 1,)
        ‖Π_ℓ f*‖².
    teacher : ndarray of shape (K + 1,)
        ‖Π_ℓ f_TE‖².
    error : ndarray of shape (K + 1,)
        ‖Π_ℓ (f* - f_TE)‖².
    error_above : float
        Σ_{ℓ > K} ‖Π_ℓ (f* - f_TE)‖² = L_TE - Σ_{ℓ ≤ K} error (for display).
    """

    degrees: np.ndarray
    eigenvalues: np.ndarray
    target: np.ndarray
    teacher: np.ndarray
    error: np.ndarray
    error_above: float


def relu_degree_profile(setting, teacher, max_degree=12):
    """Split a ReLU teacher and its error by harmonic degree ℓ = 0, …, K (cost O(K M_TE²)).

    The public entry point is :func:`w2s_lib.degree_profile`, which validates the teacher.
    """
    K = as_dimension("max_degree", max_degree, minimum=1)
    d = setting.d
    W, b = teacher.weights, teacher.unscaled_coef
    degrees = np.arange(K + 1)
    P = gegenbauer(d, K, np.clip(W @ W.T, -1.0, 1.0))  # (K+1, M, M)
    quad = np.einsum("i,lij,j->l", b, P, b)
    teacher_part = relu_weights(d, degrees) * quad
    target_part = np.zeros(K + 1)
    cross = np.zeros(K + 1)
    for ell, part in as_zonal(teacher.target).degree_parts():
        if ell > K:
            continue
        target_part[ell] = part.norm2()
        cross[ell] = float(setting.target_moments(W, part) @ b)
    error = np.maximum(target_part - 2.0 * cross + teacher_part, 0.0)
    return DegreeProfile(
        degrees=degrees,
        eigenvalues=relu_eigenvalues(d, degrees),
        target=target_part,
        teacher=teacher_part,
        error=error,
        error_above=float(teacher.loss - error.sum()),
    )


@dataclass(frozen=True)
class DegreeBound:
    """Two-sided bound on the infinite-width student's loss (returned by :func:`w2s_lib.degree_bound`).

    With E_ℓ = ‖Π_ℓ e‖² the teacher's error by degree (e = f* - f_TE), x = e^{-tμ_1},
    s_0 = 1 - e^{-tμ_0} and s_2 = 1 - e^{-tμ_2},

        upper(t) = x² ‖f*‖² + 2x(1 - x) L_TE + (1 - x)² E_1 + s_0² E_0 + s_2² E_{≥2},
        lower(t) = upper(t) - s_2² E_{≥4},

    and lower(t) ≤ L_ST(t) ≤ upper(t) for every t.

    Attributes
    ----------
    times : ndarray of shape (n_times,)
        The times asked for (empty if none were).
    upper, lower : ndarray of shape (n_times,)
        The bounds at those times.
    best_upper : float
        min_t upper(t), an upper bound on L*_ST.
    best_time : float
        Its minimiser.
    best_lower : float
        min_t lower(t), a lower bound on L*_ST.
    simple : float
        min_t [(e^{-tμ_1}‖f*‖ + √E_1)² + E_0 + (tμ_2)² E_{≥2}], a weaker and simpler
        upper bound on L*_ST.
    error_by_degree : ndarray of shape (5,)
        E_0, E_1, E_2, E_{≥2}, E_{≥4}.
    """

    times: np.ndarray
    upper: np.ndarray
    lower: np.ndarray
    best_upper: float
    best_time: float
    best_lower: float
    simple: float
    error_by_degree: np.ndarray


def _minimise_over_log_time(f, t_scale):
    """min over t ∈ [0, ∞] of f(t), from a grid in log t around the time scale t_scale = 1/μ_1."""
    grid = np.concatenate([[0.0], t_scale * np.logspace(-BOUND_GRID_DECADES, BOUND_GRID_DECADES,
                                                        BOUND_GRID_POINTS), [np.inf]])
    return minimise_log_index(f, grid)


def relu_degree_bound(setting, teacher, times=None):
    """Proved bounds on the infinite-width ReLU student from the teacher's error by degree.

    The public entry point is :func:`w2s_lib.degree_bound` (which documents the bound and
    validates the teacher); cost: one degree profile to degree 2, O(M_TE²).
    """
    degrees = [ell for ell, _ in as_zonal(teacher.target).degree_parts()]
    if degrees != [1]:
        raise ValueError(
            f"degree_bound needs a linear target (degree 1 only), got a target with degrees {degrees}"
        )
    times = np.empty(0) if times is None else as_times("times", times)
    F, L = float(teacher.target_norm2), float(teacher.loss)
    E = relu_degree_profile(setting, teacher, max_degree=2).error
    E0, E1, E2 = (float(x) for x in E)
    E_ge2 = max(L - E0 - E1, 0.0)  # odd degrees ≥ 3 carry no error for a linear target
    E_ge4 = max(E_ge2 - E2, 0.0)
    mu0, mu1, mu2 = relu_eigenvalues(setting.d, [0, 1, 2])

    def parts(t):
        t = np.asarray(t, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            x = np.exp(-t * mu1)
            s0, s2 = -np.expm1(-t * mu0), -np.expm1(-t * mu2)
        upper = x * x * F + 2.0 * x * (1.0 - x) * L + (1.0 - x) ** 2 * E1 + s0 * s0 * E0 + s2 * s2 * E_ge2
        return upper, upper - s2 * s2 * E_ge4

    def simple(t):
        t = np.asarray(t, dtype=np.float64)
        x = np.exp(-t * mu1)
        with np.errstate(invalid="ignore"):
            tail = np.where(t > 0, (t * mu2) ** 2, 0.0) * E_ge2
        return (x * np.sqrt(F) + np.sqrt(E1)) ** 2 + E0 + tail

    best_time, best_upper = _minimise_over_log_time(lambda t: parts(t)[0], 1.0 / mu1)
    _, best_lower = _minimise_over_log_time(lambda t: parts(t)[1], 1.0 / mu1)
    _, best_simple = _minimise_over_log_time(simple, 1.0 / mu1)
    upper, lower = parts(times)
    return DegreeBound(
        times=times,
        upper=upper,
        lower=lower,
        best_upper=best_upper,
        best_time=best_time,
        best_lower=best_lower,
        simple=best_simple,
        error_by_degree=np.array([E0, E1, E2, E_ge2, E_ge4]),
    )
