"""Targets: linear functions and finite sums of zonal harmonics.

Book: Setup, "Random-feature models", and the ReLU chapter, "The theorem's target
class, where it is visible".

A zonal target on the √d-sphere is

    f*(x) = Σ_m α_m √N(d, ℓ_m) P_{ℓ_m}(<β_m, x̂>),   |β_m| = 1,  x̂ = x/√d,

each term of unit norm; terms of different degrees are orthogonal, terms of the
same degree have inner product α α' P_ℓ(<β, β'>). Degree 1 is the linear target
<β, x>. A linear target can also be given as a plain vector β of shape (d,).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._spectral import gegenbauer
from ._validation import UNIT_TOL, as_vector, frozen

__all__ = ["ZonalTarget"]


class ZonalTarget:
    """A finite sum of zonal harmonics (book: Setup; the ReLU chapter's target class).

    Parameters
    ----------
    terms : sequence of (degree, alpha, axis)
        ``degree`` is an integer ℓ ≥ 0; ``alpha`` a real coefficient (the terms
        need not be normalised); ``axis`` a unit vector β of shape (d,), d ≥ 3.
        Several terms may share a degree. The axes are copied.

    Attributes
    ----------
    degrees : ndarray of int, shape (n_terms,)
    alphas : ndarray of shape (n_terms,)
    axes : ndarray of shape (n_terms, d)
        Read-only copies of the terms.
    dim : int
        The input dimension d.

    Notes
    -----
    Two targets are equal (and hash equal) when their terms are equal, in the same
    order; the same function written with other terms compares unequal.

    Examples
    --------
    A linear target plus a degree-2 harmonic, ‖f*‖² = 0.8² + 0.6² = 1:

    >>> import numpy as np
    >>> e1, e2 = np.eye(8)[0], np.eye(8)[1]
    >>> f = ZonalTarget([(1, 0.8, e1), (2, 0.6, e2)])
    >>> round(f.norm2(), 12)
    1.0
    """

    def __init__(self, terms):
        if isinstance(terms, (str, bytes)) or not hasattr(terms, "__iter__"):
            raise TypeError("terms must be a sequence of (degree, alpha, axis) triples")
        terms = list(terms)
        if not terms:
            raise ValueError("terms must contain at least one (degree, alpha, axis) triple")
        degrees, alphas, axes = [], [], []
        dim = None
        for i, term in enumerate(terms):
            if not hasattr(term, "__len__") or len(term) != 3:
                raise TypeError(f"terms[{i}] must be a (degree, alpha, axis) triple")
            degree, alpha, axis = term
            if isinstance(degree, bool) or not isinstance(degree, numbers.Integral):
                if isinstance(degree, numbers.Real) and float(degree).is_integer():
                    degree = int(degree)
                else:
                    raise TypeError(f"terms[{i}] degree must be an integer >= 0, got {degree!r}")
            if degree < 0:
                raise ValueError(f"terms[{i}] degree must be an integer >= 0, got {degree}")
            if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
                raise TypeError(f"terms[{i}] alpha must be a real number, got {alpha!r}")
            if not np.isfinite(alpha):
                raise ValueError(f"terms[{i}] alpha must be finite, got {alpha}")
            axis = as_vector(f"terms[{i}] axis", axis)
            if dim is None:
                dim = axis.size
                if dim < 3:
                    raise ValueError(
                        f"terms[{i}] axis must have length d >= 3 (zonal harmonics on the "
                        f"sphere S^(d-1) of the ReLU setting), got length {dim}"
                    )
            elif axis.size != dim:
                raise ValueError(
                    f"terms[{i}] axis has length {axis.size}, but earlier axes have length {dim}"
                )
            if abs(np.linalg.norm(axis) - 1.0) > UNIT_TOL:
                raise ValueError(
                    f"terms[{i}] axis must be a unit vector, got norm {np.linalg.norm(axis):.6g}"
                )
            degrees.append(int(degree))
            alphas.append(float(alpha))
            axes.append(axis)
        self.degrees = frozen(degrees, dtype=np.int64)
        self.alphas = frozen(alphas)
        self.axes = frozen(np.vstack(axes))
        self.dim = int(dim)

    def __eq__(self, other):
        return (
            isinstance(other, ZonalTarget)
            and np.array_equal(self.degrees, other.degrees)
            and np.array_equal(self.alphas, other.alphas)
            and np.array_equal(self.axes, other.axes)
        )

    def __hash__(self):
        # + 0.0 maps -0.0 to 0.0, which compare equal
        return hash((self.degrees.tobytes(), (self.alphas + 0.0).tobytes(), (self.axes + 0.0).tobytes()))

    @classmethod
    def linear(cls, beta):
        """The linear target <β, x> as a degree-1 zonal target (β need not be unit, d ≥ 3)."""
        beta = as_vector("beta", beta)
        norm = float(np.linalg.norm(beta))
        if norm == 0.0:
            raise ValueError("beta must be non-zero")
        return cls([(1, norm, beta / norm)])

    def degree_blocks(self):
        """Yield (ℓ, alphas, axes) for each distinct degree, in increasing order."""
        for ell in np.unique(self.degrees):
            sel = self.degrees == ell
            yield int(ell), self.alphas[sel], self.axes[sel]

    def degree_parts(self):
        """Yield (ℓ, the degree-ℓ part Π_ℓ f* as a ZonalTarget), in increasing ℓ."""
        for ell, alphas, axes in self.degree_blocks():
            yield ell, ZonalTarget([(ell, a, ax) for a, ax in zip(alphas, axes)])

    def norm2(self):
        """‖f*‖² = Σ_ℓ Σ_{m,m' of degree ℓ} α_m α_m' P_ℓ(<β_m, β_m'>), exactly."""
        total = 0.0
        for ell, alphas, axes in self.degree_blocks():
            P = gegenbauer(self.dim, ell, axes @ axes.T)[ell]
            total += float(alphas @ P @ alphas)
        return total

    def __repr__(self):
        parts = ", ".join(f"(ℓ={l}, α={a:.4g})" for l, a in zip(self.degrees, self.alphas))
        return f"ZonalTarget(d={self.dim}, [{parts}])"


def as_zonal(target):
    """A validated target as a ZonalTarget (a linear target <β, x> becomes degree 1)."""
    return target if isinstance(target, ZonalTarget) else ZonalTarget.linear(target)


def as_target(target, d):
    """Validate a target: a (d,) vector β (linear, returned as a read-only copy) or a
    :class:`ZonalTarget` (immutable, returned as is)."""
    if isinstance(target, ZonalTarget):
        if target.dim != d:
            raise ValueError(f"target has dimension {target.dim}, but the setting has d = {d}")
        return target
    if isinstance(target, (np.ndarray, list, tuple)):
        return frozen(as_vector("target", target, size=d))
    raise TypeError(
        f"target must be a (d,) array (linear target <beta, x>) or a ZonalTarget, "
        f"got {type(target).__name__}"
    )
