"""Theory curves against the exact solvers (model sections 3 and 10)."""

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
