"""The teacher: population least squares (book: Setup, "The teacher")."""

import warnings

import numpy as np
import pytest

import w2s_lib as w


def test_teacher_loss_matches_monte_carlo_of_its_own_error():
    d, M = 8, 20
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 0)
    W = w.sphere_weights(M, d, 1)
    T = w.fit_teacher(setting, W, beta)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((500_000, d))
    x *= np.sqrt(d) / np.linalg.norm(x, axis=1, keepdims=True)
    err = (np.maximum(x @ W.T, 0) @ T.coef / np.sqrt(M) - x @ beta) ** 2
    se = err.std() / np.sqrt(err.size)
    assert abs(err.mean() - T.loss) <= 5 * se
    assert abs(err.mean() - 1.05 * T.loss) > 5 * se  # a 5 % error would be detected


def test_teacher_satisfies_the_normal_equations_and_pythagoras():
    d = 16
    setting = w.ReLUSphere(d)
    target = w.ZonalTarget([(1, 0.8, w.random_direction(d, 3)), (2, 0.6, w.random_direction(d, 4))])
    W = w.sphere_weights(64, d, 5)
    T = w.fit_teacher(setting, W, target)
    G = setting.feature_gram(W)
    m = setting.target_moments(W, target)
    b = T.unscaled_coef
    np.testing.assert_allclose(G @ b, m, atol=1e-12)
    assert T.target_norm2 == pytest.approx(1.0, rel=1e-12)
    assert T.norm2 == pytest.approx(b @ G @ b, rel=1e-10)  # ‖f_TE‖² = ‖f*‖² - L_TE
    assert 0 < T.loss < 1


def test_duplicate_rows_give_the_minimum_norm_solution_with_a_warning():
    d = 8
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 0)
    W = w.sphere_weights(10, d, 1)
    W_dup = np.vstack([W, W[:3]])
    with pytest.warns(w.PrecisionWarning, match="singular"):
        T_dup = w.fit_teacher(setting, W_dup, beta)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        T = w.fit_teacher(setting, W, beta)
    assert T_dup.loss == pytest.approx(T.loss, rel=1e-10)
    assert np.all(np.isfinite(T_dup.coef))
    # minimum norm: the duplicated rows share their coefficient equally
    b = T_dup.unscaled_coef
    np.testing.assert_allclose(b[:3], b[10:], rtol=1e-8)


def test_linear_teacher_loss_closed_form_for_first_coordinate_target():
    M, d = 16, 64
    setting = w.LinearGaussian.diagonal_family(d, 1, 1.0 / d)
    target = np.eye(d)[0]
    T = w.fit_teacher(setting, w.gaussian_weights(M, d, 0), target)
    theta_te = T.weights.T @ T.unscaled_coef
    assert T.loss == pytest.approx(1.0 - theta_te[0], rel=1e-10)  # book: linear chapter, exercise "the teacher's loss"
    assert 0 < T.loss < 1


def test_more_teacher_features_never_increase_the_loss():
    d = 16
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 0)
    losses = [w.fit_teacher(setting, W, beta).loss for W in w.nested_weights([4, 8, 16, 32, 64], d, 1)]
    assert all(a >= b - 1e-14 for a, b in zip(losses, losses[1:]))
