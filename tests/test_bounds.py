"""The limits of section 7: values, expansion, and property tests against computed students."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import w2s_lib as w


def test_quadratic_bound_values_and_expansion():
    L = np.array([0.0, 1e-3, 0.01, 0.1])
    q = w.quadratic_lower_bound(L)
    series = L**2 - L**3 + 2 * L**4
    assert np.all(np.abs(q - series) <= 10 * L**5 + 1e-18)  # next term is O(L⁵)
    assert np.all(np.abs(q - L**2) > 0.5 * L**3 - 1e-18) # and L² alone is off by about L³
    assert w.quadratic_lower_bound(0.0) == 0.0
    assert w.quadratic_lower_bound(1.0) == pytest.approx(1.0, rel=1e-15)  # no boosting at chance


def test_bootstrap_bound_is_weaker_and_at_least_quarter_square():
    L = np.linspace(0, 1, 101)
    b, q = w.bootstrap_lower_bound(L), w.quadratic_lower_bound(L)
    assert np.all(b <= q + 1e-15)
    assert np.all(b >= L**2 / 4 - 1e-15)


def test_quadratic_bound_is_attained_by_a_rank_one_shrinkage():
    """f* = f_TE + e, e ⟂ f_TE: the best 𝒮 = c·(h hᵀ) reaches the bound (Theorem 4.1)."""
    for L_te in (0.05, 0.3, 0.9):
        f_te = np.array([np.sqrt(1 - L_te), 0.0])
        f_star = f_te + np.array([0.0, np.sqrt(L_te)])
        # the closest point of the ball with diameter [0, f_te] to f*
        centre, radius = f_te / 2, np.linalg.norm(f_te) / 2
        h = centre + radius * (f_star - centre) / np.linalg.norm(f_star - centre)
        # h = S f_te for the rank-one S = (h hᵀ)/(hᵀ f_te) with 0 ⪯ S ⪯ I
        S = np.outer(h, h) / (h @ f_te)
        eig = np.linalg.eigvalsh(S)
        assert eig.min() >= -1e-14 and eig.max() <= 1 + 1e-12
        loss = np.sum((S @ f_te - f_star) ** 2)
        assert loss == pytest.approx(w.quadratic_lower_bound(L_te), rel=1e-10)


@settings(deadline=None, max_examples=40, derandomize=True)
@given(seed=st.integers(0, 10_000), m_te=st.sampled_from([2, 4, 8, 16, 32]),
       m_st=st.sampled_from([16, 64, None]), d=st.sampled_from([3, 5, 8]))
def test_every_single_round_student_stays_above_the_quadratic_limit(seed, m_te, m_st, d):
    setting = w.ReLUSphere(d)
    rng = np.random.default_rng(seed)
    target = w.ZonalTarget([(1, 1.0, w.random_direction(d, rng))])
    T = w.fit_teacher(setting, w.sphere_weights(m_te, d, rng), target)
    V = None if m_st is None else w.sphere_weights(m_st, d, rng)
    grid = np.concatenate([[0.0], np.logspace(-2, 10, 121), [np.inf]])
    limit = w.quadratic_lower_bound(T.loss)
    L = w.student_losses(setting, T, grid, W_student=V)
    R = w.ridge_losses(setting, T, grid, W_student=V)
    assert np.all(L >= limit * (1 - 1e-12) - 1e-15)
    assert np.all(R >= limit * (1 - 1e-12) - 1e-15)


@settings(deadline=None, max_examples=40, derandomize=True)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 3), m_te=st.sampled_from([4, 8, 16]),
       log_eps=st.floats(-4, -0.5))
def test_linear_diagonal_family_stays_above_the_quadratic_limit(seed, k, m_te, log_eps):
    d = int(round(m_te**1.5))
    setting = w.LinearGaussian.diagonal_family(d, k, 10.0**log_eps)
    target = np.eye(d)[0]
    T = w.fit_teacher(setting, w.gaussian_weights(m_te, d, seed), target)
    grid = np.concatenate([[0.0], np.logspace(-2, 10, 121), [np.inf]])
    L = w.student_losses(setting, T, grid)
    assert np.all(L >= w.quadratic_lower_bound(T.loss) * (1 - 1e-12) - 1e-15)


@settings(deadline=None, max_examples=60, derandomize=True)
@given(seed=st.integers(0, 10_000), eps=st.floats(1e-4, 1.0), s1=st.floats(1e-3, 1.0),
       s2=st.floats(1e-3, 1.0))
def test_two_direction_problems_stay_above_the_quadratic_limit(seed, eps, s1, s2):
    """Near-tight instances: two input directions, one teacher feature, exact students."""
    rng = np.random.default_rng(seed)
    setting = w.LinearGaussian([s1, s2 * eps])
    theta = rng.standard_normal(2)
    theta /= np.sqrt(theta @ (setting.variances * theta))  # unit-norm target
    T = w.fit_teacher(setting, rng.standard_normal((1, 2)), theta)
    grid = np.concatenate([[0.0], np.logspace(-3, 9, 241), [np.inf]])
    limit = w.quadratic_lower_bound(min(T.loss, 1.0))
    L = w.student_losses(setting, T, grid)
    R = w.ridge_losses(setting, T, grid)
    assert np.all(L >= limit * (1 - 1e-12) - 1e-15)
    assert np.all(R >= limit * (1 - 1e-12) - 1e-15)


@settings(deadline=None, max_examples=30, derandomize=True)
@given(seed=st.integers(0, 10_000), d=st.sampled_from([3, 5, 8]), m_te=st.sampled_from([2, 4, 8]),
       m1=st.sampled_from([8, 32]), m2=st.sampled_from([8, 32, 64]),
       log_t1=st.floats(-1, 6), same=st.booleans())
def test_composed_students_stay_above_the_bootstrap_limit(seed, d, m_te, m1, m2, log_t1, same):
    """A student trained on a student: above (1 - √(1 - L_TE))²; with the same student
    twice (commuting filters) also above the quadratic limit."""
    setting = w.ReLUSphere(d)
    rng = np.random.default_rng(seed)
    T = w.fit_teacher(setting, w.sphere_weights(m_te, d, rng), w.random_direction(d, rng))
    V1 = w.sphere_weights(m1, d, rng)
    V2 = V1 if same else w.sphere_weights(m2, d, rng)
    first = w.student_as_teacher(setting, T, 10.0**log_t1, V1)
    grid = np.concatenate([[0.0], np.logspace(-2, 9, 111), [np.inf]])
    L2 = w.student_losses(setting, first, grid, V2)
    assert np.all(L2 >= w.bootstrap_lower_bound(T.loss) * (1 - 1e-12) - 1e-15)
    if same:
        assert np.all(L2 >= w.quadratic_lower_bound(T.loss) * (1 - 1e-12) - 1e-15)


def _random_shrinkage(rng, n):
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return Q @ np.diag(rng.uniform(0, 1, n)) @ Q.T


@settings(deadline=None, max_examples=80, derandomize=True)
@given(seed=st.integers(0, 100_000), n=st.integers(2, 4), rounds=st.integers(1, 6),
       L=st.floats(1e-4, 0.99))
def test_non_commuting_compositions_stay_above_the_bootstrap_limit(seed, n, rounds, L):
    """Hand-built shrinkage operators in a small function space (Corollary 2)."""
    rng = np.random.default_rng(seed)
    u = rng.standard_normal(n)
    u /= np.linalg.norm(u)
    e = rng.standard_normal(n)
    e -= (e @ u) * u
    e /= np.linalg.norm(e)
    f_te, f_star = np.sqrt(1 - L) * u, np.sqrt(1 - L) * u + np.sqrt(L) * e
    v = f_te
    for _ in range(rounds):
        v = _random_shrinkage(rng, n) @ v
    loss = np.sum((v - f_star) ** 2)
    assert loss >= w.bootstrap_lower_bound(L) * (1 - 1e-12) - 1e-15
    if rounds == 1:
        assert loss >= w.quadratic_lower_bound(L) * (1 - 1e-12) - 1e-15
