"""ReLU features with Gaussian inputs: closed forms against Monte Carlo, and against the sphere."""

import numpy as np
import pytest
from numpy.polynomial.hermite_e import hermeval
from math import factorial, sqrt

import w2s_lib as w

D = 6


def h(k, z):
    """Normalised probabilists' Hermite function He_k(z)/√k!, evaluated independently of the library."""
    c = np.zeros(k + 1)
    c[k] = 1.0
    return hermeval(z, c) / sqrt(factorial(k))


@pytest.mark.slow
def test_moments_and_norm_match_monte_carlo():
    """n = 10^6 Gaussian inputs; each estimate within 5 standard errors of the closed form."""
    rng = np.random.default_rng(0)
    setting = w.GaussianReLU(D)
    W = w.sphere_weights(5, D, 1)
    target = w.HermiteTarget([(1, 0.5, w.random_direction(D, 2)), (2, 0.7, w.random_direction(D, 3)),
                              (2, -0.3, w.random_direction(D, 4)), (4, 0.4, w.random_direction(D, 5))])
    x = rng.standard_normal((1_000_000, D))
    phi = np.maximum(x @ W.T, 0.0)
    f = sum(a * h(int(k), x @ b) for k, a, b in zip(target.degrees, target.alphas, target.axes))
    for est, exact in [((phi[:, :, None] * phi[:, None, :]).reshape(len(x), -1), setting.feature_gram(W).ravel()),
                       (phi * f[:, None], setting.target_moments(W, target)),
                       ((f * f)[:, None], np.array([setting.target_norm2(target)]))]:
        mean, se = est.mean(axis=0), est.std(axis=0) / np.sqrt(len(x))
        assert np.all(np.abs(mean - exact) < 5 * se + 1e-12)


def test_hermite_coefficients_of_relu_against_quadrature():
    z, wts = np.polynomial.hermite_e.hermegauss(200)      # ∫ f(z) e^{-z²/2} dz weights
    wts = wts / np.sqrt(2 * np.pi)
    relu = np.maximum(z, 0.0)
    for k in range(9):
        quad = float(np.sum(wts * relu * h(k, z)))
        assert w.relu_hermite_coefficient(k) == pytest.approx(quad, abs=2e-3)   # ReLU's kink
    assert [w.relu_hermite_coefficient(k) for k in (3, 5, 7)] == [0.0, 0.0, 0.0]


def test_linear_targets_have_the_same_teacher_and_students_as_on_the_sphere():
    """Same Gram, same linear moments <w, β>/2: every finite-width number agrees exactly."""
    beta = w.random_direction(D, 7)
    W, V = w.sphere_weights(12, D, 8), w.sphere_weights(40, D, 9)
    sphere, gauss = w.ReLUSphere(D), w.GaussianReLU(D)
    Ts, Tg = w.fit_teacher(sphere, W, beta), w.fit_teacher(gauss, W, beta)
    assert Tg.loss == pytest.approx(Ts.loss, rel=1e-12)
    t = [0.0, 1.0, 100.0, np.inf]
    np.testing.assert_allclose(w.student_losses(gauss, Tg, t, V), w.student_losses(sphere, Ts, t, V), rtol=1e-11)
    with pytest.raises(ValueError, match="no infinite-width student"):
        w.student_losses(gauss, Tg, t)


def test_hermite_target_validation():
    with pytest.raises(ValueError, match="unit norm"):
        w.HermiteTarget([(2, 1.0, np.ones(D))])
    with pytest.raises(ValueError, match="non-empty"):
        w.HermiteTarget([])
    with pytest.raises(ValueError, match="dimension"):
        w.GaussianReLU(D + 1).check_target(w.HermiteTarget([(2, 1.0, np.eye(D)[0])]))
