"""Closed-form population moments against Monte Carlo (book: Setup and the linear chapter).

Inputs are sampled here, independently of the library (Gaussian vectors scaled to the
√d-sphere; Gaussian inputs with diagonal covariance), and the targets are evaluated with
SciPy's Gegenbauer polynomials rather than the library's recurrence. Each check accepts
when |Monte Carlo - closed form| <= Z·σ̂/√n for every entry, with Z = 5 (the seeds are fixed,
so the tests are deterministic; with fresh seeds a false alarm would have probability about
6e-7 per entry). Each test also feeds a plausible wrong formula to the same check and
requires that it is rejected, so the tolerance is not so loose that it accepts anything.
"""

import numpy as np
import pytest
from scipy.special import eval_gegenbauer

import w2s_lib as w

pytestmark = pytest.mark.slow  # Monte Carlo with 10^6 samples

Z = 5.0
N_SAMPLES = 1_000_000


def sphere_inputs(n, d, rng):
    x = rng.standard_normal((n, d))
    return x * (np.sqrt(d) / np.linalg.norm(x, axis=1, keepdims=True))


def mc_mean(values):
    """Column means and their standard errors; values: (n, k)."""
    values = values.reshape(values.shape[0], -1)
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(values.shape[0])


def accepts(closed, mean, se):
    return bool(np.all(np.abs(np.ravel(closed) - mean) <= Z * se))


def legendre_d(ell, d, u):
    lam = (d - 2) / 2
    return eval_gegenbauer(ell, lam, u) / eval_gegenbauer(ell, lam, 1.0)


def evaluate_zonal(terms, d, x):
    xhat = x / np.sqrt(d)
    out = np.zeros(x.shape[0])
    for ell, alpha, axis in terms:
        out += alpha * np.sqrt(float(w.multiplicity(d, [ell])[0])) * legendre_d(ell, d, xhat @ axis)
    return out


@pytest.fixture(scope="module")
def relu_case():
    d = 8
    rng = np.random.default_rng(20261128)
    x = sphere_inputs(N_SAMPLES, d, rng)
    W = w.sphere_weights(4, d, seed=rng)
    V = w.sphere_weights(3, d, seed=rng)
    return d, x, W, V, rng


def test_relu_gram_matches_monte_carlo(relu_case):
    d, x, W, V, _ = relu_case
    setting = w.ReLUSphere(d)
    fw, fv = np.maximum(x @ W.T, 0), np.maximum(x @ V.T, 0)
    prod = fw[:, :, None] * fv[:, None, :]
    mean, se = mc_mean(prod)
    assert accepts(setting.feature_gram(W, V), mean, se)
    # diagonal: K(1) = 1/2
    mean_d, se_d = mc_mean(fw**2)
    assert accepts(np.full(W.shape[0], 0.5), mean_d, se_d)
    # a wrong kernel (1 - u² in place of its square root) is rejected
    u = np.clip(W @ V.T, -1, 1)
    wrong = ((1 - u**2) + (np.pi - np.arccos(u)) * u) / (2 * np.pi)
    assert not accepts(wrong, mean, se)


def test_relu_linear_moment_matches_monte_carlo(relu_case):
    d, x, W, _, rng = relu_case
    setting = w.ReLUSphere(d)
    beta = rng.standard_normal(d)
    prod = np.maximum(x @ W.T, 0) * (x @ beta)[:, None]
    mean, se = mc_mean(prod)
    assert accepts(setting.target_moments(W, beta), mean, se)
    assert not accepts((W @ beta) / np.sqrt(2 * np.pi), mean, se)  # Gaussian-mean slip
    # ‖f*‖² = |β|² since E[x xᵀ] = I on the √d-sphere
    mean_n, se_n = mc_mean((x @ beta) ** 2)
    assert accepts(setting.target_norm2(beta), mean_n, se_n)


def _zonal_terms(d, rng):
    axes = [w.random_direction(d, rng) for _ in range(5)]
    return [(0, 0.3, axes[0]), (1, 0.7, axes[1]), (2, 0.5, axes[2]), (2, -0.4, axes[3]),
            (3, 0.6, axes[4]), (4, 0.8, axes[0])]


def test_relu_zonal_moments_match_monte_carlo(relu_case):
    d, x, W, _, rng = relu_case
    setting = w.ReLUSphere(d)
    terms = _zonal_terms(d, np.random.default_rng(7))
    target = w.ZonalTarget(terms)
    f = evaluate_zonal(terms, d, x)
    mean, se = mc_mean(np.maximum(x @ W.T, 0) * f[:, None])
    closed = setting.target_moments(W, target)
    assert accepts(closed, mean, se)
    # a slip that drops √N(d, ℓ) in the Funk–Hecke moment is rejected
    wrong = np.zeros(W.shape[0])
    for ell, alpha, axis in terms:
        wrong += alpha * w.relu_coefficients(d, [ell])[0] * legendre_d(ell, d, W @ axis)
    assert not accepts(wrong, mean, se)


def test_zonal_norm_with_shared_degrees_matches_monte_carlo(relu_case):
    d, x, _, _, _ = relu_case
    terms = _zonal_terms(d, np.random.default_rng(7))
    f = evaluate_zonal(terms, d, x)
    mean, se = mc_mean(f**2)
    target = w.ZonalTarget(terms)
    assert accepts(target.norm2(), mean, se)
    # assuming all terms orthogonal (Σ α²) is wrong when two share a degree
    assert not accepts(sum(a * a for _, a, _ in terms), mean, se)


def test_odd_degree_target_is_orthogonal_to_relu_features(relu_case):
    d, x, W, _, _ = relu_case
    axis = w.random_direction(d, 3)
    target = w.ZonalTarget([(3, 1.0, axis)])
    f = evaluate_zonal([(3, 1.0, axis)], d, x)
    mean, se = mc_mean(np.maximum(x @ W.T, 0) * f[:, None])
    assert np.all(w.ReLUSphere(d).target_moments(W, target) == 0.0)
    assert accepts(np.zeros(W.shape[0]), mean, se)


def test_linear_gaussian_moments_match_monte_carlo():
    d = 6
    rng = np.random.default_rng(5)
    variances = np.array([1.0, 0.5, 0.25, 2.0, 0.1, 0.05])
    setting = w.LinearGaussian(variances)
    x = rng.standard_normal((N_SAMPLES, d)) * np.sqrt(variances)
    W = rng.standard_normal((4, d))
    V = rng.standard_normal((3, d))
    theta = rng.standard_normal(d)
    mean, se = mc_mean((x @ W.T)[:, :, None] * (x @ V.T)[:, None, :])
    assert accepts(setting.feature_gram(W, V), mean, se)
    assert not accepts(W @ V.T, mean, se)  # forgetting Σ
    mean_m, se_m = mc_mean((x @ W.T) * (x @ theta)[:, None])
    assert accepts(setting.target_moments(W, theta), mean_m, se_m)
    assert not accepts(W @ theta, mean_m, se_m)
    mean_n, se_n = mc_mean((x @ theta) ** 2)
    assert accepts(setting.target_norm2(theta), mean_n, se_n)
