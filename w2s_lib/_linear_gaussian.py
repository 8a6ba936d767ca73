"""Linear random features with Gaussian inputs of diagonal covariance (book: linear chapter).

The setting of Theorems 3.2 and 3.3 and Figure 3. A model is the linear predictor
θ = M^{-1/2} Wᵀ a with ‖f - f*‖² = (θ - θ*)ᵀ Σ (θ - θ*); the infinite-width student is the
exact flow θ(t) = (I - e^{-tΣ}) θ_TE, and the whitened embedding z = Σ^{-1/2} x lets a finite
student wider than d work in dimension d.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ._curves import SpectralCurve
from ._setting import Setting
from ._targets import ZonalTarget, as_target
from ._validation import as_dimension, as_matrix, as_real_array, as_real_number, as_vector, frozen

__all__ = ["LinearGaussian"]


class LinearGaussian(Setting):
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

    def __init__(self, variances):
        v = as_real_array("variances", variances)
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

        Book: linear chapter, definition "The diagonal family".

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

    # -- optional capabilities ------------------------------------------------------
    def embed_weights(self, W):
        """F = W Σ^{1/2}: <w, x> = <F_w, z> with z = Σ^{-1/2} x white, shape (M, d)."""
        return np.asarray(W) * np.sqrt(self.variances)

    def embed_target(self, target):
        """y* = Σ^{1/2} θ*, shape (d,)."""
        return np.sqrt(self.variances) * np.asarray(target)

    def infinite_curve(self, teacher):
        """θ(t) = (I - e^{-tΣ}) θ_TE exactly (linear chapter, the closed-form curve lemma): nodes σ_j²."""
        sig = np.asarray(self.variances)
        theta_te = teacher.weights.T @ teacher.unscaled_coef
        theta_star = teacher.target
        u = sig * theta_te * theta_star
        v = sig * theta_te**2
        err_w = sig * (theta_star - theta_te) ** 2
        return SpectralCurve(sig, u[None], v[None], [teacher.target_norm2], err_w=err_w[None])

    def infinite_ceiling_curve(self, teacher):
        """The infinite-width student trained on θ*: coordinate j learnt at rate σ_j²."""
        sig = np.asarray(self.variances)
        weights = sig * np.asarray(teacher.target) ** 2
        return SpectralCurve(sig, weights[None], weights[None], [teacher.target_norm2])
