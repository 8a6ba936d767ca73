"""A third setting, defined here from the documented Setting protocol alone, works everywhere.

Linear features with Gaussian inputs of a *full* (non-diagonal) covariance: nothing in w2s_lib
knows this setting, and it implements only the required methods (no infinite-width student,
no embedding). Every result is checked against direct linear algebra in coefficient space:
the teacher is the Σ-projection of θ*, gradient flow is θ(t) = (I - expm(-t K Σ)) θ_TE with
K = VᵀV / M_ST, and ridge is θ(ρ) = M^{-1/2} Vᵀ (VΣVᵀ/M + ρ)^{-1} M^{-1/2} VΣ θ_TE.
"""

import hashlib

import numpy as np
import pytest
from scipy.linalg import expm

import w2s_lib as w


class FullCovarianceLinear(w.Setting):
    """x ~ N(0, Σ) with a full Σ; features <w, x>; targets are vectors θ*."""

    def __init__(self, cov):
        cov = np.array(cov, dtype=float)
        cov.setflags(write=False)
        self.cov = cov
        self.d = cov.shape[0]

    def __eq__(self, other):
        return isinstance(other, FullCovarianceLinear) and np.array_equal(other.cov, self.cov)

    def __hash__(self):
        return hash(hashlib.sha1(self.cov.tobytes()).hexdigest())

    def __repr__(self):
        return f"FullCovarianceLinear(d={self.d})"

    def check_weights(self, name, W):
        W = np.array(W, dtype=float)
        if W.ndim != 2 or W.shape[1] != self.d:
            raise ValueError(f"{name} must have shape (M, {self.d})")
        return W

    def check_target(self, target):
        return np.array(target, dtype=float)

    def feature_gram(self, W, V=None):
        return W @ self.cov @ (W if V is None else V).T

    def target_moments(self, W, target):
        return W @ self.cov @ target

    def target_norm2(self, target):
        return float(target @ self.cov @ target)


D = 6
TIMES = np.array([0.0, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0, 100.0, 1e4])
RIDGES = np.array([1e4, 10.0, 1.0, 0.1, 0.01, 1e-4])


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(7)
    A = rng.standard_normal((D, D))
    cov = A @ A.T / D + 0.05 * np.eye(D)
    setting = FullCovarianceLinear(cov)
    theta_star = rng.standard_normal(D)
    theta_star /= np.sqrt(theta_star @ cov @ theta_star)          # ‖f*‖ = 1
    W_te = rng.standard_normal((3, D))
    return setting, cov, theta_star, W_te, rng


def _loss(cov, theta, theta_star):
    e = theta - theta_star
    return float(e @ cov @ e)


def _direct_teacher(cov, W, theta_star):
    theta = W.T @ np.linalg.solve(W @ cov @ W.T, W @ cov @ theta_star)
    return theta, _loss(cov, theta, theta_star)


def _direct_flow(cov, V, theta_te, t):
    K = V.T @ V / V.shape[0]
    return (np.eye(cov.shape[0]) - expm(-t * K @ cov)) @ theta_te


def _direct_ridge(cov, V, theta_te, rho):
    M = V.shape[0]
    G = V @ cov @ V.T / M
    a = np.linalg.solve(G + rho * np.eye(M), V @ cov @ theta_te / np.sqrt(M))
    return V.T @ a / np.sqrt(M)


def test_teacher_is_the_covariance_projection(problem):
    setting, cov, theta_star, W_te, _ = problem
    T = w.fit_teacher(setting, W_te, theta_star)
    theta_te, L_te = _direct_teacher(cov, W_te, theta_star)
    assert T.loss == pytest.approx(L_te, rel=1e-10)
    np.testing.assert_allclose(W_te.T @ T.unscaled_coef, theta_te, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("M_st, method", [(4, "dense"), (10, "dense"), (10, "krylov")])
def test_finite_student_matches_the_matrix_exponential(problem, M_st, method):
    setting, cov, theta_star, W_te, rng = problem
    T = w.fit_teacher(setting, W_te, theta_star)
    theta_te, _ = _direct_teacher(cov, W_te, theta_star)
    V = np.random.default_rng([M_st, 1]).standard_normal((M_st, D))
    S = w.FiniteStudent(setting, V, method=method)
    got = w.student_losses(setting, T, TIMES, S)
    want = [_loss(cov, _direct_flow(cov, V, theta_te, t), theta_star) for t in TIMES]
    np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-12)
    got_r = w.ridge_losses(setting, T, RIDGES, S)
    want_r = [_loss(cov, _direct_ridge(cov, V, theta_te, r), theta_star) for r in RIDGES]
    np.testing.assert_allclose(got_r, want_r, rtol=1e-8, atol=1e-12)
    got_c = w.ceiling_losses(setting, T, TIMES, S)              # the same student trained on f* itself
    want_c = [_loss(cov, _direct_flow(cov, V, theta_star, t), theta_star) for t in TIMES]
    np.testing.assert_allclose(got_c, want_c, rtol=1e-8, atol=1e-12)


def test_batched_teachers_and_composed_rounds_on_the_new_setting(problem):
    setting, cov, theta_star, W_te, rng = problem
    teachers = [w.fit_teacher(setting, W_te[:m], theta_star) for m in (1, 2, 3)]
    V = np.random.default_rng(11).standard_normal((9, D))
    batched = w.student_losses(setting, teachers, TIMES, V)
    for row, T in zip(batched, teachers):
        np.testing.assert_allclose(row, w.student_losses(setting, T, TIMES, V), rtol=1e-10, atol=1e-14)
    # two rounds of the same student: the composed filter; direct: flow on the first round's output
    T = teachers[-1]
    theta_te, L_te = _direct_teacher(cov, W_te, theta_star)
    t1, t2 = 0.7, 2.0
    theta_2 = _direct_flow(cov, V, _direct_flow(cov, V, theta_te, t1), t2)
    got = w.rounds_losses(setting, T, [[t1, t2]], V)[0]
    assert got == pytest.approx(_loss(cov, theta_2, theta_star), rel=1e-8)
    assert got >= w.bootstrap_lower_bound(L_te) * (1 - 1e-12)


def test_best_stopping_and_the_limits_on_the_new_setting(problem):
    setting, cov, theta_star, W_te, _ = problem
    T = w.fit_teacher(setting, W_te, theta_star)
    theta_te, L_te = _direct_teacher(cov, W_te, theta_star)
    V = np.random.default_rng(3).standard_normal((12, D))
    best = w.best_stopping(setting, T, V)
    assert isinstance(best.loss, float) and isinstance(best.time, float)
    fine = np.geomspace(1e-3, 1e4, 2001)
    direct = np.array([_loss(cov, _direct_flow(cov, V, theta_te, t), theta_star) for t in fine])
    assert best.loss <= direct.min() + 1e-12
    if np.isfinite(best.time):
        assert best.loss == pytest.approx(_loss(cov, _direct_flow(cov, V, theta_te, best.time), theta_star),
                                          rel=1e-8)
    assert best.loss >= w.quadratic_lower_bound(L_te) * (1 - 1e-12)
    ridge = w.best_ridge(setting, T, V)
    assert ridge.loss >= w.quadratic_lower_bound(L_te) * (1 - 1e-12)
    ceiling = w.best_ceiling(setting, T, V)
    assert 0.0 <= ceiling.loss <= 1.0


def test_a_setting_without_an_infinite_width_student_says_so(problem):
    setting, cov, theta_star, W_te, _ = problem
    T = w.fit_teacher(setting, W_te, theta_star)
    with pytest.raises(ValueError, match="has no infinite-width student: pass W_student"):
        w.student_losses(setting, T, TIMES)
    with pytest.raises(ValueError, match="has no infinite-width student"):
        w.best_stopping(setting, T)
    with pytest.raises(TypeError, match="spherical-harmonic degrees"):
        w.degree_profile(setting, T)


def test_equal_new_settings_are_interchangeable(problem):
    setting, cov, theta_star, W_te, _ = problem
    twin = FullCovarianceLinear(cov.copy())
    assert twin == setting and hash(twin) == hash(setting)
    T = w.fit_teacher(setting, W_te, theta_star)
    V = np.random.default_rng(5).standard_normal((8, D))
    np.testing.assert_array_equal(w.student_losses(twin, T, TIMES, V), w.student_losses(setting, T, TIMES, V))


def test_an_object_that_is_not_a_setting_is_refused():
    class NotASetting:
        d = 3

    with pytest.raises(TypeError, match="setting must be a Setting"):
        w.fit_teacher(NotASetting(), np.eye(3), np.ones(3))


def test_a_setting_missing_a_required_method_fails_when_it_is_made():
    class Incomplete(w.Setting):
        def __init__(self):
            self.d = 2

        def __eq__(self, other):
            return self is other

        def __hash__(self):
            return 0

        def check_weights(self, name, W):
            return np.asarray(W, float)

    with pytest.raises(TypeError, match="abstract"):
        Incomplete()


def test_a_prepared_student_checks_the_teachers_it_is_given(problem):
    setting, cov, theta_star, W_te, _ = problem
    T = w.fit_teacher(setting, W_te, theta_star)
    S = w.FiniteStudent(setting, np.random.default_rng(2).standard_normal((7, D)))
    one, batch = S.curve(T), S.curve([T])
    np.testing.assert_array_equal(one.evaluate(TIMES), batch.evaluate(TIMES))
    relu = w.ReLUSphere(D)
    other = w.fit_teacher(relu, w.sphere_weights(3, D, 0), w.random_direction(D, 1))
    with pytest.raises(ValueError, match="teacher was fitted in ReLUSphere"):
        S.curve(other)
