"""ReLU random features with inputs uniform on the √d-sphere (book: Setup and the ReLU chapter).

The setting of Theorem 3.1 and Figures 2, 4 and 5. Exact population moments: the arc-cosine
kernel K(<w, v>) for the Gram, Funk–Hecke for zonal targets. Its infinite-width student lives
in :mod:`w2s_lib._relu_infinite`, its degree-by-degree analysis in :mod:`w2s_lib._relu_degrees`.
"""

from __future__ import annotations

import numpy as np

from ._relu_degrees import relu_degree_bound, relu_degree_profile
from ._relu_infinite import relu_ceiling_curve, relu_infinite_curve
from ._setting import Setting
from ._spectral import gegenbauer, log_multiplicity, relu_coefficients, relu_kernel_values
from ._targets import ZonalTarget, as_target
from ._validation import as_dimension, as_matrix, check_unit_rows

__all__ = ["ReLUSphere"]


class ReLUSphere(Setting):
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
        G = relu_kernel_values(U)
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

    # -- optional capabilities ------------------------------------------------------
    def infinite_curve(self, teacher):
        """The infinite-width student's curve, summed degree by degree (ReLU chapter)."""
        return relu_infinite_curve(self, teacher)

    def infinite_ceiling_curve(self, teacher):
        """The infinite-width student trained on f*: target degree ℓ learnt at rate μ_ℓ."""
        return relu_ceiling_curve(self, teacher)

    def degree_profile(self, teacher, max_degree=12):
        """The teacher's error by harmonic degree (see :func:`w2s_lib.degree_profile`)."""
        return relu_degree_profile(self, teacher, max_degree)

    def degree_bound(self, teacher, times=None):
        """Bounds on the infinite-width student from that profile (see :func:`w2s_lib.degree_bound`)."""
        return relu_degree_bound(self, teacher, times)
