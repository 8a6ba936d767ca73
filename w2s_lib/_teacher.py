"""The teacher: population least squares on a small random-feature model.

Book: Setup, "The teacher" (definition "Teacher"). a_TE = argmin_a ‖f_a - f*‖² with f_a = M^{-1/2} Σ_i a_i ψ_i,
minimum-norm if the Gram matrix is singular, so f_TE is the L² projection of
f* onto the teacher's span and L_TE = ‖f*‖² - mᵀ G⁺ m with the unscaled Gram
G = E[ψψᵀ] and moments m = E[ψ f*].
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from ._setting import check_setting
from ._validation import PrecisionWarning, as_vector, frozen, warn

__all__ = ["Teacher", "fit_teacher", "as_teachers", "PrecisionWarning"]


def _psd_pinv_apply(G, rhs, name):
    """G⁺ rhs for a symmetric PSD G by eigendecomposition, dropping tiny eigenvalues.

    Warns with :class:`PrecisionWarning` when eigenvalues were dropped or the
    condition number of the kept part exceeds 1e10.

    Returns
    -------
    solution : ndarray, shape of ``rhs``
    rank : int
    cond : float
        Condition number of the kept spectrum.
    """
    lam, U = np.linalg.eigh(G)
    lam_max = max(float(lam[-1]), 0.0)
    if lam_max == 0.0:
        return np.zeros_like(rhs), 0, np.inf
    cutoff = lam_max * G.shape[0] * np.finfo(np.float64).eps * 10.0
    keep = lam > cutoff
    rank = int(keep.sum())
    cond = lam_max / float(lam[keep].min())
    if rank < G.shape[0]:
        warn(
            f"{name} is singular to working precision: kept {rank} of {G.shape[0]} "
            f"eigenvalues (minimum-norm solution)",
            PrecisionWarning,
        )
    elif cond > 1e10:
        warn(
            f"{name} has condition number {cond:.2e}: about {int(np.log10(cond))} of 16 "
            f"digits are lost",
            PrecisionWarning,
        )
    Uk = U[:, keep]
    sol = Uk @ ((Uk.T @ rhs) / lam[keep].reshape((-1,) + (1,) * (rhs.ndim - 1)))
    return sol, rank, cond


@dataclass(frozen=True, eq=False)
class Teacher:
    """A fitted teacher (returned by :func:`fit_teacher`).

    Built by hand, ``setting``, ``weights`` and ``target`` are validated like
    :func:`fit_teacher`'s arguments and ``coef`` must have one finite entry per row;
    ``loss``, ``target_norm2``, ``rank`` and ``cond`` are only checked to lie in
    range, not recomputed. The arrays are stored as read-only copies: changing the
    arrays passed in never changes a teacher.

    Attributes
    ----------
    setting : Setting
        ReLUSphere, LinearGaussian, or any implementation of the Setting protocol.
    weights : ndarray of shape (M_TE, d)
        Bottom-layer weights W.
    target : ndarray of shape (d,) or ZonalTarget
    coef : ndarray of shape (M_TE,)
        Top-layer coefficients a in f_TE = M_TE^{-1/2} Σ_i a_i ψ(<w_i, x>).
    loss : float
        L_TE = ‖f_TE - f*‖², exact.
    target_norm2 : float
        ‖f*‖².
    rank : int
        Numerical rank of the teacher's Gram matrix.
    cond : float
        Condition number of its kept spectrum.
    """

    setting: object
    weights: np.ndarray
    target: object
    coef: np.ndarray
    loss: float
    target_norm2: float
    rank: int
    cond: float

    def __post_init__(self):
        check_setting(self.setting)
        W = self.setting.check_weights("weights", self.weights)
        target = self.setting.check_target(self.target)
        coef = as_vector("coef", self.coef)
        if coef.size != W.shape[0]:
            raise ValueError(f"coef must have one entry per row of weights ({W.shape[0]}), got {coef.size}")
        for name in ("loss", "target_norm2"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                np.isfinite(value) and value >= 0
            ):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        if isinstance(self.rank, bool) or not isinstance(self.rank, numbers.Integral) or self.rank < 0:
            raise ValueError(f"rank must be an integer >= 0, got {self.rank!r}")
        if isinstance(self.cond, bool) or not isinstance(self.cond, numbers.Real) or not self.cond >= 1:
            raise ValueError(f"cond must be a number >= 1 (or inf), got {self.cond!r}")
        object.__setattr__(self, "weights", frozen(W))
        object.__setattr__(self, "target", target)  # a read-only copy, or a ZonalTarget (read-only arrays)
        object.__setattr__(self, "coef", frozen(coef))

    @property
    def n_features(self):
        """M_TE."""
        return self.weights.shape[0]

    @property
    def unscaled_coef(self):
        """b = a / √M_TE, so f_TE = Σ_i b_i ψ(<w_i, x>); shape (M_TE,)."""
        return self.coef / np.sqrt(self.n_features)

    @property
    def norm2(self):
        """‖f_TE‖² = ‖f*‖² - L_TE (f_TE is a projection of f*)."""
        return self.target_norm2 - self.loss

    def __repr__(self):
        return (
            f"Teacher({self.setting!r}, M_TE={self.n_features}, loss={self.loss:.6g}, "
            f"rank={self.rank})"
        )


def fit_teacher(setting, W, target):
    """Fit the teacher's top layer by population least squares.

    Parameters
    ----------
    setting : Setting
        ReLUSphere, LinearGaussian, or any implementation of the Setting protocol.
    W : array_like of shape (M_TE, d)
        Teacher bottom weights (unit rows for ReLUSphere).
    target : array_like of shape (d,) or ZonalTarget
        f*(x) = <β, x>, or a sum of zonal harmonics (ReLUSphere only).

    Returns
    -------
    Teacher
        With ``loss`` = L_TE = ‖f*‖² - mᵀ G⁺ m exactly (book: Setup,
        definition "Teacher"). It holds read-only copies of ``W`` and ``target``.

    Raises
    ------
    ValueError, TypeError
        On wrong shapes, non-finite or non-unit weights, or a wrong target.

    Warns
    -----
    PrecisionWarning
        When the Gram matrix is singular (the minimum-norm solution is used) or
        so ill-conditioned that digits are lost.
    """
    check_setting(setting)
    W = setting.check_weights("W", W)
    target = setting.check_target(target)
    G = setting.feature_gram(W)
    m = setting.target_moments(W, target)
    b, rank, cond = _psd_pinv_apply(G, m, "the teacher's Gram matrix")
    norm2 = setting.target_norm2(target)
    loss = norm2 - float(m @ b)
    loss = max(loss, 0.0)
    M = W.shape[0]
    return Teacher(
        setting=setting,
        weights=W,
        target=target,
        coef=b * np.sqrt(M),
        loss=loss,
        target_norm2=norm2,
        rank=rank,
        cond=cond,
    )


def as_teachers(setting, teacher):
    """Validate (setting, teacher or list of teachers); return (single, list of teachers)."""
    check_setting(setting)
    single = isinstance(teacher, Teacher)
    teachers = [teacher] if single else list(teacher) if hasattr(teacher, "__iter__") else None
    if not teachers or not all(isinstance(T, Teacher) for T in teachers):
        raise TypeError("teacher must be a Teacher from fit_teacher, or a non-empty list of them")
    for T in teachers:
        if T.setting != setting:
            raise ValueError(f"teacher was fitted in {T.setting!r}, not in {setting!r}")
    return single, teachers
