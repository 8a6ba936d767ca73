"""The limits of weak-to-strong generalization.

Book: Lower bounds (Definition 1, Theorem 4.1,
Corollary 2); the paper's Theorem 4.1 and Corollary 2.

For a unit-norm target, every shrinkage learner (f_ST = 𝒮 f_TE with
0 ⪯ 𝒮 ⪯ I) obeys the quadratic limit, and composed shrinkage learners
(bootstrapping) obey the weaker bootstrap limit.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_real_array, first_bad, index_text

__all__ = ["quadratic_lower_bound", "bootstrap_lower_bound"]


def _as_teacher_loss(name, teacher_loss):
    L = as_real_array(name, teacher_loss)
    bad = np.isnan(L) | (L < 0) | (L > 1)
    if np.any(bad):
        idx, val = first_bad(L, bad)
        raise ValueError(
            f"{name} must lie in [0, 1] (the loss of a teacher for a unit-norm target), "
            f"got {index_text(name, idx)} = {val}"
        )
    return L


def quadratic_lower_bound(teacher_loss):
    """Smallest loss any single-round shrinkage student can reach (Theorem 4.1).

    ¼ (√(1 + 3 L_TE) - √(1 - L_TE))² = L_TE² - L_TE³ + 2 L_TE⁴ - …, for ‖f*‖ = 1;
    equal to 1 at L_TE = 1 (a chance-level teacher cannot be boosted) and
    attained by a rank-one shrinkage operator. Book: Lower bounds, Theorem 4.1.

    Parameters
    ----------
    teacher_loss : float or array_like
        L_TE in [0, 1].

    Returns
    -------
    float or ndarray of the same shape
    """
    L = _as_teacher_loss("teacher_loss", teacher_loss)
    out = 0.25 * (np.sqrt(1.0 + 3.0 * L) - np.sqrt(1.0 - L)) ** 2
    return float(out) if out.ndim == 0 else out


def bootstrap_lower_bound(teacher_loss):
    """Smallest loss a composition of shrinkage students can reach (Corollary 2).

    (1 - √(1 - L_TE))² ≥ L_TE²/4, for ‖f*‖ = 1 (book: Lower bounds, Corollary 2).

    Parameters
    ----------
    teacher_loss : float or array_like
        L_TE in [0, 1].

    Returns
    -------
    float or ndarray of the same shape
    """
    L = _as_teacher_loss("teacher_loss", teacher_loss)
    out = (1.0 - np.sqrt(1.0 - L)) ** 2
    return float(out) if out.ndim == 0 else out
