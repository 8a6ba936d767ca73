"""The two settings of the book and their exact population moments.

* :class:`ReLUSphere` — ReLU features, inputs uniform on the √d-sphere
  (book: Setup, "Random-feature models", and the ReLU chapter; Theorem 3.1,
  Figures 2, 4, 5).
* :class:`LinearGaussian` — linear features, Gaussian inputs with diagonal
  covariance (book: linear chapter, "The diagonal family"; Theorems 3.2, 3.3,
  Figure 3).

A setting turns bottom-layer weights into the moments every solver needs:
the feature Gram E[ψ(<w_i,x>) ψ(<v_j,x>)], the feature–target moments
E[ψ(<w_i,x>) f*(x)] and ‖f*‖². All are closed forms, never Monte Carlo.

Two settings are equal (and hash equal) when they describe the same features and
input distribution: the same d, and for :class:`LinearGaussian` the same variances,
so equal settings are interchangeable everywhere.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ._spectral import _relu_kernel, gegenbauer, log_multiplicity, relu_coefficients, relu_eigenvalues
from ._targets import ZonalTarget, as_target
from ._validation import _as_real_array, as_dimension, as_matrix, as_real_number, as_vector, check_unit_rows, frozen

__all__ = ["ReLUSphere", "LinearGaussian"]


class ReLUSphere:
    """ReLU random features with inputs uniform on the sphere of radius √d.

    Book: Setup, "Random-feature models". Features ψ(<w, x>) = max(<w, x>, 0) with
    unit rows w; the input x is uniform on the √d-sphere, so E[x xᵀ] = I_d.

    Parameters
    ----------
    d : int
        Input dimension, an integer d ≥ 3.

    Notes
    -----
    * E[ψ(<w,x>) ψ(<v,x>)] = K(<w,v>), K(u) = (√(1-u²) + (π - arccos u) u)/(2π).
    * E[ψ(<w,x>) <β,x>] = <w,β>/2.
    * Zonal targets: E[ψ(<w,x>) f*] = Σ_m α_m c_ℓ √N(d,ℓ) P_ℓ(<w,β_m>) (Funk–Hecke).
    """

    kind = "relu"

    def __init__(self, d):
        self.d = as_dimension("d", d, minimum=3)

    def __repr__(self):
        return f"ReLUSphere(d={self.d})"

    def __eq__(self, other):
        return isinstance(other, ReLUSphere) and other.d == self.d

    def __hash__(self):
        return hash(("ReLUSphere", self.d))

    # -- validation -------------------------------------------------------
    def check_weights(self, name, W):
        """Validate bottom-layer weights: shape (M, d), finite, unit rows."""
        W = as_matrix(name, W, n_cols=self.d)
        check_unit_rows(name, W)
        return W

    def check_target(self, target):
        """A (d,) vector β (linear target) or a :class:`ZonalTarget` of dimension d."""
        return as_target(target, self.d)

    # -- moments ----------------------------------------------------------
    def feature_gram(self, W, V=None):
        """Unscaled feature Gram E[ψ(<w_i,x>) ψ(<v_j,x>)] = K(<w_i, v_j>).

        Parameters
        ----------
        W : ndarray of shape (M, d)
            Unit rows (validated by the caller).
        V : ndarray of shape (M', d), optional
            Defaults to ``W``.

        Returns
        -------
        ndarray of shape (M, M')
        """
        U = W @ (W if V is None else V).T
        G = _relu_kernel(U)
        if V is None:
            G = 0.5 * (G + G.T)
        return G

    def target_moments(self, W, target):
        """E[ψ(<w_i, x>) f*(x)] for each row, shape (M,) (Funk–Hecke; book: Setup)."""
        if isinstance(target, ZonalTarget):
            out = np.zeros(W.shape[0])
            for ell, alphas, axes in target.degree_blocks():
                c = relu_coefficients(self.d, [ell])[0]
                if c == 0.0:
                    continue
                sqrtN = np.exp(0.5 * log_multiplicity(self.d, [ell])[0])
                P = gegenbauer(self.d, ell, W @ axes.T)[ell]  # (M, n_terms)
                out += c * sqrtN * (P @ alphas)
            return out
        return 0.5 * (W @ target)

    def target_norm2(self, target):
        """‖f*‖² = E[f*(x)²], exactly."""
        if isinstance(target, ZonalTarget):
            return target.norm2()
        return float(target @ target)

    def eigenvalues(self, degrees):
        """Kernel eigenvalues μ_ℓ of the infinite-width student, shape (n,)."""
        return relu_eigenvalues(self.d, degrees)


class LinearGaussian:
    """Linear random features with Gaussian inputs x ~ N(0, diag(variances)).

    Book: linear chapter, "The diagonal family". Features ψ(<w, x>) = <w, x>; a
    model is the linear predictor θ = M^{-1/2} Wᵀ a, with
    ‖f - f*‖² = (θ - θ*)ᵀ Σ (θ - θ*).

    Parameters
    ----------
    variances : array_like of shape (d,)
        The diagonal of Σ, one variance per coordinate (e.g. ``np.ones(d)``):
        finite and strictly positive. Stored as a read-only copy.

    Notes
    -----
    Two settings with equal variances are equal and hash equal. The repr lists
    the variances run by run (``1.0 ×1, 0.125 ×7``) when there are at most four
    runs, and otherwise their range and a digest, so unequal settings print
    differently.
    """

    kind = "linear"

    def __init__(self, variances):
        v = _as_real_array("variances", variances)
        if v.ndim != 1:
            got = f"the single number {v.item()!r}" if v.ndim == 0 else f"shape {v.shape}"
            raise ValueError(
                f"variances must be a 1-D array of per-coordinate variances (the diagonal of "
                f"Σ, e.g. np.ones(d)), got {got}"
            )
        self.variances = frozen(as_vector("variances", v, positive=True))
        self.d = int(self.variances.size)
        self._key = hashlib.blake2b(self.variances.tobytes(), digest_size=8).hexdigest()

    @classmethod
    def diagonal_family(cls, d, k, eps):
        """σ² = 1 on the first k coordinates and ``eps`` on the other d - k.

        Book: linear chapter, {prf:ref}`def-diagonal-family`.

        Parameters
        ----------
        d : int
            Dimension, d ≥ 1.
        k : int
            Number of large directions, 0 ≤ k ≤ d.
        eps : float
            The small variance ε > 0.

        Returns
        -------
        LinearGaussian
        """
        d = as_dimension("d", d, minimum=1)
        k = as_dimension("k", k, minimum=0)
        if k > d:
            raise ValueError(f"k must satisfy 0 <= k <= d = {d}, got {k}")
        eps = as_real_number("eps", eps, positive=True)
        v = np.full(d, eps)
        v[:k] = 1.0
        return cls(v)

    def __eq__(self, other):
        return (
            isinstance(other, LinearGaussian)
            and other.d == self.d
            and np.array_equal(other.variances, self.variances)
        )

    def __hash__(self):
        return hash(("LinearGaussian", self._key))

    def __repr__(self):
        v = self.variances
        starts = np.concatenate([[0], np.nonzero(v[1:] != v[:-1])[0] + 1])
        if starts.size <= 4:
            ends = np.concatenate([starts[1:], [v.size]])
            runs = ", ".join(f"{float(v[a])!r} ×{b - a}" for a, b in zip(starts, ends))
            return f"LinearGaussian(d={self.d}, variances: {runs})"
        return (
            f"LinearGaussian(d={self.d}, variances in [{v.min():.6g}, {v.max():.6g}], "
            f"digest {self._key})"
        )

    def check_weights(self, name, W):
        """Validate weights: shape (M, d), finite (any norm)."""
        return as_matrix(name, W, n_cols=self.d)

    def check_target(self, target):
        """Only linear targets: a (d,) vector θ*."""
        if isinstance(target, ZonalTarget):
            raise TypeError("LinearGaussian supports only linear targets: pass a (d,) vector")
        return as_target(target, self.d)

    def feature_gram(self, W, V=None):
        """Unscaled Gram E[<w_i,x><v_j,x>] = w_iᵀ Σ v_j, shape (M, M')."""
        G = (W * self.variances) @ (W if V is None else V).T
        if V is None:
            G = 0.5 * (G + G.T)
        return G

    def target_moments(self, W, target):
        """E[<w_i,x> <θ*,x>] = w_iᵀ Σ θ*, shape (M,)."""
        return W @ (self.variances * target)

    def target_norm2(self, target):
        """‖f*‖² = θ*ᵀ Σ θ*."""
        return float(target @ (self.variances * target))
