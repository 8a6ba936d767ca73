"""The infinite-width ReLU student, summed degree by degree (book: ReLU chapter).

At M_ST = ∞ the student is kernel gradient flow, diagonal in spherical harmonics
(book: ReLU chapter, lemma "The infinite-width student degree by degree"):

    L_ST(t) = Σ_ℓ ‖Π_ℓ f* - s_ℓ Π_ℓ f_TE‖²,   ‖Π_ℓ f_TE‖² = μ_ℓ N(d,ℓ) bᵀ P_ℓ(W Wᵀ) b

(addition theorem). The diagonal part |b|² Σ_ℓ s_ℓ² a_ℓ, a_ℓ = μ_ℓ N(d,ℓ), is a scalar series
summed to a very high degree with an independent tail bound; the off-diagonal part
Σ_{i≠j} b_i b_j P_ℓ(u_ij) is summed by the Gegenbauer recurrence. This module belongs to
:class:`w2s_lib.ReLUSphere`, whose ``infinite_curve`` and ``infinite_ceiling_curve`` call it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ._curves import GRADIENT_FLOW, SpectralCurve
from ._spectral import relu_eigenvalues, relu_series, relu_tail_bound, relu_weights
from ._targets import as_zonal
from ._validation import PrecisionWarning, warn

__all__ = ["DegreeSeries", "degree_series", "relu_infinite_curve", "relu_ceiling_curve"]

#: The series starts at this degree and doubles until its tail bound is met.
SERIES_START_DEGREE = 4096
#: Bound on the tail Σ_{ℓ > K} a_ℓ of the diagonal series (a_ℓ sums to 1/2).
SERIES_TAIL_TOL = 1e-17
#: Largest degree the diagonal series may reach (a bound never needed for d ≥ 3 here).
SERIES_MAX_DEGREE = 2**23
#: Below x = κμ_ℓ = SMALL_X a degree's filter is replaced by its Taylor terms c2 x² + c3 x³
#: (relative error below 1e-11 of terms that are themselves below 1e-12 a_ℓ).
SMALL_X = 1e-6
#: In composed rounds, degrees with min_r t_r μ_ℓ below this contribute less than 1e-16 a_ℓ.
SMALL_X_ROUNDS = 1e-8
#: The off-diagonal recurrence stops once its terms stay below OFFDIAG_TOL·‖f*‖² for two checks.
OFFDIAG_TOL = 1e-16
#: ... and it never goes beyond this degree (then it warns).
OFFDIAG_MAX_DEGREE = 20000
#: The recurrence is checked every OFFDIAG_CHECK_EVERY degrees, from OFFDIAG_MIN_DEGREE on.
OFFDIAG_CHECK_EVERY = 8
OFFDIAG_MIN_DEGREE = 16
#: Cosines this close to ±1 are exact duplicates (+1) or antipodes (-1) of a teacher row.
PARALLEL_TOL = 1e-15


class DegreeSeries:
    """D(κ) = Σ_ℓ s(κμ_ℓ)² a_ℓ over ℓ ∈ {0, 1, 2, 4, …, K}, a_ℓ = μ_ℓ N(d, ℓ).

    K is the first power of two from SERIES_START_DEGREE on whose tail bound
    (:func:`w2s_lib.relu_tail_bound`) is below SERIES_TAIL_TOL. Degrees with
    κμ_ℓ < SMALL_X are summed through suffix sums of μ²a and μ³a and the filter's
    Taylor coefficients.
    """

    def __init__(self, d):
        K = SERIES_START_DEGREE
        while relu_tail_bound(d, K) > SERIES_TAIL_TOL and K < SERIES_MAX_DEGREE:
            K *= 2
        self.max_degree = K
        self.tail = relu_tail_bound(d, K)
        _, mu, a = relu_series(d, K)
        order = np.argsort(-mu, kind="stable")
        self.mu = mu[order]
        self.a = a[order]
        self.total = float(np.sum(self.a[::-1]))

        def suffix(x):
            return np.concatenate([np.cumsum(x[::-1])[::-1], [0.0]])

        self.S2 = suffix(self.mu**2 * self.a)
        self.S3 = suffix(self.mu**3 * self.a)
        self._neg_mu = -self.mu

    def evaluate(self, index, filt=GRADIENT_FLOW):
        """Σ_ℓ s_ℓ² a_ℓ at each index (time or ridge, as the filter reads it)."""
        kappas = filt.rate(np.asarray(index, dtype=np.float64))
        c2, c3 = filt.taylor
        out = np.empty(kappas.size)
        for j, kappa in enumerate(kappas):
            if np.isinf(kappa):
                out[j] = self.total
            elif kappa == 0:
                out[j] = 0.0
            else:
                n = int(np.searchsorted(self._neg_mu, -SMALL_X / kappa, side="right"))
                s = filt.value(kappa * self.mu[:n])
                out[j] = (s * s) @ self.a[:n]
                if n < self.mu.size:  # the Taylor tail (skipped when empty: κ² may overflow)
                    out[j] += c2 * kappa**2 * self.S2[n] + c3 * kappa**3 * self.S3[n]
        return out

    def evaluate_rounds(self, rounds):
        """Σ_ℓ (Π_r s(t_r μ_ℓ))² a_ℓ for gradient-flow rounds, shape (n,)."""
        out = np.empty(rounds.shape[0])
        for j, ts in enumerate(rounds):
            t_min = float(np.min(ts))
            if t_min == 0:
                out[j] = 0.0
                continue
            n = self.mu.size if np.isinf(t_min) else int(
                np.searchsorted(self._neg_mu, -SMALL_X_ROUNDS / t_min, side="right"))
            S = np.ones(n)
            for t in ts:
                S = S * GRADIENT_FLOW.values(self.mu[:n], [t])[0]
            out[j] = (S * S) @ self.a[:n]
        return out


@lru_cache(maxsize=16)
def degree_series(d):
    """The :class:`DegreeSeries` of dimension d, built once per process."""
    return DegreeSeries(d)


def _pairs(W, b):
    """Distinct pairs i < j of teacher rows: cosines and 2 b_i b_j, with exact duplicates and antipodes.

    Returns the cosines and weights of the pairs that are neither duplicates (u = 1) nor
    antipodes (u = -1), the extra diagonal weight those two kinds contribute (P_ℓ(1) = 1,
    P_ℓ(-1) = ±1), and the antipodes' sum, whose sign flips in odd degrees.
    """
    iu, ju = np.triu_indices(W.shape[0], k=1)
    U = np.clip((W @ W.T)[iu, ju], -1.0, 1.0)
    bb = 2.0 * b[iu] * b[ju]
    same = U >= 1.0 - PARALLEL_TOL
    anti = U <= -1.0 + PARALLEL_TOL
    anti_sum = float(bb[anti].sum())
    extra_diag = float(bb[same].sum()) + anti_sum
    keep = ~(same | anti)
    return U[keep], bb[keep], extra_diag, anti_sum


def _offdiagonal_sums(d, U, bb, min_degree, norm2):
    """o_ℓ = Σ_pairs bb P_ℓ(u) for ℓ = 0, 1, …, by the Gegenbauer recurrence, and an error estimate."""
    if not U.size:
        return np.zeros(min_degree + 1), min_degree, 0.0
    lam = (d - 2.0) / 2.0
    abs_bb = float(np.abs(bb).sum())
    P_prev, P_cur = np.ones_like(U), U.copy()
    sums = [float(bb.sum()), float(U @ bb)]
    ell, quiet, envelope = 1, 0, np.inf
    while ell < OFFDIAG_MAX_DEGREE:
        P_next = ((2 * ell + d - 2) * U * P_cur - ell * P_prev) / (ell + d - 2)
        ell += 1
        P_prev, P_cur = P_cur, P_next
        sums.append(float(P_cur @ bb))
        if ell >= min_degree and ell % OFFDIAG_CHECK_EVERY == 0:
            envelope = relu_weights(d, [ell])[0] * float(np.max(np.abs(P_cur))) * abs_bb
            quiet = quiet + 1 if envelope < OFFDIAG_TOL * norm2 else 0
            if quiet >= 2:
                break
    if ell >= OFFDIAG_MAX_DEGREE:
        error = abs_bb * relu_tail_bound(d, OFFDIAG_MAX_DEGREE)
        warn(
            f"the off-diagonal degree sum did not converge by degree {OFFDIAG_MAX_DEGREE} "
            f"(teacher rows nearly parallel); the loss may be off by up to {error:.2e}",
            PrecisionWarning,
        )
    else:
        error = envelope * (ell + lam) / 6.0
    return np.asarray(sums), ell, error


def relu_infinite_curve(setting, teacher):
    """SpectralCurve of the infinite-width ReLU student for one teacher.

    Nodes are μ_ℓ for ℓ ∈ {0, 1, 2, 4, …, K_off}; the weights carry the off-diagonal sums and the
    target's projections r_ℓ = <Π_ℓ f*, Π_ℓ f_TE>, and the diagonal part |b|² D is the shared
    :class:`DegreeSeries`. The error is the off-diagonal estimate plus |b|² times the series'
    tail bound.
    """
    d = setting.d
    W, b, norm2 = teacher.weights, teacher.unscaled_coef, teacher.target_norm2
    series = degree_series(d)
    U, bb, extra_diag, anti_sum = _pairs(W, b)
    diag_coef = float(b @ b) + extra_diag

    parts = [(ell, float(setting.target_moments(W, part) @ b), part.norm2())
             for ell, part in as_zonal(teacher.target).degree_parts()]
    min_degree = max(OFFDIAG_MIN_DEGREE, max(ell for ell, _, _ in parts))
    sums, K_off, off_err = _offdiagonal_sums(d, U, bb, min_degree, norm2)
    sums = np.concatenate([sums, np.zeros(max(0, K_off + 1 - sums.size))])

    nodes_deg = np.concatenate([[0, 1], np.arange(2, K_off + 1, 2)]).astype(np.int64)
    mu = relu_eigenvalues(d, nodes_deg)
    a = relu_weights(d, nodes_deg)
    v = a * sums[nodes_deg]
    if anti_sum != 0.0:
        v[1] -= 2.0 * a[1] * anti_sum  # P_1(-1) = -1, counted as +1 in diag_coef
    u = np.zeros_like(v)
    err_w = v.copy()  # ‖Π_ℓ e‖² = ‖Π_ℓ f*‖² - 2 r_ℓ + ‖Π_ℓ f_TE‖²; the diagonal part is in the series
    for ell, r, F in parts:
        hit = np.nonzero(nodes_deg == ell)[0]
        if hit.size:  # odd ℓ ≥ 3 have μ_ℓ = 0: no node, their ‖Π_ℓ f*‖² stays in c0
            u[hit[0]] += r
            err_w[hit[0]] += F - 2.0 * r
    error = off_err + diag_coef * series.tail
    return SpectralCurve(mu, u[None], v[None], [norm2], series, [diag_coef], [error], err_w[None])


def relu_ceiling_curve(setting, teacher):
    """SpectralCurve of the infinite-width ReLU student trained on the teacher's target."""
    degrees, norms = [], []
    for ell, part in as_zonal(teacher.target).degree_parts():
        degrees.append(ell)
        norms.append(part.norm2())
    mu = relu_eigenvalues(setting.d, degrees)
    weights = np.where(mu > 0, norms, 0.0)
    return SpectralCurve(mu, weights[None], weights[None], [teacher.target_norm2])
