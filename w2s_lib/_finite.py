"""Finite-width students: the Gram matrix, and the dense and block-Lanczos solvers.

Book: Setup, lemma "Gradient flow in closed form", and "How the numbers are computed",
"Dense against Krylov on one instance". Everything is a spectral function of the scaled
Gram Ĝ = E[φ φᵀ]/M_ST = Σ_k λ_k z_k z_kᵀ applied to the student–teacher and
student–target moments, so one factorisation (or one Krylov run) serves every time.
"""

from __future__ import annotations

import numpy as np

from ._curves import GRADIENT_FLOW, SpectralCurve
from ._krylov import block_lanczos_nodes
from ._setting import check_setting
from ._teacher import as_teachers
from ._validation import PrecisionWarning, as_dimension, as_real_number, as_times, frozen, warn

__all__ = ["gram_matrix", "FiniteStudent", "DENSE_MAX_FEATURES", "KRYLOV_CHECK_TIMES"]

#: ``method='auto'`` factorises Ĝ densely up to this width and uses block Lanczos above it.
DENSE_MAX_FEATURES = 4096
#: Times at which Krylov convergence is checked: 10^-2 … 10^14 (4 a decade) and +inf.
KRYLOV_CHECK_TIMES = np.concatenate([np.logspace(-2, 14, 16 * 4 + 1), [np.inf]])
KRYLOV_CHECK_TIMES.setflags(write=False)
#: Eigenvalues below CUTOFF_FACTOR · size · eps · λ_max are rounding noise and set to 0.
CUTOFF_FACTOR = 10.0
#: Rows per block when forming the Gram matrix, and the tile size of its mirroring.
GRAM_BLOCK_ROWS = 2048
GRAM_TILE = 256


def gram_matrix(setting, W, block_rows=GRAM_BLOCK_ROWS, tile=GRAM_TILE):
    """Unscaled feature Gram E[ψψᵀ] of shape (M, M), formed in row blocks.

    Only entries on and above the diagonal (at block granularity) are evaluated; the
    rest is mirrored tile by tile, so the result is exactly symmetric and the kernel is
    evaluated about M²/2 times. Peak memory is the (M, M) result plus a few
    (block_rows, M) temporaries (about 2.1 GB + 0.8 GB at M = 16384).
    """
    M = W.shape[0]
    G = np.empty((M, M))
    for i0 in range(0, M, block_rows):
        i1 = min(M, i0 + block_rows)
        G[i0:i1, i0:] = setting.feature_gram(W[i0:i1], W[i0:])
    for i0 in range(0, M, tile):  # mirror in small tiles: a large transposed copy is slow
        i1 = min(M, i0 + tile)
        D = G[i0:i1, i0:i1]
        G[i0:i1, i0:i1] = np.triu(D) + np.triu(D, 1).T
        for j0 in range(i1, M, tile):
            j1 = min(M, j0 + tile)
            G[j0:j1, i0:i1] = G[i0:i1, j0:j1].T
    return G


def _spectral_cutoff(lam_max, size):
    return max(float(lam_max), 0.0) * size * np.finfo(np.float64).eps * CUTOFF_FACTOR


class FiniteStudent:
    """A prepared finite-width student: its Gram matrix built once, reused for every teacher.

    Book: Setup, lemma "Gradient flow in closed form". Everything is a spectral function
    of the scaled Gram Ĝ = E[φ φᵀ]/M_ST = Σ_k λ_k z_k z_kᵀ applied to the student–teacher
    moments p = Zᵀ E[φ f_TE]/√M_ST and the student–target moments q = Zᵀ E[φ f*]/√M_ST:

        L_ST(t) = ‖f*‖² - 2 Σ_k s_k p_k q_k / λ_k + Σ_k s_k² p_k² / λ_k,   s_k = 1 - e^{-t λ_k}.

    Teachers passed together are evaluated together. Pass a prepared student wherever a
    function takes ``W_student``: an array is prepared anew, O(M_ST³), on every call.

    Parameters
    ----------
    setting : Setting
    W_student : array_like of shape (M_ST, d)
        Student bottom weights (unit rows for ReLUSphere); stored as a read-only copy.
    method : {'auto', 'dense', 'krylov'}
        ``'dense'``: one ``numpy.linalg.eigh`` of Ĝ serves every teacher (O(M_ST³): about
        7 s at M_ST = 4096 on the book's machine, 9 minutes at 16384). ``'krylov'``: Ĝ is
        kept and each batch of teachers gets one block Lanczos run started from all their
        moment vectors at once (block Gauss quadrature), iterated until the whole curve,
        t = ∞ included, changes by less than ``tol``·‖f*‖² between checks; that change is
        reported as the error estimate. ``'auto'``: dense up to M_ST = 4096, Krylov above.
        A setting with a whitened embedding of dimension r < M_ST (linear features:
        r = d) is factorised in dimension r instead, whatever the method.
    tol : float
        Krylov stopping tolerance, > 0. Every four block steps the losses of the student and
        of the strong ceiling are evaluated, for every teacher of the batch, at 65 times from
        10⁻² to 10¹⁴ and at ∞; the run stops once, for every teacher, the largest change of
        these losses since the previous check is below ``tol``·‖f*‖². That last change (in
        absolute units) is what :func:`w2s_lib.solver_error` returns: an *estimate* of the
        error of the curve, not a bound. With the default 1e-11 the converged curves of the
        book's 4096-feature instance (book: "How the numbers are computed", "Dense against
        Krylov on one instance") agree with the dense solver to a relative error below 1e-10.
        A run that exhausts the space is exact up to rounding (estimate 0).
    max_steps : int
        Krylov step limit, ≥ 1; a PrecisionWarning is raised if it is reached before ``tol``.

    Attributes
    ----------
    eigenvalues : ndarray of shape (K,) or None
        λ_k ascending, for a factorised student (values below the rounding cutoff set to 0).
    """

    _METHODS = ("auto", "dense", "krylov")

    def __init__(self, setting, W_student, method="auto", tol=1e-11, max_steps=400):
        check_setting(setting)
        if not isinstance(method, str) or method not in self._METHODS:
            raise ValueError(f"method must be one of {self._METHODS}, got {method!r}")
        self.tol = tol
        self.max_steps = max_steps
        self.setting = setting
        self.weights = frozen(setting.check_weights("W_student", W_student))
        M = self.weights.shape[0]
        if method == "auto":
            method = "dense" if M <= DENSE_MAX_FEATURES else "krylov"
        self.method = method
        self.last_steps = None
        self.eigenvalues = self._vectors = self._G = None
        F = setting.embed_weights(self.weights)
        # a whitened embedding of dimension r: Ĝ = F Fᵀ / M has the non-zero spectrum of FᵀF / M
        self._embedded = F is not None and M > F.shape[1]
        if self._embedded:
            self._factorise((F.T @ F) / M)
        elif method == "dense":
            self._factorise(gram_matrix(setting, self.weights) / M)
        else:
            self._G = gram_matrix(setting, self.weights)
            self._G /= M

    def _factorise(self, G):
        lam, vectors = np.linalg.eigh(G)
        cutoff = _spectral_cutoff(lam[-1], max(self.weights.shape))
        self.eigenvalues = np.where(lam > cutoff, lam, 0.0)
        self._vectors = vectors

    @property
    def n_features(self):
        """M_ST."""
        return self.weights.shape[0]

    @property
    def factorised(self):
        """True when Ĝ (or its embedded form) has been factorised (dense method or embedding)."""
        return self._vectors is not None

    @property
    def tol(self):
        """Krylov stopping tolerance, relative to ‖f*‖² (validated when set)."""
        return self._tol

    @tol.setter
    def tol(self, value):
        self._tol = as_real_number("tol", value, positive=True)

    @property
    def max_steps(self):
        """Krylov step limit, an integer ≥ 1 (validated when set)."""
        return self._max_steps

    @max_steps.setter
    def max_steps(self, value):
        self._max_steps = as_dimension("max_steps", value, minimum=1)

    def raw_moments(self, teachers):
        """Student–teacher and student–target moments, (n, M) each (embedded: (n, r)), and ‖f*‖²."""
        _, teachers = as_teachers(self.setting, teachers)
        P, Q, c0 = [], [], []
        for T in teachers:
            if self._embedded:
                P.append(self.setting.embed_weights(T.weights).T @ T.unscaled_coef)
                Q.append(self.setting.embed_target(T.target))
            else:
                P.append(self.setting.feature_gram(self.weights, T.weights) @ T.unscaled_coef)
                Q.append(self.setting.target_moments(self.weights, T.target))
            c0.append(T.target_norm2)
        return np.array(P), np.array(Q), np.array(c0)

    def _coordinates(self, P, Q):
        """(p/√λ, q/√λ) in the eigenbasis, (n, K) each."""
        lam = self.eigenvalues
        if self._embedded:  # p_k/√λ_k = u_kᵀ y for the unit eigenvectors u_k of FᵀF/M
            keep = lam > 0
            return (P @ self._vectors) * keep, (Q @ self._vectors) * keep
        inv_sqrt = np.where(lam > 0, 1.0 / np.sqrt(np.where(lam > 0, lam, 1.0)), 0.0)
        scale = inv_sqrt / np.sqrt(self.n_features)
        return (P @ self._vectors) * scale, (Q @ self._vectors) * scale

    def coefficients(self, teacher, time):
        """The student's top-layer coefficients a(t), shape (M_ST,), for one teacher at one time.

        Needs a factorised student in its M_ST × M_ST form (method 'dense', and no embedding of
        dimension below M_ST).
        """
        single, _ = as_teachers(self.setting, teacher)
        times = as_times("time", time)
        if not single or times.size != 1:
            raise ValueError("coefficients take one Teacher and one time")
        if not self.factorised or self._embedded:
            raise ValueError("coefficients need a FiniteStudent prepared with method='dense' in the "
                             "M_ST x M_ST form (a setting with an embedding of dimension r needs M_ST <= r)")
        P, _, _ = self.raw_moments([teacher])
        lam = self.eigenvalues
        filt = GRADIENT_FLOW.values(lam, times)[0]
        inv = np.where(lam > 0, 1.0 / np.where(lam > 0, lam, 1.0), 0.0)
        return self._vectors @ (filt * inv * (self._vectors.T @ P[0])) / np.sqrt(self.n_features)

    def curve(self, teachers, ceiling=False):
        """SpectralCurve of this student for a teacher or a list of teachers (batched).

        With ``ceiling=True``, the same student trained on each teacher's target.
        """
        return self.curve_pair(teachers)[1 if ceiling else 0]

    def curve_pair(self, teachers):
        """(student curve, ceiling curve) for a list of teachers, from one factorisation or run."""
        P, Q, c0 = self.raw_moments(teachers)
        if self.factorised:
            p, q = self._coordinates(P, Q)
            return (SpectralCurve(self.eigenvalues, p * q, p * p, c0, err_w=(q - p) ** 2),
                    SpectralCurve(self.eigenvalues, q * q, q * q, c0, err_w=q * q))
        return self._krylov_curves(P, Q, c0)

    def _krylov_curves(self, P, Q, c0):
        M, n = self.n_features, P.shape[0]
        # distinct start vectors: every teacher's p, and each distinct target's q
        cols, q_index = list(P), []
        for qv in Q:
            for j, existing in enumerate(cols[n:]):
                if np.array_equal(existing, qv):
                    q_index.append(n + j)
                    break
            else:
                cols.append(qv)
                q_index.append(len(cols) - 1)
        X = np.array(cols).T / np.sqrt(M)
        p_index, q_index = np.arange(n), np.array(q_index)
        state = {"prev": None, "change": np.full(n, np.inf)}
        scale = np.maximum(c0, np.finfo(float).tiny)

        def to_curves(theta, Y):
            keep = theta > _spectral_cutoff(theta.max(), M)
            inv = np.where(keep, 1.0 / np.where(keep, theta, 1.0), 0.0)
            nodes = np.where(keep, theta, 0.0)
            Yp, Yq = Y[:, p_index].T, Y[:, q_index].T
            return (SpectralCurve(nodes, Yp * Yq * inv, Yp * Yp * inv, c0, err_w=(Yq - Yp) ** 2 * inv),
                    SpectralCurve(nodes, Yq * Yq * inv, Yq * Yq * inv, c0, err_w=Yq * Yq * inv))

        def converged(theta, Y):
            student, ceiling = to_curves(theta, Y)
            L = np.hstack([student.evaluate(KRYLOV_CHECK_TIMES), ceiling.evaluate(KRYLOV_CHECK_TIMES)])
            if state["prev"] is not None:
                state["change"] = np.abs(L - state["prev"]).max(axis=1) / scale
            state["prev"] = L
            return bool(np.all(state["change"] < self.tol))

        theta, Y, k, exhausted = block_lanczos_nodes(lambda B: self._G @ B, X, self.max_steps, converged)
        self.last_steps = k
        if exhausted:  # the basis spans the whole space: exact up to rounding
            state["change"] = np.zeros(n)
        if not np.all(state["change"] < self.tol):
            warn(
                f"Krylov quadrature stopped after {k} steps with a change of "
                f"{state['change'].max():.2e}·‖f*‖² between checks (tol {self.tol:.0e})",
                PrecisionWarning,
            )
        student, ceiling = to_curves(theta, Y)
        student.error = state["change"] * c0
        ceiling.error = state["change"] * c0
        return student, ceiling

    def __repr__(self):
        return f"FiniteStudent({self.setting!r}, M_ST={self.n_features}, method={self.method!r})"
