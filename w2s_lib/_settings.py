"""The two settings of the book and their exact population moments.

* :class:`ReLUSphere` — ReLU features, inputs uniform on the √d-sphere
  (model section 2; Theorem 3.1, Figures 2, 4, 5).
* :class:`LinearGaussian` — linear features, Gaussian inputs with diagonal
  covariance (model section 3; Theorems 3.2, 3.3, Figure 3).

A setting turns bottom-layer weights into the moments every solver needs:
the feature Gram E[ψ(<w_i,x>) ψ(<v_j,x>)], the feature–target moments
E[ψ(<w_i,x>) f*(x)] and ‖f*‖². All are closed forms, never Monte Carlo.
"""

from __future__ import annotations

import numpy as np

from ._spectral import gegenbauer, log_multiplicity, relu_coefficients, relu_eigenvalues, relu_kernel
from ._targets import ZonalTarget, as_target
from ._validation import as_dimension, as_matrix, as_vector, check_unit_rows

__all__ = ["ReLUSphere", "LinearGaussian"]


class ReLUSphere:
    """ReLU random features with inputs uniform on the sphere of radius √d.

    Model section 2. Features ψ(<w, x>) = max(<w, x>, 0) with unit rows w; the
    input x is uniform on the √d-sphere, so E[x xᵀ] = I_d.

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
        G = relu_kernel(U)
        if V is None:
            G = 0.5 * (G + G.T)
        return G

    def target_moments(self, W, target):
        """E[ψ(<w_i, x>) f*(x)] for each row, shape (M,). Model section 2."""
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

    Model section 3. Features ψ(<w, x>) = <w, x>; a model is the linear
    predictor θ = M^{-1/2} Wᵀ a, with ‖f - f*‖² = (θ - θ*)ᵀ Σ (θ - θ*).

    Parameters
    ----------
    variances : array_like of shape (d,)
        The diagonal of Σ: finite and strictly positive.
    """

    kind = "linear"

    def __init__(self, variances):
        self.variances = as_vector("variances", variances, positive=True)
        self.variances.setflags(write=False)
        self.d = int(self.variances.size)

    @classmethod
    def diagonal_family(cls, d, k, eps):
        """σ² = 1 on the first k coordinates and ``eps`` on the other d - k (section 3)."""
        d = as_dimension("d", d, minimum=1)
        k = as_dimension("k", k, minimum=0)
        if k > d:
            raise ValueError(f"k must satisfy 0 <= k <= d = {d}, got {k}")
        if not (np.isfinite(eps) and eps > 0):
            raise ValueError(f"eps must be finite and > 0, got {eps}")
        v = np.full(d, float(eps))
        v[:k] = 1.0
        return cls(v)

    def __repr__(self):
        return f"LinearGaussian(d={self.d})"

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
