"""The student: gradient flow from zero on the teacher's labels, in closed form.

Book: Setup, "The student and its clock" ({prf:ref}`def-student`, {prf:ref}`lem-flow`),
and "How the numbers are computed", "Every student curve is a spectral curve". With the
M^{-1/2} scaling, ∂_t f = -𝒯_M (f - f_TE), so

    f_ST(t) = (I - e^{-t 𝒯_M}) f_TE,   L_ST(t) = ‖f_ST(t) - f*‖².

Every curve here is a *spectral curve*: with nodes λ_k (eigenvalues of the
student's operator), a filter s_k = 1 - e^{-t λ_k} (gradient flow) or
s_k = λ_k/(λ_k + ρ) (ridge), and weights u_k, v_k,

    L(t) = ‖f*‖² - 2 Σ_k s_k u_k + Σ_k s_k² v_k  (+ a scalar series, ReLU at M_ST = ∞).

One factorisation therefore serves a whole grid of times, and t = ∞ is exact
(s_k = 1 where λ_k > 0, s_k = 0 where λ_k = 0).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ._settings import LinearGaussian, ReLUSphere
from ._spectral import _relu_series, relu_eigenvalues, relu_tail_bound, relu_weights
from ._teacher import PrecisionWarning, Teacher, _check_setting
from ._targets import as_zonal
from ._validation import _as_real_array, _first_bad, _index_text, as_dimension, as_real_number, as_times, frozen, warn

__all__ = [
    "FiniteStudent",
    "student_losses",
    "ridge_losses",
    "ceiling_losses",
    "student_error",
    "student_as_teacher",
    "rounds_losses",
    "alignment",
    "student_norms",
    "gram_matrix",
    "SpectralCurve",
]


# ---------------------------------------------------------------------------
# filters


def _filter(x, kind):
    """s(x) for x = t λ (flow) or x = λ / ρ (ridge); x may be inf."""
    if kind == "flow":
        return -np.expm1(-x)
    return np.where(np.isinf(x), 1.0, x / (1.0 + np.where(np.isinf(x), 0.0, x)))


def _scale(nodes, index, kind):
    """x = t λ (flow) or λ / ρ (ridge), with 0·∞ := 0 where λ = 0."""
    nodes = nodes[None, :]
    index = index[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "flow":
            x = np.where(nodes > 0, index * nodes, 0.0)
            x = np.where((nodes > 0) & np.isinf(index), np.inf, x)
        else:
            x = np.where(nodes > 0, nodes / index, 0.0)
            x = np.where((nodes > 0) & (index == 0), np.inf, x)
    return x


class SpectralCurve:
    """L(t) = c0 - 2 Σ_k s_k u_k + Σ_k s_k² v_k + w · D(t) for a batch of teachers.

    Internal representation shared by all students (book: "How the numbers are
    computed", "Every student curve is a spectral curve").

    Parameters
    ----------
    nodes : ndarray of shape (K,)
        Eigenvalues λ_k ≥ 0 of the student's operator.
    u, v : ndarray of shape (n_teachers, K)
    c0 : ndarray of shape (n_teachers,)
        ‖f*‖² per teacher.
    series : _ReLUSeries, optional
        Scalar series D(t) = Σ_ℓ s_ℓ² a_ℓ (ReLU, infinite width), weighted by
        ``series_coef`` of shape (n_teachers,).
    error : ndarray of shape (n_teachers,)
        Bound or estimate of the truncation error, uniform over t.
    """

    def __init__(self, nodes, u, v, c0, series=None, series_coef=None, error=None, err_w=None):
        self.nodes = np.asarray(nodes, dtype=np.float64)
        self.u = np.atleast_2d(u)
        self.v = np.atleast_2d(v)
        self.c0 = np.atleast_1d(np.asarray(c0, dtype=np.float64))
        self.series = series
        self.series_coef = None if series_coef is None else np.atleast_1d(series_coef)
        n = self.c0.size
        self.error = np.zeros(n) if error is None else np.broadcast_to(error, (n,)).copy()
        # spectral weights of the teacher's error e = f* - f_TE: ‖s(t𝒯) e‖² = Σ_k s_k² w_k
        self.err_w = None if err_w is None else np.atleast_2d(err_w)

    @property
    def n_teachers(self):
        return self.c0.size

    def evaluate(self, index, kind="flow"):
        """Losses at times (``kind='flow'``) or ridges (``kind='ridge'``).

        Parameters
        ----------
        index : ndarray of shape (n,)
        kind : {'flow', 'ridge'}

        Returns
        -------
        ndarray of shape (n_teachers, n)
        """
        index = np.asarray(index, dtype=np.float64)
        s = _filter(_scale(self.nodes, index, kind), kind)  # (n, K)
        out = self.c0[:, None] - 2.0 * (self.u @ s.T) + self.v @ (s * s).T
        if self.series is not None:
            out = out + self.series_coef[:, None] * self.series.evaluate(index, kind)[None, :]
        # a loss is a squared norm; clip the rounding-level negatives of exact zeros
        return np.maximum(out, 0.0)

    def subset(self, i):
        """The curve of teacher ``i`` alone."""
        return SpectralCurve(
            self.nodes,
            self.u[i : i + 1],
            self.v[i : i + 1],
            self.c0[i : i + 1],
            self.series,
            None if self.series_coef is None else self.series_coef[i : i + 1],
            self.error[i : i + 1],
            None if self.err_w is None else self.err_w[i : i + 1],
        )

    def evaluate_rounds(self, rounds):
        """Losses of the same student trained in rounds, round r stopped at t_r.

        The composed filter is S_k = Π_r s(t_r λ_k) (the rounds commute).

        Parameters
        ----------
        rounds : ndarray of shape (n, r)

        Returns
        -------
        ndarray of shape (n_teachers, n)
        """
        S = np.ones((rounds.shape[0], self.nodes.size))
        for r in range(rounds.shape[1]):
            S = S * _filter(_scale(self.nodes, rounds[:, r], "flow"), "flow")
        out = self.c0[:, None] - 2.0 * (self.u @ S.T) + self.v @ (S * S).T
        if self.series is not None:
            out = out + self.series_coef[:, None] * self.series.evaluate_rounds(rounds)[None, :]
        return np.maximum(out, 0.0)

    def passed_error(self, index):
        """‖s(t𝒯) e‖² for the teacher's error e = f* - f_TE, shape (n_teachers, n)."""
        if self.err_w is None:
            raise ValueError("this curve carries no error weights")
        s = _filter(_scale(self.nodes, np.asarray(index, dtype=float), "flow"), "flow")
        out = self.err_w @ (s * s).T
        if self.series is not None:
            out = out + self.series_coef[:, None] * self.series.evaluate(index, "flow")[None, :]
        return np.maximum(out, 0.0)

    def norms(self, index, kind="flow"):
        """Norm of the student's coefficients, |a| = ‖f‖ in the student's RKHS, (n_teachers, n).

        |a|² = Σ_k s_k² v_k / λ_k (finite students and linear features).
        """
        if self.series is not None:
            raise ValueError("the RKHS norm of the infinite-width ReLU student is not available")
        index = np.asarray(index, dtype=np.float64)
        s = _filter(_scale(self.nodes, index, kind), kind)
        inv = np.where(self.nodes > 0, 1.0 / np.where(self.nodes > 0, self.nodes, 1.0), 0.0)
        return np.sqrt(np.maximum((self.v * inv) @ (s * s).T, 0.0))


# ---------------------------------------------------------------------------
# infinite width, ReLU


class _ReLUSeries:
    """D(t) = Σ_ℓ s_ℓ(t)² a_ℓ over ℓ ∈ {0, 1, 2, 4, …, K}, a_ℓ = μ_ℓ N(d, ℓ).

    The diagonal (i = j) part of Σ_ℓ s_ℓ² ‖Π_ℓ f_TE‖². K is chosen so that the
    independent tail bound :func:`relu_tail_bound` is below 1e-17. Degrees with
    x = tμ_ℓ < 1e-6 (or μ_ℓ/ρ < 1e-6) are summed through suffix sums of μ²a and
    μ³a (the first two terms of the filter's Taylor series; relative error below
    1e-11 of terms that are themselves below 1e-12 a_ℓ).
    """

    def __init__(self, d):
        K = 4096
        while relu_tail_bound(d, K) > 1e-17 and K < 2**23:
            K *= 2
        self.max_degree = K
        self.tail = relu_tail_bound(d, K)
        _, mu, a = _relu_series(d, K)
        order = np.argsort(-mu, kind="stable")
        self.mu = mu[order]
        self.a = a[order]
        self.total = float(np.sum(self.a[::-1]))
        suffix = lambda x: np.concatenate([np.cumsum(x[::-1])[::-1], [0.0]])  # noqa: E731
        self.S2 = suffix(self.mu**2 * self.a)
        self.S3 = suffix(self.mu**3 * self.a)
        self._neg_mu = -self.mu

    def evaluate_rounds(self, rounds):
        """Σ_ℓ (Π_r s(t_r μ_ℓ))² a_ℓ; degrees with min_r t_r μ_ℓ < 1e-8 contribute < 1e-16 a_ℓ."""
        out = np.empty(rounds.shape[0])
        for j, ts in enumerate(rounds):
            t_min = float(np.min(ts))
            if t_min == 0:
                out[j] = 0.0
                continue
            n = self.mu.size if np.isinf(t_min) else int(
                np.searchsorted(self._neg_mu, -1e-8 / t_min, side="right"))
            S = np.ones(n)
            for t in ts:
                S = S * (1.0 if np.isinf(t) else -np.expm1(-t * self.mu[:n]))
            out[j] = (S * S) @ self.a[:n]
        return out

    def evaluate(self, index, kind="flow"):
        """Σ_ℓ s_ℓ² a_ℓ at each time (``kind='flow'``) or ridge (``kind='ridge'``)."""
        index = np.asarray(index, dtype=np.float64)
        out = np.empty(index.size)
        for j, t in enumerate(index):
            if kind == "flow":
                if np.isinf(t):
                    out[j] = self.total
                    continue
                if t == 0:
                    out[j] = 0.0
                    continue
                n = int(np.searchsorted(self._neg_mu, -1e-6 / t, side="right"))
                s = -np.expm1(-t * self.mu[:n])
                out[j] = (s * s) @ self.a[:n] + t * t * self.S2[n] - t**3 * self.S3[n]
            else:
                rho = t
                if rho == 0:
                    out[j] = self.total
                    continue
                if np.isinf(rho):
                    out[j] = 0.0
                    continue
                n = int(np.searchsorted(self._neg_mu, -1e-6 * rho, side="right"))
                s = self.mu[:n] / (self.mu[:n] + rho)
                out[j] = (s * s) @ self.a[:n] + self.S2[n] / rho**2 - 2.0 * self.S3[n] / rho**3
        return out


@lru_cache(maxsize=16)
def _relu_series_for(d):
    return _ReLUSeries(d)


def _relu_infinite_curve(teacher, tol=1e-16, max_degree=20000):
    """SpectralCurve of the infinite-width ReLU student for one teacher.

    L_ST(t) = Σ_ℓ ‖Π_ℓ f* - s_ℓ Π_ℓ f_TE‖² with ‖Π_ℓ f_TE‖² = μ_ℓ N(d,ℓ) bᵀ P_ℓ(W Wᵀ) b
    (addition theorem), split into the diagonal part |b|² Σ_ℓ s_ℓ² a_ℓ (a scalar
    series to very high degree) and the off-diagonal part Σ_{i≠j} b_i b_j P_ℓ(u_ij),
    summed by the Gegenbauer recurrence until its terms fall below ``tol``·‖f*‖².
    """
    setting = teacher.setting
    d = setting.d
    W = teacher.weights
    b = teacher.unscaled_coef
    target = teacher.target
    norm2 = teacher.target_norm2
    series = _relu_series_for(d)

    # pairs i < j; exact duplicates (u = 1) and antipodes (u = -1) handled exactly
    iu, ju = np.triu_indices(W.shape[0], k=1)
    U = np.clip((W @ W.T)[iu, ju], -1.0, 1.0)
    bb = 2.0 * b[iu] * b[ju]
    same = U >= 1.0 - 1e-15
    anti = U <= -1.0 + 1e-15
    diag_coef = float(b @ b) + float(bb[same].sum()) + float(bb[anti].sum())
    anti_sum = float(bb[anti].sum())
    keep = ~(same | anti)
    U, bb = U[keep], bb[keep]
    abs_bb = float(np.abs(bb).sum())

    # target degrees and their projections r_ℓ = <Π_ℓ f*, Π_ℓ f_TE>
    tgt_degrees, tgt_r, tgt_norm = [], [], []
    for ell, part in as_zonal(target).degree_parts():
        tgt_degrees.append(ell)
        tgt_r.append(float(setting.target_moments(W, part) @ b))
        tgt_norm.append(part.norm2())
    tgt_degrees = np.asarray(tgt_degrees, dtype=np.int64)

    # off-diagonal sums o_ℓ = Σ_{i≠j} b_i b_j P_ℓ(u_ij) by recurrence
    lam = (d - 2.0) / 2.0
    K_min = max(16, int(tgt_degrees.max()))
    offdiag = []
    if U.size:
        P_prev = np.ones_like(U)
        P_cur = U.copy()
        offdiag = [float(bb.sum()), float(U @ bb)]
        ell = 1
        quiet = 0
        env = np.inf
        while ell < max_degree:
            P_next = ((2 * ell + d - 2) * U * P_cur - ell * P_prev) / (ell + d - 2)
            ell += 1
            P_prev, P_cur = P_cur, P_next
            offdiag.append(float(P_cur @ bb))
            if ell % 2 == 0 and ell >= K_min and ell % 8 == 0:
                a_ell = relu_weights(d, [ell])[0]
                env = a_ell * float(np.max(np.abs(P_cur))) * abs_bb
                quiet = quiet + 1 if env < tol * norm2 else 0
                if quiet >= 2:
                    break
        K_off = ell
        if K_off >= max_degree:
            warn(
                f"the off-diagonal degree sum did not converge by degree {max_degree} "
                f"(teacher rows nearly parallel); the loss may be off by up to "
                f"{abs_bb * relu_tail_bound(d, max_degree):.2e}",
                PrecisionWarning,
            )
        off_err = abs_bb * relu_tail_bound(d, K_off) if K_off >= max_degree else (
            env * (K_off + lam) / 6.0
        )
    else:
        K_off = K_min
        off_err = 0.0
    offdiag = np.asarray(offdiag + [0.0] * (K_off + 1 - len(offdiag)))

    nodes_deg = np.concatenate([[0, 1], np.arange(2, K_off + 1, 2)]).astype(np.int64)
    mu = relu_eigenvalues(d, nodes_deg)
    a = relu_weights(d, nodes_deg)
    v = a * offdiag[nodes_deg]
    if anti_sum != 0.0:
        v[1] -= 2.0 * a[1] * anti_sum  # P_1(-1) = -1, counted as +1 in diag_coef
    u = np.zeros_like(v)
    err_w = v.copy()  # ‖Π_ℓ e‖² = ‖Π_ℓ f*‖² - 2 r_ℓ + ‖Π_ℓ f_TE‖²; the diagonal part is in the series
    for ell, r, F in zip(tgt_degrees, tgt_r, tgt_norm):
        hit = np.nonzero(nodes_deg == ell)[0]
        if hit.size:  # odd ℓ ≥ 3 have μ_ℓ = 0: no node, their ‖Π_ℓ f*‖² stays in c0
            u[hit[0]] += r
            err_w[hit[0]] += F - 2.0 * r
    error = off_err + diag_coef * series.tail
    return SpectralCurve(mu, u[None], v[None], [norm2], series, [diag_coef], [error], err_w[None])


# ---------------------------------------------------------------------------
# infinite width, linear features


def _linear_infinite_curve(teacher):
    """θ(t) = (I - e^{-tΣ}) θ_TE (book: linear chapter, {prf:ref}`lem-linear-curve`): nodes σ_j², exact."""
    setting = teacher.setting
    sig = np.asarray(setting.variances)
    theta_te = teacher.weights.T @ teacher.unscaled_coef
    theta_star = teacher.target
    u = sig * theta_te * theta_star
    v = sig * theta_te**2
    err_w = sig * (theta_star - theta_te) ** 2
    return SpectralCurve(sig, u[None], v[None], [teacher.target_norm2], err_w=err_w[None])


def _infinite_curve(teacher):
    if isinstance(teacher.setting, ReLUSphere):
        return _relu_infinite_curve(teacher)
    return _linear_infinite_curve(teacher)


# ---------------------------------------------------------------------------
# finite width


def gram_matrix(setting, W, block_rows=2048, tile=256):
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


class FiniteStudent:
    """A prepared finite-width student: its Gram matrix built once, reused for every teacher.

    Book: Setup, {prf:ref}`lem-flow`. Everything is a spectral function of the scaled Gram
    Ĝ = E[φ φᵀ]/M_ST = Σ_k λ_k e_k e_kᵀ applied to the student–teacher moments
    p = Eᵀ E[φ f_TE]/√M_ST and student–target moments q = Eᵀ E[φ f*]/√M_ST:

        L_ST(t) = ‖f*‖² - 2 Σ_k s_k p_k q_k / λ_k + Σ_k s_k² p_k² / λ_k,

    s_k = 1 - e^{-t λ_k}. Teachers passed together are evaluated together.

    Parameters
    ----------
    setting : ReLUSphere or LinearGaussian
    W_student : array_like of shape (M_ST, d)
        Student bottom weights (unit rows for ReLUSphere); stored as a read-only copy.
    method : {'auto', 'dense', 'krylov'}
        ``'dense'``: one ``numpy.linalg.eigh`` of Ĝ serves every teacher
        (O(M_ST³): about 7 s at M_ST = 4096 on the book's machine, 9 minutes
        at 16384). ``'krylov'``: Ĝ is kept and each batch of teachers gets one
        block Lanczos run started from all their moment vectors at once
        (block Gauss quadrature, see :mod:`w2s_lib._krylov`), iterated until
        the whole curve, t = ∞ included, changes by less than ``tol``·‖f*‖²
        between checks; that change is reported as the error estimate.
        ``'auto'``: dense up to M_ST = 4096, Krylov above. For linear features
        with M_ST > d the equivalent d × d problem is factorised instead.
    tol : float
        Krylov stopping tolerance, > 0. Every four block steps the losses of the
        student and of the strong ceiling are evaluated, for every teacher of the
        batch, at the times ``CHECK_TIMES`` (65 times from 10⁻² to 10¹⁴, and ∞);
        the run stops once, for every teacher, the largest change of these losses
        since the previous check is below ``tol``·‖f*‖². That last change (in
        absolute units, not divided by ‖f*‖²) is what :func:`student_error`
        returns: an *estimate* of the error of the curve, not a bound. With the
        default 1e-11 the converged curves of the book's 4096-feature instance
        (book: "How the numbers are computed", "Dense against Krylov on one
        instance") agree with the dense solver to a relative error below 1e-10.
        A run that exhausts the space is exact up to rounding (estimate 0).
    max_steps : int
        Krylov step limit, ≥ 1; a :class:`PrecisionWarning` is raised if it is
        reached before ``tol`` is met.

    Attributes
    ----------
    eigenvalues : ndarray of shape (M_ST,) or None
        λ_k ascending, for the dense method (values below M_ST·eps·λ_max set to 0).
    """

    _METHODS = ("auto", "dense", "krylov")
    #: Times at which Krylov convergence is checked: 10^-2 … 10^14 and +inf.
    CHECK_TIMES = np.concatenate([np.logspace(-2, 14, 65), [np.inf]])

    def __init__(self, setting, W_student, method="auto", tol=1e-11, max_steps=400):
        _check_setting(setting)
        if not isinstance(method, str) or method not in self._METHODS:
            raise ValueError(f"method must be one of {self._METHODS}, got {method!r}")
        self.tol = tol
        self.max_steps = max_steps
        self.setting = setting
        self.weights = frozen(setting.check_weights("W_student", W_student))
        M, d = self.weights.shape
        if method == "auto":
            method = "dense" if M <= 4096 else "krylov"
        self.method = method
        self.last_steps = None
        # Linear features: Ĝ = V Σ Vᵀ / M has rank ≤ d, and its non-zero spectrum is that of
        # the d × d matrix C = Σ^{1/2} Vᵀ V Σ^{1/2} / M; work there when M > d.
        self._dual = isinstance(setting, LinearGaussian) and M > d
        self.eigenvalues = None
        self._E = None
        self._G = None
        if self._dual:
            root = np.sqrt(np.asarray(setting.variances))
            B = self.weights * root
            self._factorise((B.T @ B) / M)
        elif method == "dense":
            self._factorise(gram_matrix(setting, self.weights) / M)
        else:
            G = gram_matrix(setting, self.weights)
            G /= M
            self._G = G

    def _factorise(self, G):
        M, d = self.weights.shape
        lam, E = np.linalg.eigh(G)
        cutoff = max(float(lam[-1]), 0.0) * max(M, d) * np.finfo(np.float64).eps * 10.0
        self.eigenvalues = np.where(lam > cutoff, lam, 0.0)
        self._E = E

    @property
    def n_features(self):
        """M_ST."""
        return self.weights.shape[0]

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

    def _raw_moments(self, teachers):
        """Student–teacher and student–target moment vectors, (n, M) each, and ‖f*‖²."""
        P, Q, c0 = [], [], []
        for T in teachers:  # validated by the callers (_as_teachers)
            if self._dual:
                P.append(T.weights.T @ T.unscaled_coef)  # θ_TE
                Q.append(np.asarray(T.target))  # θ*
            else:
                P.append(self.setting.feature_gram(self.weights, T.weights) @ T.unscaled_coef)
                Q.append(self.setting.target_moments(self.weights, T.target))
            c0.append(T.target_norm2)
        return np.array(P), np.array(Q), np.array(c0)

    def _dense_coordinates(self, P, Q):
        """(p/√λ, q/√λ) in the eigenbasis, (n, K) each."""
        lam = self.eigenvalues
        if self._dual:
            # p_k/√λ_k = y_kᵀ Σ^{1/2} θ_TE (and likewise for θ*) for the unit eigenvectors of Ĝ
            root = np.sqrt(np.asarray(self.setting.variances))
            keep = lam > 0
            return ((P * root) @ self._E) * keep, ((Q * root) @ self._E) * keep
        inv_sqrt = np.where(lam > 0, 1.0 / np.sqrt(np.where(lam > 0, lam, 1.0)), 0.0)
        scale = inv_sqrt / np.sqrt(self.n_features)
        return (P @ self._E) * scale, (Q @ self._E) * scale

    def curve(self, teachers, ceiling=False):
        """SpectralCurve of this student for a list of teachers (batched).

        With ``ceiling=True``, the same student trained on each teacher's target.
        """
        return self.curve_pair(teachers)[1 if ceiling else 0]

    def curve_pair(self, teachers):
        """(student curve, ceiling curve) for a list of teachers, from one factorisation or run."""
        _, teachers = _as_teachers(self.setting, teachers)
        P, Q, c0 = self._raw_moments(teachers)
        if self._G is None:
            p, q = self._dense_coordinates(P, Q)
            return (SpectralCurve(self.eigenvalues, p * q, p * p, c0, err_w=(q - p) ** 2),
                    SpectralCurve(self.eigenvalues, q * q, q * q, c0, err_w=q * q))
        return self._krylov_curve(P, Q, c0)

    def _krylov_curve(self, P, Q, c0):
        from ._krylov import block_lanczos_nodes

        M = self.n_features
        n = P.shape[0]
        # distinct start vectors: every teacher's p, and each distinct target's q
        cols, q_index = [p for p in P], []
        for qv in Q:
            for j, existing in enumerate(cols[n:]):
                if np.array_equal(existing, qv):
                    q_index.append(n + j)
                    break
            else:
                cols.append(qv)
                q_index.append(len(cols) - 1)
        X = np.array(cols).T / np.sqrt(M)
        p_index = np.arange(n)
        q_index = np.array(q_index)
        state = {"prev": None, "change": np.full(n, np.inf)}
        times = self.CHECK_TIMES
        scale = np.maximum(c0, np.finfo(float).tiny)

        def to_curves(theta, Y):
            lam_max = max(float(theta.max()), 0.0)
            keep = theta > lam_max * M * np.finfo(np.float64).eps * 10.0
            inv = np.where(keep, 1.0 / np.where(keep, theta, 1.0), 0.0)
            nodes = np.where(keep, theta, 0.0)
            Yp, Yq = Y[:, p_index].T, Y[:, q_index].T
            return (SpectralCurve(nodes, Yp * Yq * inv, Yp * Yp * inv, c0, err_w=(Yq - Yp) ** 2 * inv),
                    SpectralCurve(nodes, Yq * Yq * inv, Yq * Yq * inv, c0, err_w=Yq * Yq * inv))

        def check(theta, Y, k):
            student, ceiling = to_curves(theta, Y)
            L = np.hstack([student.evaluate(times), ceiling.evaluate(times)])
            if state["prev"] is not None:
                state["change"] = np.abs(L - state["prev"]).max(axis=1) / scale
            state["prev"] = L
            return bool(np.all(state["change"] < self.tol))

        theta, Y, k, exhausted = block_lanczos_nodes(lambda B: self._G @ B, X, self.max_steps, check)
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


# ---------------------------------------------------------------------------
# public entry points


def _as_teachers(setting, teacher):
    _check_setting(setting)
    single = isinstance(teacher, Teacher)
    teachers = [teacher] if single else list(teacher) if hasattr(teacher, "__iter__") else None
    if not teachers or not all(isinstance(T, Teacher) for T in teachers):
        raise TypeError("teacher must be a Teacher from fit_teacher, or a non-empty list of them")
    for T in teachers:
        if T.setting != setting:
            raise ValueError(f"teacher was fitted in {T.setting!r}, not in {setting!r}")
    return single, teachers


def _student_curve(setting, teachers, W_student, ceiling=False):
    if W_student is None:
        if ceiling:
            return _infinite_ceiling_curve(setting, teachers)
        curves = [_infinite_curve(T) for T in teachers]
        return curves
    if isinstance(W_student, FiniteStudent):
        S = W_student
        if S.setting != setting:
            raise ValueError(f"W_student was prepared in {S.setting!r}, not in {setting!r}")
    else:
        S = FiniteStudent(setting, W_student)
    return [S.curve(teachers, ceiling=ceiling)]


def _evaluate(curves, index, kind):
    return np.vstack([c.evaluate(index, kind) for c in curves])


def student_losses(setting, teacher, times, W_student=None):
    """Population loss L_ST(t) of the gradient-flow student at each time.

    Implements L_ST(t) = ‖(I - e^{-t𝒯_M}) f_TE - f*‖² (book: Setup,
    {prf:ref}`def-student`), exactly, over a whole grid at once.

    Parameters
    ----------
    setting : ReLUSphere or LinearGaussian
    teacher : Teacher or list of Teacher
        From :func:`fit_teacher`. A list is evaluated together (batched).
    times : array_like of shape (n_times,)
        Non-negative; ``numpy.inf`` gives the converged student exactly.
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent
        None means infinite width: for LinearGaussian the exact flow
        θ(t) = (I - e^{-tΣ}) θ_TE; for ReLUSphere the degree sum of the ReLU
        chapter ({prf:ref}`lem-relu-degrees`), L_ST(t) = Σ_ℓ ‖Π_ℓ f* - s_ℓ Π_ℓ f_TE‖²,
        truncated as follows.
        The diagonal part ‖b‖² Σ_ℓ s_ℓ² μ_ℓ N(d,ℓ) is summed to a degree K whose
        tail is at most a_L (L+λ)⁴/(6 (L+λ-1)³) < 1e-17 (:func:`relu_tail_bound`,
        a_ℓ = μ_ℓ N(d,ℓ), λ = (d-2)/2, L the first even degree above K; derived
        from the closed form, not from K(1) = 1/2). The off-diagonal part
        Σ_{i≠j} b_i b_j P_ℓ(<w_i,w_j>) is summed by recurrence until its terms are
        below 1e-16·‖f*‖² for two checks in a row; the rest is estimated as the last
        term times (K+λ)/6. ``student_error`` returns the sum of the two.
        An (M_ST, d) array is prepared as ``FiniteStudent(setting, W_student)``.

    Returns
    -------
    ndarray of shape (n_times,) for one teacher, (n_teachers, n_times) for a list
    """
    single, teachers = _as_teachers(setting, teacher)
    times = as_times("times", times)
    out = _evaluate(_student_curve(setting, teachers, W_student), times, "flow")
    return out[0] if single else out


def ridge_losses(setting, teacher, ridges, W_student=None):
    """Population loss of the ridge-regularised student, indexed by ρ ≥ 0.

    Filter s_k = λ_k/(λ_k + ρ) in place of 1 - e^{-tλ_k} (book: Lower bounds,
    "Early stopping against ridge"; the ridge student of Theorem 4.2); ρ = 0 is the
    converged (t = ∞) student, ρ = ∞ the zero function.

    Parameters and returns as in :func:`student_losses`, with ``ridges`` for ``times``.
    """
    single, teachers = _as_teachers(setting, teacher)
    ridges = as_times("ridges", ridges)
    out = _evaluate(_student_curve(setting, teachers, W_student), ridges, "ridge")
    return out[0] if single else out


def _infinite_ceiling_curve(setting, teachers):
    curves = []
    for T in teachers:
        if isinstance(setting, LinearGaussian):
            sig = np.asarray(setting.variances)
            w = sig * T.target**2
            curves.append(SpectralCurve(sig, w[None], w[None], [T.target_norm2]))
            continue
        degs, norms = [], []
        for ell, part in as_zonal(T.target).degree_parts():
            degs.append(ell)
            norms.append(part.norm2())
        mu = relu_eigenvalues(setting.d, degs)
        w = np.where(mu > 0, norms, 0.0)
        curves.append(SpectralCurve(mu, w[None], w[None], [T.target_norm2]))
    return curves


def ceiling_losses(setting, teacher, times, W_student=None):
    """The strong ceiling: the same student trained on f* itself.

    Book: Setup, "Measuring weak-to-strong generalization" ({prf:ref}`def-metrics`).

    Parameters and returns as in :func:`student_losses`; only the teachers'
    targets are used.
    """
    single, teachers = _as_teachers(setting, teacher)
    times = as_times("times", times)
    out = _evaluate(_student_curve(setting, teachers, W_student, ceiling=True), times, "flow")
    return out[0] if single else out


def student_as_teacher(setting, teacher, time, W_student):
    """The finite student at time t, packaged as a :class:`Teacher` for a next round.

    Bootstrapping (book: Lower bounds, "Corollary 2: bootstrapping"): a student
    trained on this object's function is a student trained on a student. Its
    ``loss`` is L_ST(t) of this round, its
    weights are the student's, and its coefficients are a(t) = Σ_k s_k(t) λ_k⁻¹ p_k e_k
    (dense spectral form of the book's Setup chapter, {prf:ref}`lem-flow`).

    Parameters
    ----------
    setting : ReLUSphere or LinearGaussian
    teacher : Teacher
    time : float
        t in [0, inf].
    W_student : ndarray of shape (M_ST, d) or FiniteStudent
        A finite student; a FiniteStudent must use the dense method.

    Returns
    -------
    Teacher
    """
    single, teachers = _as_teachers(setting, teacher)
    if not single:
        raise TypeError("teacher must be a single Teacher here")
    t = as_times("time", time)
    if t.size != 1:
        raise ValueError("time must be a single number")
    if W_student is None:
        raise ValueError("W_student must be a finite student (an (M_ST, d) array or a FiniteStudent)")
    if isinstance(W_student, FiniteStudent) and W_student.setting != setting:
        raise ValueError(f"W_student was prepared in {W_student.setting!r}, not in {setting!r}")
    S = W_student if isinstance(W_student, FiniteStudent) else FiniteStudent(setting, W_student, method="dense")
    if S._G is not None or S._dual:
        raise ValueError("student_as_teacher needs a FiniteStudent prepared with method='dense' "
                         "and, for linear features, M_ST <= d")
    P, Q, c0 = S._raw_moments(teachers)
    lam = S.eigenvalues
    x = _scale(lam, t, "flow")[0]
    filt = _filter(x, "flow")
    inv = np.where(lam > 0, 1.0 / np.where(lam > 0, lam, 1.0), 0.0)
    M = S.n_features
    a = S._E @ (filt * inv * (S._E.T @ P[0])) / np.sqrt(M)  # scaled coefficients
    loss = float(S.curve(teachers).evaluate(t)[0, 0])
    return Teacher(setting=setting, weights=S.weights, target=teacher.target, coef=a,
                   loss=max(loss, 0.0), target_norm2=teacher.target_norm2,
                   rank=int((lam > 0).sum()), cond=float(lam.max() / lam[lam > 0].min()))


def rounds_losses(setting, teacher, rounds, W_student=None):
    """The same student trained in rounds, each on the previous round's output.

    Bootstrapping with one kernel (book: Lower bounds, "Corollary 2: bootstrapping",
    {prf:ref}`cor-bootstrap`): round r stops at t_r, and the filters commute, so the
    result is the shrinkage operator Π_r (I - e^{-t_r 𝒯}).

    Parameters
    ----------
    setting : ReLUSphere or LinearGaussian
    teacher : Teacher or list of Teacher
    rounds : array_like of shape (n, r)
        Stopping times of the r rounds, for n schedules; entries in [0, inf].
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent

    Returns
    -------
    ndarray of shape (n,) for one teacher, (n_teachers, n) for a list
    """
    single, teachers = _as_teachers(setting, teacher)
    R = _as_real_array("rounds", rounds)
    if R.ndim != 2 or R.size == 0:
        raise ValueError(f"rounds must be a non-empty 2-D array of shape (n, r), got shape {R.shape}")
    bad = np.isnan(R) | (R < 0)
    if np.any(bad):
        idx, val = _first_bad(R, bad)
        raise ValueError(f"rounds must hold stopping times in [0, +inf], got {_index_text('rounds', idx)} = {val}")
    out = np.vstack([c.evaluate_rounds(R) for c in _student_curve(setting, teachers, W_student)])
    return out[0] if single else out


def alignment(setting, teacher, times, W_student=None):
    """The book's stand-in for the paper's alignment quantity κ_S.

    κ̂(t) = ‖s(t𝒯) e‖² / ‖e‖², with e = f* - f_TE the teacher's error and
    s(t𝒯) = I - e^{-t𝒯} the student's filter: the share of the teacher's error that
    the student has copied by time t, i.e. that lies in its fast eigenspace (book:
    Lower bounds, "Alignment: a stand-in for κ_S", {prf:ref}`def-alignment`). It is
    *not* the paper's κ_S, whose definition is not available to us.

    Parameters and returns as in :func:`student_losses`.
    """
    single, teachers = _as_teachers(setting, teacher)
    times = as_times("times", times)
    curves = _student_curve(setting, teachers, W_student)
    passed = np.vstack([c.passed_error(times) for c in curves])
    L = np.array([T.loss for T in teachers])
    out = passed / np.where(L > 0, L, 1.0)[:, None]
    return out[0] if single else out


def student_norms(setting, teacher, index, W_student, kind="flow"):
    """Norm of the student's coefficients |a| (its norm in the student's RKHS).

    Book: Lower bounds, "Theorem 4.2: a student with a norm budget"
    ({prf:ref}`thm-bounded`). Along gradient flow
    (``kind='flow'``, index = times) or along ridge (``kind='ridge'``, index = ρ).

    Parameters
    ----------
    setting : ReLUSphere or LinearGaussian
    teacher : Teacher or list of Teacher
    index : array_like of shape (n,)
    W_student : ndarray of shape (M_ST, d) or FiniteStudent (or None for linear features)
    kind : {'flow', 'ridge'}

    Returns
    -------
    ndarray of shape (n,) or (n_teachers, n)
    """
    if kind not in ("flow", "ridge"):
        raise ValueError(f"kind must be 'flow' or 'ridge', got {kind!r}")
    single, teachers = _as_teachers(setting, teacher)
    index = as_times("index", index)
    out = np.vstack([c.norms(index, kind) for c in _student_curve(setting, teachers, W_student)])
    return out[0] if single else out


def student_error(setting, teacher, W_student=None):
    """Bound or estimate of the truncation error of :func:`student_losses`, per teacher.

    Zero for exact paths (finite width dense, linear infinite width). For the
    infinite-width ReLU student: |b|²·(tail bound of the diagonal series) plus an
    estimate of the truncated off-diagonal Gegenbauer terms.
    """
    single, teachers = _as_teachers(setting, teacher)
    curves = _student_curve(setting, teachers, W_student)
    err = np.concatenate([c.error for c in curves])
    return float(err[0]) if single else err
