"""Spherical harmonics facts for ReLU features on the sphere.

Book: "How the numbers are computed", section "The ReLU kernel and its spectrum"
(lemma "Closed form of the ReLU Funk–Hecke coefficients"), and the ReLU chapter, "The ReLU spectrum".

Notation (book: Notation page). x̂ is uniform on the unit sphere S^{d-1};
u = <w, x̂> has density proportional to (1 - u^2)^{(d-3)/2} on [-1, 1].
P_ℓ is the Gegenbauer (Legendre) polynomial of dimension d normalised by
P_ℓ(1) = 1, N(d, ℓ) the dimension of the degree-ℓ harmonics, and

    c_ℓ = √d · E_u[ReLU(u) P_ℓ(u)],   μ_ℓ = c_ℓ²,

so that ReLU(<w, x>) = Σ_ℓ c_ℓ N(d, ℓ) P_ℓ(<w, x̂>) for x on the √d-sphere and
K(<w, v>) = Σ_ℓ μ_ℓ N(d, ℓ) P_ℓ(<w, v>).

Closed form (Rodrigues' formula and two integrations by parts, derived in the
appendix chapter "How the numbers are computed"):

    E[ReLU(u)]           = Γ(d/2) / (2 √π Γ((d+1)/2))
    E[ReLU(u) u]         = 1 / (2d)
    E[ReLU(u) P_ℓ(u)]    = (-1)^{ℓ/2 - 1} (ℓ-2)! Γ(d/2)
                           / (2^ℓ ((ℓ-2)/2)! Γ((ℓ+d+1)/2) √π)      for even ℓ ≥ 2
                         = 0                                        for odd ℓ ≥ 3.

Everything is evaluated in log space, so it is valid for any d ≥ 3 and
degrees far beyond 10⁴, where N(d, ℓ) overflows float64.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.special import gammaln

from ._validation import as_real_array, check_finite, first_bad, index_text, as_degrees, as_dimension

__all__ = [
    "relu_kernel",
    "log_multiplicity",
    "multiplicity",
    "relu_coefficients",
    "relu_eigenvalues",
    "relu_weights",
    "relu_tail_bound",
    "gegenbauer",
]

#: Slack allowed outside [-1, 1] for the cosines given to :func:`relu_kernel` (rounding).
COSINE_TOL = 1e-8


def _as_sphere_dimension(d):
    return as_dimension("d", d, minimum=3, hint=" (the dimension of the ReLU setting's sphere "
                        "S^{d-1}; the closed forms here hold for d >= 3)")


def _as_degrees(d, degrees):
    return _as_sphere_dimension(d), as_degrees("degrees", degrees)


def relu_kernel(u):
    """ReLU arc-cosine kernel K(u) = (√(1-u²) + (π - arccos u) u) / (2π).

    Implements E[ReLU(<w,x>) ReLU(<v,x>)] for unit w, v and x uniform on the
    √d-sphere (book: Setup, "Random-feature models"; Cho & Saul 2009). K(1) = 1/2.

    Parameters
    ----------
    u : array_like
        Cosines in [-1, 1]; values outside by at most 1e-8 (rounding) are clipped,
        values further outside are refused.

    Returns
    -------
    ndarray of the shape of ``u``
    """
    u = as_real_array("u", u)
    check_finite("u", u)
    bad = np.abs(u) > 1.0 + COSINE_TOL
    if np.any(bad):
        idx, val = first_bad(u, bad)
        raise ValueError(f"u must contain cosines in [-1, 1], got {index_text('u', idx)} = {val}")
    return relu_kernel_values(u)


def relu_kernel_values(u):
    """:func:`relu_kernel` without argument checks, for the solvers' Gram matrices (internal)."""
    u = np.clip(np.asarray(u, dtype=np.float64), -1.0, 1.0)
    return (np.sqrt(1.0 - u * u) + (np.pi - np.arccos(u)) * u) / (2.0 * np.pi)


def log_multiplicity(d, degrees):
    """log N(d, ℓ), the log-dimension of degree-ℓ spherical harmonics on S^{d-1}.

    N(d, 0) = 1 and N(d, ℓ) = (2ℓ + d - 2)/ℓ · C(ℓ + d - 3, ℓ - 1) for ℓ ≥ 1.

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    degrees : array_like of int, shape (n,)

    Returns
    -------
    ndarray of shape (n,)
    """
    return _log_multiplicity(*_as_degrees(d, degrees))


def _log_multiplicity(d, degrees):
    ell = np.asarray(degrees, dtype=np.float64)
    out = np.zeros_like(ell)
    pos = ell >= 1
    lp = ell[pos]
    out[pos] = (
        np.log(2.0 * lp + d - 2.0)
        - np.log(lp)
        + gammaln(lp + d - 2.0)
        - gammaln(lp)
        - gammaln(d - 1.0)
    )
    return out


#: Below this, N(d, ℓ) is an integer that float64 represents exactly, and it is computed exactly.
_EXACT_INTEGER_LIMIT = 2.0**53


def multiplicity(d, degrees):
    """N(d, ℓ), the dimension of the degree-ℓ spherical harmonics on S^{d-1}.

    Book: ReLU chapter, "The ReLU spectrum". Values below 2^53 are the exact
    integers (from ``math.comb``, then converted, correctly rounded); far larger ones
    come from :func:`log_multiplicity` and may overflow to ``inf`` (use the logarithm then).

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    degrees : array_like of int, shape (n,)

    Returns
    -------
    ndarray of float64, shape (n,)
    """
    d, degrees = _as_degrees(d, degrees)
    logs = _log_multiplicity(d, degrees)
    with np.errstate(over="ignore"):
        out = np.exp(logs)
    small = np.flatnonzero(logs < np.log(_EXACT_INTEGER_LIMIT) + 1.0)   # a margin for the log's rounding
    for i in small:
        ell = int(degrees[i])
        out[i] = 1.0 if ell == 0 else float((2 * ell + d - 2) * math.comb(ell + d - 3, ell - 1) // ell)
    return out


def _log_abs_moment_and_sign(d, ell):
    """log |E[ReLU(u) P_ℓ(u)]| and its sign; sign 0 marks an exact zero."""
    ell = np.asarray(ell, dtype=np.int64)
    logv = np.full(ell.shape, -np.inf)
    sign = np.zeros(ell.shape)
    l0 = ell == 0
    logv[l0] = gammaln(d / 2.0) - np.log(2.0 * np.sqrt(np.pi)) - gammaln((d + 1.0) / 2.0)
    sign[l0] = 1.0
    l1 = ell == 1
    logv[l1] = -np.log(2.0 * d)
    sign[l1] = 1.0
    ev = (ell >= 2) & (ell % 2 == 0)
    le = ell[ev].astype(np.float64)
    logv[ev] = (
        gammaln(le - 1.0)
        + gammaln(d / 2.0)
        - le * np.log(2.0)
        - gammaln(le / 2.0)
        - gammaln((le + d + 1.0) / 2.0)
        - 0.5 * np.log(np.pi)
    )
    sign[ev] = np.where(((ell[ev] - 2) // 2) % 2 == 0, 1.0, -1.0)
    return logv, sign


def relu_coefficients(d, degrees):
    """Funk–Hecke coefficients c_ℓ = √d E_u[ReLU(u) P_ℓ(u)] (lemma "Closed form of the ReLU Funk–Hecke coefficients").

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    degrees : array_like of int, shape (n,)

    Returns
    -------
    ndarray of shape (n,)
        Signed; exactly 0 for odd ℓ ≥ 3. Underflows to 0 where abs(c_ℓ) < 1e-308.
    """
    d, degrees = _as_degrees(d, degrees)
    logv, sign = _log_abs_moment_and_sign(d, degrees)
    with np.errstate(under="ignore"):
        return sign * np.exp(logv + 0.5 * np.log(d))


def relu_eigenvalues(d, degrees):
    """Kernel eigenvalues μ_ℓ = c_ℓ² of the ReLU integral operator.

    μ_1 = 1/(4d); μ_ℓ = 0 for odd ℓ ≥ 3; μ_ℓ ~ ℓ^{-(d+2)} for even ℓ (book: ReLU
    chapter, "The ReLU spectrum").

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    degrees : array_like of int, shape (n,)
        Degrees ℓ ≥ 0.

    Returns
    -------
    ndarray of shape (n,)
    """
    return _relu_eigenvalues(*_as_degrees(d, degrees))


def _relu_eigenvalues(d, degrees):
    logv, sign = _log_abs_moment_and_sign(d, degrees)
    with np.errstate(under="ignore"):
        return np.where(sign != 0, np.exp(2.0 * logv + np.log(d)), 0.0)


def relu_weights(d, degrees):
    """a_ℓ = μ_ℓ N(d, ℓ), the share of K(1) = 1/2 carried by degree ℓ.

    Computed as exp(log μ_ℓ + log N(d, ℓ)), so it neither overflows nor
    loses precision where μ_ℓ underflows and N(d, ℓ) overflows.

    Returns
    -------
    ndarray of shape (n,)
    """
    logv, sign = _log_abs_moment_and_sign(d, degrees)
    with np.errstate(under="ignore"):
        return np.where(
            sign != 0, np.exp(2.0 * logv + np.log(d) + _log_multiplicity(d, degrees)), 0.0
        )


def relu_tail_bound(d, max_degree):
    """Upper bound on Σ_{ℓ > ℓ_max} μ_ℓ N(d, ℓ), independent of the total 1/2.

    Book: appendix "How the numbers are computed", lemma "Tail bound" (proved there
    for every d ≥ 3). With a_ℓ = μ_ℓ N(d, ℓ) and ν = (d - 2)/2, the closed form gives
    the exact ratio for even ℓ ≥ 2

        a_{ℓ+2}/a_ℓ = (ℓ-1)² (2ℓ+d+2)(ℓ+d-1)(ℓ+d-2) / ((ℓ+d+1)² (2ℓ+d-2)(ℓ+2)(ℓ+1)),

    which is at most ((ℓ+ν)/(ℓ+ν+2))⁴: cleared of denominators, the difference is a
    polynomial in ℓ - 2 and d - 3 with no negative coefficient. Hence a_ℓ (ℓ+ν)⁴ is
    non-increasing and, with ℓ_0 the first even degree above ℓ_max and convexity of
    x ↦ x⁻⁴,

        Σ_{ℓ > ℓ_max} a_ℓ ≤ a_{ℓ_0} (ℓ_0+ν)⁴ / (6 (ℓ_0+ν-1)³)   (+ a_1 if ℓ_max = 0).

    The bound is asymptotically tight (ratio → 1 as ℓ_max grows); it uses only
    a_{ℓ_0} and the ratio above, never K(1) = 1/2 minus a partial sum.

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 3.
    max_degree : int
        ℓ_max ≥ 0, the last degree included in a partial sum.

    Returns
    -------
    float
    """
    d = _as_sphere_dimension(d)
    l_max = as_dimension("max_degree", max_degree, minimum=0)
    l0 = max(l_max + 1 if (l_max + 1) % 2 == 0 else l_max + 2, 2)
    nu = (d - 2.0) / 2.0
    a0 = float(relu_weights(d, [l0])[0])
    bound = a0 * (l0 + nu) ** 4 / (6.0 * (l0 + nu - 1.0) ** 3)
    if l_max < 1:
        bound += float(relu_weights(d, [1])[0])
    return bound


def gegenbauer(d, max_degree, u):
    """P_0(u), …, P_K(u) for the d-dimensional Legendre polynomials, P_ℓ(1) = 1.

    Three-term recurrence
    P_{ℓ+1}(u) = ((2ℓ + d - 2) u P_ℓ(u) - ℓ P_{ℓ-1}(u)) / (ℓ + d - 2).

    Parameters
    ----------
    d : int
        Dimension, d ≥ 3.
    max_degree : int
        K ≥ 0.
    u : array_like of shape (...)

    Returns
    -------
    ndarray of shape (K + 1, ...)
    """
    d = _as_sphere_dimension(d)
    max_degree = as_dimension("max_degree", max_degree, minimum=0)
    u = as_real_array("u", u)
    check_finite("u", u)
    out = np.empty((max_degree + 1,) + u.shape)
    out[0] = 1.0
    if max_degree >= 1:
        out[1] = u
    for ell in range(1, max_degree):
        out[ell + 1] = ((2 * ell + d - 2) * u * out[ell] - ell * out[ell - 1]) / (ell + d - 2)
    return out


@lru_cache(maxsize=32)
def relu_series(d, max_degree):
    """Degrees {0, 1, 2, 4, …, K} with μ_ℓ > 0 and their a_ℓ = μ_ℓ N(d, ℓ) (read-only)."""
    degrees = np.concatenate([[0, 1], np.arange(2, max_degree + 1, 2)]).astype(np.int64)
    mu = _relu_eigenvalues(d, degrees)
    a = relu_weights(d, degrees)
    for arr in (degrees, mu, a):
        arr.setflags(write=False)
    return degrees, mu, a
