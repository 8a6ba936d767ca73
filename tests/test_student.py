"""The gradient-flow student in closed form (book: Setup, "The student and its clock")."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import w2s_lib as w


@pytest.fixture(scope="module")
def relu16():
    d = 16
    setting = w.ReLUSphere(d)
    target = w.ZonalTarget([(1, 0.8, w.random_direction(d, 1)), (2, 0.5, w.random_direction(d, 2)),
                            (3, 0.3, w.random_direction(d, 3))])
    teachers = [w.fit_teacher(setting, W, target) for W in w.nested_weights([8, 32, 64], d, 4)]
    return setting, target, teachers


def test_dense_student_matches_direct_ode_integration(relu16):
    """Closed form against an ODE solver on da/dt = -Ĝ a + M^{-1/2} m_TE (independent path)."""
    setting, target, teachers = relu16
    T = teachers[1]
    V = w.sphere_weights(40, setting.d, 9)
    M = V.shape[0]
    Ghat = setting.feature_gram(V) / M
    m_te = setting.feature_gram(V, T.weights) @ T.unscaled_coef
    m_star = setting.target_moments(V, target)
    times = np.array([0.0, 3.0, 30.0, 300.0, 3000.0])
    sol = solve_ivp(lambda t, a: -Ghat @ a + m_te / np.sqrt(M), (0, times[-1]), np.zeros(M),
                    t_eval=times, rtol=1e-11, atol=1e-13, method="LSODA")
    A = sol.y.T
    L_ode = T.target_norm2 - 2 * A @ m_star / np.sqrt(M) + np.einsum("ti,ij,tj->t", A, Ghat, A)
    L = w.student_losses(setting, T, times, W_student=V)
    np.testing.assert_allclose(L, L_ode, rtol=1e-7, atol=1e-9)


def test_initial_slope_is_minus_twice_the_first_moment(relu16):
    """d/dt L_ST at t = 0 is -2 <f*, 𝒯_M f_TE> = -2 m_*ᵀ m_TE / M_ST, from the raw moments directly
    (the solver reaches it through the eigendecomposition of the Gram matrix)."""
    setting, target, teachers = relu16
    V = w.sphere_weights(300, setting.d, 1)
    h = 1e-7
    for T in teachers:
        m_star = setting.target_moments(V, target)
        m_te = setting.feature_gram(V, T.weights) @ T.unscaled_coef
        slope = -2.0 * m_star @ m_te / V.shape[0]
        L0, Lh = w.student_losses(setting, T, [0.0, h], W_student=V)
        assert (Lh - L0) / h == pytest.approx(slope, rel=1e-5)


@pytest.mark.parametrize("d", [5, 8, 32])
def test_infinite_width_at_infinite_time_reproduces_the_teacher(d):
    """Degree by degree the series must add up to L_TE (not by construction: the
    Gegenbauer recurrence, c_ℓ, N(d,ℓ) and the teacher's solve must all agree)."""
    setting = w.ReLUSphere(d)
    target = w.ZonalTarget([(1, 0.9, w.random_direction(d, 1)), (2, 0.4, w.random_direction(d, 2)),
                            (4, 0.2, w.random_direction(d, 3))])
    teachers = [w.fit_teacher(setting, W, target) for W in w.nested_weights([16, 64, 256], d, 5)]
    L = w.student_losses(setting, teachers, [np.inf])[:, 0]
    L_te = np.array([T.loss for T in teachers])
    np.testing.assert_allclose(L, L_te, rtol=1e-10)
    assert np.all(w.solver_error(setting, teachers) < 1e-12)


def test_infinite_width_odd_degree_stays_in_the_error():
    d = 8
    setting = w.ReLUSphere(d)
    odd = w.ZonalTarget([(3, 1.0, w.random_direction(d, 0))])
    T = w.fit_teacher(setting, w.sphere_weights(64, d, 1), odd)
    assert T.loss == pytest.approx(1.0, rel=1e-12)  # a bias-free ReLU net cannot represent it
    L = w.student_losses(setting, T, [0.0, 10.0, 1e6, np.inf])
    np.testing.assert_allclose(L, 1.0, rtol=1e-12)


def test_large_time_is_not_infinite_time():
    d = 32
    setting = w.ReLUSphere(d)
    T = w.fit_teacher(setting, w.sphere_weights(256, d, 1), w.random_direction(d, 2))
    L = w.student_losses(setting, T, [1e6, np.inf])
    assert L[1] == pytest.approx(T.loss, rel=1e-10)
    assert L[0] / T.loss < 0.99  # the slow degrees: still well below L_TE at t = 1e6


def test_batched_teachers_equal_single_evaluations(relu16):
    setting, _, teachers = relu16
    times = np.logspace(-1, 8, 37)
    S = w.FiniteStudent(setting, w.sphere_weights(200, setting.d, 7))
    for W_student in (None, S):
        batch = w.student_losses(setting, teachers, times, W_student=W_student)
        for i, T in enumerate(teachers):
            np.testing.assert_allclose(batch[i], w.student_losses(setting, T, times, W_student=W_student),
                                       rtol=1e-13, atol=1e-15)


@pytest.mark.slow
def test_finite_student_approaches_infinite_width_curve(relu16):
    setting, _, teachers = relu16
    times = np.logspace(0, 6, 25)
    L_inf = w.student_losses(setting, teachers, times)
    gaps = []
    for M in (250, 1000, 4000):
        L_M = np.mean([w.student_losses(setting, teachers, times, W_student=w.sphere_weights(M, setting.d, s))
                       for s in range(2)], axis=0)
        gaps.append(np.abs(L_M - L_inf).max())
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 0.01


def test_finite_width_converged_student_beats_teacher_only_through_its_span():
    """At finite width, L_ST(∞) is the loss of the projection of f_TE on the student's span."""
    d = 16
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 0)
    T = w.fit_teacher(setting, w.sphere_weights(128, d, 1), beta)
    V = w.sphere_weights(300, d, 2)
    # project f_TE on the student's span directly
    G = setting.feature_gram(V)
    c = np.linalg.lstsq(G, setting.feature_gram(V, T.weights) @ T.unscaled_coef, rcond=None)[0]
    m_star = setting.target_moments(V, beta)
    L_proj = 1.0 - 2 * c @ m_star + c @ G @ c
    L_inf = w.student_losses(setting, T, [np.inf], W_student=V)[0]
    assert L_inf == pytest.approx(L_proj, rel=1e-8)
    # the same student with the teacher's own features would reproduce the teacher exactly
    assert w.student_losses(setting, T, [np.inf], W_student=T.weights)[0] == pytest.approx(T.loss, rel=1e-8)


def test_linear_infinite_width_matches_the_flow_formula():
    d, M = 30, 8
    setting = w.LinearGaussian.diagonal_family(d, 1, 1.0 / d)
    target = np.eye(d)[0]
    T = w.fit_teacher(setting, w.gaussian_weights(M, d, 0), target)
    theta_te = T.weights.T @ T.unscaled_coef
    sig = setting.variances
    times = np.array([0.0, 1.0, 10.0, 1e3, np.inf])
    expected = []
    for t in times:
        s = np.ones(d) if np.isinf(t) else 1 - np.exp(-t * sig)
        diff = s * theta_te - target
        expected.append(diff @ (sig * diff))
    np.testing.assert_allclose(w.student_losses(setting, T, times), expected, rtol=1e-12)
    assert w.student_losses(setting, T, [np.inf])[0] == pytest.approx(T.loss, rel=1e-10)


def test_linear_finite_student_approaches_infinite_width():
    d, M = 12, 6
    setting = w.LinearGaussian.diagonal_family(d, 1, 0.1)
    T = w.fit_teacher(setting, w.gaussian_weights(M, d, 0), np.eye(d)[0])
    times = np.logspace(-1, 3, 9)
    L_inf = w.student_losses(setting, T, times)
    errs = [np.abs(w.student_losses(setting, T, times, w.gaussian_weights(m, d, 1)) - L_inf).max()
            for m in (100, 100_000)]
    assert errs[1] < errs[0] / 10 and errs[1] < 5e-3


def test_ridge_limits_and_direct_solve(relu16):
    setting, target, teachers = relu16
    T = teachers[2]
    V = w.sphere_weights(150, setting.d, 3)
    M = V.shape[0]
    for W_student in (None, V):
        assert w.ridge_losses(setting, T, [0.0], W_student)[0] == pytest.approx(
            w.student_losses(setting, T, [np.inf], W_student)[0], rel=1e-12)
        assert w.ridge_losses(setting, T, [np.inf], W_student)[0] == pytest.approx(T.target_norm2, rel=1e-12)
    Ghat = setting.feature_gram(V) / M
    m_te = setting.feature_gram(V, T.weights) @ T.unscaled_coef
    m_star = setting.target_moments(V, target)
    for rho in (1e-6, 1e-3, 1e-1):
        a = np.linalg.solve(Ghat + rho * np.eye(M), m_te / np.sqrt(M))
        L = T.target_norm2 - 2 * a @ m_star / np.sqrt(M) + a @ Ghat @ a
        assert w.ridge_losses(setting, T, [rho], V)[0] == pytest.approx(L, rel=1e-9)


def test_best_stopping_is_a_continuous_minimum(relu16):
    setting, _, teachers = relu16
    best = w.best_stopping(setting, teachers)
    fine = np.exp(np.log(best.time)[:, None] + np.linspace(-0.05, 0.05, 201)[None, :])
    for i, T in enumerate(teachers):
        L = w.student_losses(setting, T, fine[i])
        assert best.loss[i] <= L.min() + 1e-14
        assert best.loss[i] == pytest.approx(w.student_losses(setting, T, [best.time[i]])[0], rel=1e-14)
    assert np.all(best.loss < best.teacher_loss)


def test_ceiling_of_a_representable_target_is_zero_at_infinite_width():
    d = 16
    setting = w.ReLUSphere(d)
    T = w.fit_teacher(setting, w.sphere_weights(32, d, 0), w.random_direction(d, 1))
    c = w.best_ceiling(setting, T)
    assert c.loss == 0.0 and np.isinf(c.time)


def test_infinite_width_ceiling_curve_is_the_closed_form_of_each_target_degree():
    """Trained on f* itself, degree ℓ of the target is left at e^{-tμ_ℓ}: L_SC(t) = Σ_ℓ ‖Π_ℓ f*‖² e^{-2tμ_ℓ}."""
    d = 16
    setting = w.ReLUSphere(d)
    target = w.ZonalTarget([(1, 0.6, w.random_direction(d, 2)), (2, 0.8, w.random_direction(d, 3)),
                            (3, 0.5, w.random_direction(d, 4))])
    T = w.fit_teacher(setting, w.sphere_weights(32, d, 0), target)
    t = np.array([0.0, 1.0, 100.0, 1e4, 1e7, np.inf])
    mu1, mu2 = w.relu_eigenvalues(d, [1, 2])
    with np.errstate(invalid="ignore"):
        want = 0.36 * np.exp(-2 * t * mu1) + 0.64 * np.exp(-2 * t * mu2) + 0.25   # degree 3 is never learnt
    np.testing.assert_allclose(w.ceiling_losses(setting, T, t), want, rtol=1e-12)
    lin = w.LinearGaussian.diagonal_family(10, 2, 0.1)
    theta = np.array([1.0, 2.0] + [0.5] * 8)
    Tl = w.fit_teacher(lin, w.gaussian_weights(6, 10, 1), theta)
    want = (1.0 + 4.0) * np.exp(-2 * t) + 8 * 0.1 * 0.25 * np.exp(-2 * 0.1 * t)
    np.testing.assert_allclose(w.ceiling_losses(lin, Tl, t), want, rtol=1e-12, atol=1e-14 * Tl.target_norm2)


def test_linear_dual_path_equals_the_primal_spectral_formula():
    d, M = 12, 50
    setting = w.LinearGaussian.diagonal_family(d, 2, 0.05)
    target = np.eye(d)[0] * 0.7 + np.eye(d)[1] * 0.3
    T = w.fit_teacher(setting, w.gaussian_weights(6, d, 0), target)
    V = w.gaussian_weights(M, d, 1)
    lam, E = np.linalg.eigh(setting.feature_gram(V) / M)
    keep = lam > 1e-10
    p = E.T @ (setting.feature_gram(V, T.weights) @ T.unscaled_coef) / np.sqrt(M)
    q = E.T @ setting.target_moments(V, target) / np.sqrt(M)
    times = np.array([0.0, 0.3, 3.0, 300.0, np.inf])
    s = np.where(np.isinf(times)[:, None], 1.0, -np.expm1(-np.outer(np.where(np.isinf(times), 0, times), lam)))
    s = s * keep
    inv = np.where(keep, 1 / np.where(keep, lam, 1), 0)
    L = T.target_norm2 - 2 * s @ (p * q * inv) + s**2 @ (p * p * inv)
    np.testing.assert_allclose(w.student_losses(setting, T, times, V), L, rtol=1e-9, atol=1e-12)
