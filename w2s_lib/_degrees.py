"""Where the teacher's error lives, degree by degree (model section 2; book: ReLU chapter).

For ReLU features on the sphere, ‖Π_ℓ g‖² splits every function by harmonic degree. For the
teacher f_TE = Σ_i b_i ψ(<w_i, x>) the addition theorem gives

    ‖Π_ℓ f_TE‖² = μ_ℓ N(d,ℓ) bᵀ P_ℓ(W Wᵀ) b,
    <Π_ℓ f*, Π_ℓ f_TE> = c_ℓ √N(d,ℓ) Σ_m α_m Σ_i b_i P_ℓ(<w_i, β_m>)   (zonal f*),

so the teacher's error per degree is ‖Π_ℓ f*‖² - 2 <Π_ℓ f*, Π_ℓ f_TE> + ‖Π_ℓ f_TE‖².
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._settings import ReLUSphere
from ._spectral import gegenbauer, relu_eigenvalues, relu_weights
from ._targets import as_zonal
from ._teacher import Teacher
from ._validation import as_dimension

__all__ = ["DegreeProfile", "degree_profile"]


@dataclass(frozen=True)
class DegreeProfile:
    """Per-degree split of a ReLU teacher (returned by :func:`degree_profile`).

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


def degree_profile(teacher, max_degree=12):
    """Split a ReLU teacher and its error by harmonic degree ℓ = 0, …, K.

    Parameters
    ----------
    teacher : Teacher
        Fitted in a :class:`ReLUSphere`.
    max_degree : int
        K ≥ 1.

    Returns
    -------
    DegreeProfile
    """
    if not isinstance(teacher, Teacher):
        raise TypeError("teacher must be a Teacher from fit_teacher")
    if not isinstance(teacher.setting, ReLUSphere):
        raise TypeError("degree_profile needs a teacher fitted in a ReLUSphere setting")
    K = as_dimension("max_degree", max_degree, minimum=1)
    d = teacher.setting.d
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
        cross[ell] = float(teacher.setting.target_moments(W, part) @ b)
    error = np.maximum(target_part - 2.0 * cross + teacher_part, 0.0)
    return DegreeProfile(
        degrees=degrees,
        eigenvalues=relu_eigenvalues(d, degrees),
        target=target_part,
        teacher=teacher_part,
        error=error,
        error_above=float(teacher.loss - error.sum()),
    )
