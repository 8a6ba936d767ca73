"""Block Lanczos quadrature for quadratic forms Xᵀ f(A) X.

Book: "How the numbers are computed", "Every student curve is a spectral curve" and
"Dense against Krylov on one instance". The stopping rule and what its tolerance
means are stated once, in :class:`w2s_lib.FiniteStudent` (parameter ``tol``).

For a symmetric positive semi-definite A (the student's scaled Gram matrix) and a
block of start vectors X (the student–teacher and student–target moments of a
batch of teachers), k steps of block Lanczos give an orthonormal basis Q of the
block Krylov space K_k(A, X) and the block tridiagonal T = Qᵀ A Q. Then

    Xᵀ f(A) X ≈ R₀ᵀ E₁ᵀ f(T) E₁ R₀        (X = Q₁ R₀),

which is exact for every polynomial f of degree ≤ 2k - 1 (block Gauss
quadrature; Golub & Meurant). With T = S Θ Sᵀ and Y = S₁ᵀ R₀ (S₁ the first block
row of S) this is Σ_i f(θ_i) Y_i Y_iᵀ: a spectral curve with the Ritz values θ_i
as nodes, so one run serves every time and every teacher of the batch.

Full reorthogonalisation keeps Q orthonormal in floating point; a column that
deflates (the Krylov space stops growing in that direction) is replaced by a random
vector orthogonal to Q, which keeps the space a superset of K_k(A, X) and so keeps
the exactness property.
"""

from __future__ import annotations

import numpy as np

__all__ = ["block_lanczos_nodes"]

#: The quadrature is formed and offered to ``check`` every CHECK_EVERY block steps.
CHECK_EVERY = 4
#: Directions of a new block below DEFLATION_TOL times the scale are deflated (replaced).
DEFLATION_TOL = 1e-13


def _orthonormalise(Z, Q_prev, rng, scale):
    """Z = Q B with Q orthonormal and orthogonal to Q_prev (two passes of projection).

    A rank-revealing SVD keeps the directions of Z above DEFLATION_TOL·scale; the deflated
    ones are replaced by random unit vectors orthogonal to everything so far, with
    zero rows in B, so Z = Q B holds to the dropped singular values.
    """
    has_prev = Q_prev is not None and Q_prev.shape[1] > 0
    for _ in range(2):
        if has_prev:
            Z = Z - Q_prev @ (Q_prev.T @ Z)
    U, sig, Vt = np.linalg.svd(Z, full_matrices=False)
    good = sig > DEFLATION_TOL * max(scale, np.finfo(float).tiny)
    Q = U.copy()
    B = sig[:, None] * Vt
    for j in np.nonzero(~good)[0]:
        basis = Q[:, good]
        if has_prev:
            basis = np.hstack([Q_prev, basis])
        v = rng.standard_normal(Z.shape[0])
        for _ in range(2):
            v -= basis @ (basis.T @ v)
        Q[:, j] = v / np.linalg.norm(v)
        B[j, :] = 0.0
        good[j] = True
    return Q, B


def block_lanczos_nodes(matvec, X, n_steps, check, rng=None):
    """Run block Lanczos and return Gauss-quadrature nodes and weights.

    Parameters
    ----------
    matvec : callable
        ``matvec(B)`` returns A @ B for B of shape (n, s).
    X : ndarray of shape (n, s)
        Start block.
    n_steps : int
        Maximum number of block steps k.
    check : callable
        ``check(theta, Y)`` is called every CHECK_EVERY steps with the current
        quadrature (nodes of shape (k·s,), weights Y of shape (k·s, s)) and
        returns True to stop.
    rng : numpy.random.Generator, optional
        Only for replacing deflated columns (seeded by default).

    Returns
    -------
    theta : ndarray of shape (k·s,)
        Ritz values.
    Y : ndarray of shape (k·s, s)
        S₁ᵀ R₀, so that Xᵀ f(A) X ≈ Yᵀ diag(f(θ)) Y.
    k : int
        Steps taken.
    exhausted : bool
        True when the basis filled the whole space (the quadrature is then exact).
    """
    rng = np.random.default_rng(0) if rng is None else rng
    n, s = X.shape
    scale = float(np.linalg.norm(X))
    Q1, R0 = _orthonormalise(X, None, rng, scale)
    blocks = [Q1]
    A_blocks, B_blocks = [], []
    Q_all = Q1
    B_prev = None
    k = 0
    theta = Y = None
    anorm = 0.0
    exhausted = False
    for k in range(1, n_steps + 1):
        Qk = blocks[-1]
        Z = matvec(Qk)
        Ak = Qk.T @ Z
        Ak = 0.5 * (Ak + Ak.T)
        A_blocks.append(Ak)
        anorm = max(anorm, float(np.abs(Ak).max()))
        Z = Z - Qk @ Ak
        if B_prev is not None:
            Z = Z - blocks[-2] @ B_prev.T
        Q_next, Bk = _orthonormalise(Z, Q_all, rng, anorm)
        exhausted = Q_all.shape[1] + s > n
        stop = k == n_steps or exhausted
        if k % CHECK_EVERY == 0 or stop:
            theta, Y = _quadrature(A_blocks, B_blocks, R0, s)
            if check(theta, Y) or stop:
                break
        B_blocks.append(Bk)
        blocks.append(Q_next)
        Q_all = np.hstack([Q_all, Q_next])
        B_prev = Bk
    return theta, Y, k, exhausted


def _quadrature(A_blocks, B_blocks, R0, s):
    k = len(A_blocks)
    T = np.zeros((k * s, k * s))
    for i, A in enumerate(A_blocks):
        T[i * s:(i + 1) * s, i * s:(i + 1) * s] = A
    for i in range(k - 1):
        B = B_blocks[i]
        T[(i + 1) * s:(i + 2) * s, i * s:(i + 1) * s] = B
        T[i * s:(i + 1) * s, (i + 1) * s:(i + 2) * s] = B.T
    theta, S = np.linalg.eigh(T)
    Y = S[:s, :].T @ R0
    return theta, Y
