"""Spectral facts of the ReLU kernel on the sphere (book: "How the numbers are computed")."""

from fractions import Fraction

import numpy as np
import pytest
from scipy import integrate
from scipy.special import eval_gegenbauer, eval_legendre, gammaln

import w2s_lib as w
from w2s_lib._spectral import relu_weights

DIMS = [3, 4, 5, 8, 16, 32, 100]


@pytest.mark.parametrize("d", DIMS + [1000])
def test_degree_one_eigenvalue_is_one_over_4d(d):
    assert w.relu_eigenvalues(d, [1])[0] == pytest.approx(1 / (4 * d), rel=1e-14)


@pytest.mark.parametrize("d", DIMS)
def test_eigenvalues_vanish_for_odd_degrees_from_three(d):
    odd = np.arange(3, 2001, 2)
    assert np.all(w.relu_eigenvalues(d, odd) == 0.0)
    assert np.all(w.relu_eigenvalues(d, np.arange(0, 200, 2)) > 0)


def _quadrature_coefficient(d, ell):
    """√d ∫ ReLU(u) P_ℓ(u) (1-u²)^{(d-3)/2} du / Z by adaptive quadrature (independent of the closed form)."""
    lam = (d - 2) / 2
    P = lambda u: eval_gegenbauer(ell, lam, u) / eval_gegenbauer(ell, lam, 1.0)  # noqa: E731
    dens = lambda u: (1 - u * u) ** ((d - 3) / 2)  # noqa: E731
    num = integrate.quad(lambda u: u * P(u) * dens(u), 0, 1, limit=200, epsabs=1e-15, epsrel=1e-13)[0]
    Z = integrate.quad(dens, -1, 1, limit=200, epsabs=1e-15, epsrel=1e-13)[0]
    return np.sqrt(d) * num / Z


@pytest.mark.parametrize("d", [4, 5, 8, 16, 32])
def test_coefficients_match_quadrature(d):
    degrees = np.arange(0, 9)
    closed = w.relu_coefficients(d, degrees)
    quad = np.array([_quadrature_coefficient(d, ell) for ell in degrees])
    np.testing.assert_allclose(closed, quad, rtol=1e-8, atol=1e-13)


def test_quadrature_check_rejects_a_wrong_closed_form():
    # a plausible slip: Γ((ℓ+d-1)/2) in place of Γ((ℓ+d+1)/2) in the even-degree formula
    d, ell = 8, 4
    wrong_log = (gammaln(ell - 1.0) + gammaln(d / 2) - ell * np.log(2) - gammaln(ell / 2)
                 - gammaln((ell + d - 1) / 2) - 0.5 * np.log(np.pi))
    wrong = -np.sqrt(d) * np.exp(wrong_log)
    assert not np.isclose(wrong, _quadrature_coefficient(d, ell), rtol=1e-8, atol=1e-13)


def test_multiplicity_known_values():
    ell = np.arange(0, 50)
    np.testing.assert_allclose(w.multiplicity(3, ell), 2 * ell + 1, rtol=1e-12)
    for d in DIMS:
        assert w.multiplicity(d, [1])[0] == pytest.approx(d, rel=1e-12)
        assert w.multiplicity(d, [2])[0] == pytest.approx((d + 2) * (d - 1) / 2, rel=1e-12)
    assert w.multiplicity(32, [4])[0] == pytest.approx(51832, rel=1e-12)


@pytest.mark.parametrize("d", [3, 5, 8, 32])
def test_gegenbauer_matches_scipy(d):
    u = np.linspace(-1, 1, 41)
    P = w.gegenbauer(d, 30, u)
    lam = (d - 2) / 2
    for ell in range(31):
        ref = eval_legendre(ell, u) if d == 3 else eval_gegenbauer(ell, lam, u) / eval_gegenbauer(ell, lam, 1.0)
        np.testing.assert_allclose(P[ell], ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("d", DIMS)
@pytest.mark.parametrize("K", [50, 200, 1000])
def test_weights_sum_to_half_with_independent_tail(d, K):
    """Σ_{ℓ≤K} μ_ℓ N(d,ℓ) + tail = 1/2, the tail bounded without using 1/2."""
    partial = relu_weights(d, np.arange(0, K + 1)).sum()
    tail = w.relu_tail_bound(d, K)
    missing = 0.5 - partial
    assert missing >= -1e-15
    assert missing <= tail * (1 + 1e-6) + 1e-15  # the bound holds
    assert missing >= 0.5 * tail - 1e-15  # and is tight to a factor of 2


def test_tail_bound_rejects_wrong_total():
    # if the kernel's total were 1/2 + 1e-6 the same check would fail
    partial = relu_weights(32, np.arange(0, 201)).sum()
    assert not (0 <= (0.5 + 1e-6) - partial <= w.relu_tail_bound(32, 200))


@pytest.mark.parametrize("d", [3, 4, 5, 8, 32, 100])
def test_tail_ratio_inequality_exactly(d):
    """a_{ℓ+2}/a_ℓ ≤ ((ℓ+λ)/(ℓ+λ+2))⁴, λ = (d-2)/2, in exact rational arithmetic."""
    lam = Fraction(d - 2, 2)
    for ell in list(range(2, 400, 2)) + [1000, 10_000, 100_000]:
        r = (Fraction((ell - 1) ** 2 * (2 * ell + d + 2) * (ell + d - 1) * (ell + d - 2))
             / ((ell + d + 1) ** 2 * (2 * ell + d - 2) * (ell + 2) * (ell + 1)))
        assert r <= ((ell + lam) / (ell + lam + 2)) ** 4
    # and the ratio itself is what the closed form gives
    ell = np.arange(2, 200, 2)
    a = relu_weights(d, ell)
    ratio = (ell - 1.0) ** 2 * (2 * ell + d + 2) * (ell + d - 1.0) * (ell + d - 2.0) / (
        (ell + d + 1.0) ** 2 * (2 * ell + d - 2.0) * (ell + 2.0) * (ell + 1.0))
    np.testing.assert_allclose(a[1:] / a[:-1], ratio[:-1], rtol=1e-10)


@pytest.mark.parametrize("d", [3, 32, 1000])
def test_large_degrees_are_finite_and_follow_the_asymptotic(d):
    ell = np.array([10_000, 20_000, 40_000]) * max(1, d // 10)  # asymptotic once ℓ >> d
    a = relu_weights(d, ell)
    assert np.all(np.isfinite(a)) and np.all(a > 0)
    # a_ℓ ~ A ℓ^{-4}: doubling ℓ divides a_ℓ by about 16
    np.testing.assert_allclose(a[:-1] / a[1:], 16.0, rtol=0.01)
    mu = w.relu_eigenvalues(d, ell)
    assert np.all(np.isfinite(mu)) and np.all(mu >= 0)


@pytest.mark.parametrize("d", [3, 8, 32])
def test_kernel_equals_its_harmonic_expansion(d):
    u = np.linspace(-1, 1, 51)
    K = 3000
    a = relu_weights(d, np.arange(K + 1))
    series = a @ w.gegenbauer(d, K, u)
    err = np.abs(series - w.relu_kernel(u))
    assert err.max() <= w.relu_tail_bound(d, K) * (1 + 1e-6) + 1e-14
    assert w.relu_kernel(1.0) == 0.5


def test_multiplicity_is_the_exact_integer_below_two_to_the_53():
    """N(d, ℓ) from the closed form with Python integers, against the returned float, exactly."""
    from math import comb
    for d in (3, 5, 8, 32, 64):
        ell = np.arange(0, 41)
        got = w.multiplicity(d, ell)
        want = [1] + [(2 * k + d - 2) * comb(k + d - 3, k - 1) // k for k in map(int, ell[1:])]
        for g, n in zip(got, want):
            if n < 2**53:
                assert g == float(n) and g.is_integer()
            else:
                assert g == pytest.approx(float(n), rel=1e-12)
    assert w.multiplicity(8, [2])[0] == 35.0
