"""ReLU random features with Gaussian inputs, and Hermite targets (book: Experiments).

For x ~ N(0, I_d) and unit rows w, v the pair (<w, x>, <v, x>) is a standard Gaussian pair with
correlation u = <w, v>, so the feature Gram is the same arc-cosine kernel K(u) as on the
√d-sphere (ReLU is 1-homogeneous and E|x|² = d). Targets differ: the natural unit-norm
polynomials of a Gaussian are the Hermite functions h_k(<β, x>) = He_k(<β, x>)/√k!, and by
Mehler's formula E[ψ(<w, x>) h_k(<β, x>)] = c_k <w, β>^k with c_k = E[ReLU(z) h_k(z)] and
E[h_k(<β, x>) h_j(<β', x>)] = δ_kj <β, β'>^k. Everything the finite-width path needs is a closed
form. The infinite-width student is not provided here (the default of the Setting protocol says
so). It could be: the kernel's operator maps every function into H = {|x| g(x/|x|)}, sends what is
orthogonal to H to zero, and on H it is the sphere's operator, so the infinite-width student is the
sphere's student of the projection of f* on H, with the rest of f* never learnt.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._setting import Setting
from ._spectral import relu_kernel_values
from ._validation import UNIT_TOL, as_dimension, as_matrix, as_vector, check_unit_rows, frozen

__all__ = ["GaussianReLU", "HermiteTarget", "relu_hermite_coefficient"]


def relu_hermite_coefficient(k):
    """c_k = E[ReLU(z) h_k(z)], z ~ N(0, 1), h_k = He_k/√k! (zero for odd k ≥ 3).

    From ∫_0^∞ φ He_j = φ(0) He_{j-1}(0) and z He_k = He_{k+1} + k He_{k-1}:
    c_0 = φ(0), c_1 = 1/2, and c_k = φ(0) (-1)^{k/2+1} (k-3)!! / √k! for even k ≥ 2.
    """
    k = as_dimension("k", k, minimum=0)
    phi0 = 1.0 / math.sqrt(2.0 * math.pi)
    if k == 0:
        return phi0
    if k == 1:
        return 0.5
    if k % 2:
        return 0.0
    double_fact = math.prod(range(k - 3, 0, -2)) if k > 3 else 1
    return phi0 * (-1) ** (k // 2 + 1) * double_fact / math.sqrt(math.factorial(k))


class HermiteTarget:
    """f*(x) = Σ_m α_m h_{k_m}(<β_m, x>) with unit β_m, h_k = He_k/√k! (each term of unit norm).

    Parameters
    ----------
    terms : sequence of (degree k ≥ 0, coefficient α, direction β of shape (d,), unit norm)
    """

    def __init__(self, terms):
        if isinstance(terms, (str, bytes)) or not hasattr(terms, "__iter__"):
            raise TypeError("terms must be a sequence of (degree, coefficient, direction)")
        degrees, alphas, axes = [], [], []
        for i, term in enumerate(terms):
            if not isinstance(term, (tuple, list)) or len(term) != 3:
                raise TypeError(f"terms[{i}] must be (degree, coefficient, direction)")
            k, alpha, beta = term
            degrees.append(as_dimension(f"terms[{i}] degree", k, minimum=0))
            if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not np.isfinite(alpha):
                raise ValueError(f"terms[{i}] coefficient must be a finite real number, got {alpha!r}")
            alphas.append(float(alpha))
            beta = as_vector(f"terms[{i}] direction", beta)
            if abs(np.linalg.norm(beta) - 1.0) > UNIT_TOL:
                raise ValueError(f"terms[{i}] direction must have unit norm, got norm {np.linalg.norm(beta):.6g}")
            axes.append(beta)
        if not degrees:
            raise ValueError("terms must be non-empty")
        if len({a.size for a in axes}) != 1:
            raise ValueError("every direction must have the same dimension")
        self.degrees = frozen(degrees, dtype=np.int64)
        self.alphas = frozen(alphas)
        self.axes = frozen(np.array(axes))
        self.dim = int(self.axes.shape[1])

    def __eq__(self, other):
        return (isinstance(other, HermiteTarget) and np.array_equal(other.degrees, self.degrees)
                and np.array_equal(other.alphas, self.alphas) and np.array_equal(other.axes, self.axes))

    def __hash__(self):
        return hash((self.degrees.tobytes(), self.alphas.tobytes(), self.axes.tobytes()))

    def __repr__(self):
        return f"HermiteTarget(degrees={self.degrees.tolist()}, d={self.dim})"

    def norm2(self):
        """‖f*‖² = Σ_{m, m'} α_m α_m' δ_{k_m k_m'} <β_m, β_m'>^{k_m} (Mehler), exactly."""
        same = self.degrees[:, None] == self.degrees[None, :]
        return float(self.alphas @ (same * (self.axes @ self.axes.T) ** self.degrees[:, None]) @ self.alphas)


class GaussianReLU(Setting):
    """ReLU random features with inputs x ~ N(0, I_d) (book: Experiments, "Gaussian inputs").

    Unit rows w, as for :class:`ReLUSphere`, whose Gram it shares. Targets: a (d,) vector β (the
    linear target <β, x>) or a :class:`HermiteTarget`. No infinite-width student (see the module).

    Parameters
    ----------
    d : int
        Input dimension, d ≥ 1.
    """

    def __init__(self, d):
        self.d = as_dimension("d", d, minimum=1)

    def __repr__(self):
        return f"GaussianReLU(d={self.d})"

    def __eq__(self, other):
        return isinstance(other, GaussianReLU) and other.d == self.d

    def __hash__(self):
        return hash(("GaussianReLU", self.d))

    def check_weights(self, name, W):
        """Shape (M, d), finite, unit rows."""
        W = as_matrix(name, W, n_cols=self.d)
        check_unit_rows(name, W)
        return W

    def check_target(self, target):
        """A (d,) vector β, stored as the HermiteTarget ‖β‖ h_1(<β/‖β‖, x>), or a HermiteTarget."""
        if isinstance(target, HermiteTarget):
            if target.dim != self.d:
                raise ValueError(f"target has dimension {target.dim}, the setting {self.d}")
            return target
        beta = as_vector("target", target, size=self.d)
        norm = float(np.linalg.norm(beta))
        if norm == 0.0:
            raise ValueError("target must be a non-zero vector or a HermiteTarget")
        return HermiteTarget([(1, norm, beta / norm)])

    def feature_gram(self, W, V=None):
        """K(<w_i, v_j>), the arc-cosine kernel, shape (M, M')."""
        G = relu_kernel_values(W @ (W if V is None else V).T)
        return 0.5 * (G + G.T) if V is None else G

    def target_moments(self, W, target):
        """Σ_m α_m c_{k_m} <w_i, β_m>^{k_m} (Mehler), shape (M,)."""
        c = np.array([relu_hermite_coefficient(int(k)) for k in target.degrees])
        return ((W @ target.axes.T) ** target.degrees[None, :]) @ (c * target.alphas)

    def target_norm2(self, target):
        """‖f*‖², exactly."""
        return target.norm2()
