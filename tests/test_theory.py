"""Theory curves against the exact solvers and Monte Carlo (book: linear chapter)."""

import numpy as np
import pytest

import w2s_lib as w


@pytest.mark.parametrize("m, eps_rule", [(16, "1/d"), (64, "1/d"), (64, "1/M"), (32, "M^-1/2")])
def test_diagonal_family_closed_form_equals_the_general_solver(m, eps_rule):
    d = int(round(m**1.5))
    eps = w.figures.linear_variance(eps_rule, m, d)
    setting = w.LinearGaussian.diagonal_family(d, 1, eps)
    target = np.eye(d)[0]
    times = np.concatenate([[0.0], np.logspace(-2, 8, 61), [np.inf]])
    for seed in range(3):
        T = w.fit_teacher(setting, w.gaussian_weights(m, d, seed), target)
        np.testing.assert_allclose(w.diagonal_family_losses(T.loss, eps, times),
                                   w.student_losses(setting, T, times), rtol=1e-9, atol=1e-14)


def test_diagonal_family_sandwich():
    """L_TE² <= L*_ST <= L_TE²(1 + L_TE)² + 4 ε² L_TE log²(1/L_TE) (book: linear chapter)."""
    grid = np.logspace(-2, 10, 4001)
    for L in (0.3, 0.05, 0.002):
        for eps in (1e-1, 1e-3, 1e-5):
            best = w.diagonal_family_losses(L, eps, grid).min()
            assert best >= L**2 * (1 - 1e-12)
            assert best <= L**2 * (1 + L) ** 2 + 4 * eps**2 * L * np.log(1 / L) ** 2


def test_effective_ridge_predicts_the_linear_teacher_within_a_few_percent():
    m = 256
    d = int(round(m**1.5))
    eps = 1.0 / d
    setting = w.LinearGaussian.diagonal_family(d, 1, eps)
    losses = [w.fit_teacher(setting, w.gaussian_weights(m, d, s), np.eye(d)[0]).loss for s in range(4)]
    pred = w.predicted_teacher_loss([1.0, eps], [1.0, 0.0], m, multiplicities=[1, d - 1])
    assert np.mean(losses) == pytest.approx(pred, rel=0.05)


def test_effective_ridge_solves_its_equation_and_checks_input():
    lam, mult = np.array([1.0, 0.1, 0.01]), np.array([1, 10, 100])
    g = w.effective_ridge(lam, 20, mult)
    assert np.sum(mult * lam / (lam + g)) == pytest.approx(20, rel=1e-12)
    with pytest.raises(ValueError, match="n_features must lie strictly between 0 and"):
        w.effective_ridge(lam, 111, mult)
    with pytest.raises(ValueError, match="eigenvalues must be strictly positive"):
        w.effective_ridge([1.0, 0.0], 1)


@pytest.mark.parametrize("L", [0.9, 0.3, 0.05, 2e-3])
@pytest.mark.parametrize("eps", [0.5, 1e-2, 1e-4])
def test_upper_bound_dominates_the_exact_curve_and_is_tight_while_eps_t_is_small(L, eps):
    t = np.concatenate([[0.0], np.logspace(-3, 7, 301)])
    exact = w.diagonal_family_losses(L, eps, t)
    bound = w.diagonal_family_upper_bound(L, eps, t)
    assert np.all(bound >= exact * (1 - 1e-13))
    assert bound[0] == pytest.approx(1.0) and exact[0] == pytest.approx(1.0)
    small = eps * t <= 1e-3                          # 1 - e^{-x} = x (1 - x/2 + ...): gap below 0.1 %
    np.testing.assert_allclose(bound[small], exact[small], rtol=1e-3)
    assert np.any(bound[eps * t > 1] > exact[eps * t > 1] * 1.1)   # and genuinely larger beyond


def test_upper_bound_dominates_the_general_solver():
    m, d = 32, 181
    eps = 1.0 / d
    setting = w.LinearGaussian.diagonal_family(d, 1, eps)
    t = np.logspace(-2, 6, 81)
    for seed in range(3):
        T = w.fit_teacher(setting, w.gaussian_weights(m, d, seed), np.eye(d)[0])
        exact = w.student_losses(setting, T, t)
        assert np.all(w.diagonal_family_upper_bound(T.loss, eps, t) >= exact * (1 - 1e-9))


@pytest.mark.parametrize("L, eps", [(0.05, 1 / 64), (0.026, 1 / 181), (3e-3, 1 / 4096), (0.3, 1e-3)])
def test_upper_bound_corollaries_at_the_two_stopping_times(L, eps):
    at_L = w.diagonal_family_upper_bound(L, eps, [2 * np.log(1 / L)])[0]
    assert at_L <= L**2 * (1 + L) ** 2 + 4 * eps**2 * L * np.log(1 / L) ** 2
    at_eps = w.diagonal_family_upper_bound(L, eps, [2 * np.log(1 / eps)])[0]
    closed = (L + eps**2 * (1 - L)) ** 2 + (2 * eps * np.log(1 / eps)) ** 2 * L * (1 - L)
    assert at_eps == pytest.approx(closed, rel=1e-12)
    best = w.diagonal_family_losses(L, eps, np.logspace(-2, 12, 8001)).min()
    assert L**2 <= best <= min(at_L, at_eps)


def test_teacher_bounds_match_monte_carlo_and_bracket_the_exact_teachers():
    """E[(θ - e1)ᵀΣ(θ - e1)] = (2 + (d-1)ε)/M for θ = WᵀW e1 / M, E[ε dist²] = ε(1 - M/d).

    4000 draws: both means are checked to 5 standard errors (about 8 % and 1 % of the mean
    here), which separates the constant 2 from 1 or 3 (a shift of 1/M, 25 % of the mean).
    """
    m, d, eps = 8, 40, 0.05
    lower, upper = w.diagonal_family_teacher_bounds(m, d, eps)
    assert upper == pytest.approx((2 + 39 * 0.05) / 8) and lower == pytest.approx(0.05 * (1 - 8 / 40))
    sigma = np.full(d, eps)
    sigma[0] = 1.0
    rng = np.random.default_rng(7)
    risk, dist2 = [], []
    for _ in range(4000):
        W = rng.standard_normal((m, d))
        theta = W.T @ W[:, 0] / m
        theta[0] -= 1.0
        risk.append(theta @ (sigma * theta))
        Q, _ = np.linalg.qr(W.T)
        dist2.append(1.0 - Q[0] @ Q[0])
    risk, dist2 = np.array(risk), np.array(dist2)
    assert abs(risk.mean() - upper) < 5 * risk.std() / np.sqrt(risk.size)
    assert abs(eps * dist2.mean() - lower) < 5 * eps * dist2.std() / np.sqrt(dist2.size)
    setting = w.LinearGaussian.diagonal_family(d, 1, eps)
    losses = []
    for seed in range(200):
        W = w.gaussian_weights(m, d, seed)
        L = w.fit_teacher(setting, W, np.eye(d)[0]).loss
        Q, _ = np.linalg.qr(W.T)
        assert L >= eps * (1.0 - Q[0] @ Q[0]) * (1 - 1e-10)   # L_TE >= ε dist², every teacher
        losses.append(L)
    assert lower < np.mean(losses) < upper


def test_teacher_bounds_edge_cases_and_input_checks():
    assert w.diagonal_family_teacher_bounds(50, 40, 0.1)[0] == 0.0     # M >= d: the span holds e1
    assert w.diagonal_family_teacher_bounds(4, 40, 3.0)[0] == pytest.approx(0.9)   # min(1, ε)
    with pytest.raises(ValueError, match="n_features"):
        w.diagonal_family_teacher_bounds(0, 40, 0.1)
    with pytest.raises(TypeError, match="d must be an integer"):
        w.diagonal_family_teacher_bounds(4, 40.5, 0.1)
    with pytest.raises(ValueError, match="eps must be > 0"):
        w.diagonal_family_teacher_bounds(4, 40, 0.0)
    with pytest.raises(TypeError, match="eps must be a real number"):
        w.diagonal_family_upper_bound(0.1, "x", [1.0])
    with pytest.raises(ValueError, match="times must be finite"):
        w.diagonal_family_upper_bound(0.1, 0.01, [1.0, np.inf])
    with pytest.raises(ValueError, match="teacher_loss must lie in"):
        w.diagonal_family_upper_bound(1.5, 0.01, [1.0])
