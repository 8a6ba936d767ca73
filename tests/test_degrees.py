"""The degree-by-degree analysis of ReLU teachers, and the infinite-width series' special rows."""

import warnings

import numpy as np
import pytest

import w2s_lib as w


def _teacher(d, m, seed, target=None):
    setting = w.ReLUSphere(d)
    target = w.random_direction(d, seed) if target is None else target
    return setting, w.fit_teacher(setting, w.sphere_weights(m, d, seed + 1), target)


def test_degree_profile_adds_up_to_the_teacher_and_its_error():
    """Σ_ℓ ‖Π_ℓ f_TE‖² = ‖f_TE‖² = ‖f*‖² - L_TE (from the teacher's own Gram solve), up to a proved tail."""
    d, K = 5, 120
    target = w.ZonalTarget([(1, 0.8, w.random_direction(d, 1)), (2, 0.6, w.random_direction(d, 2))])
    setting, T = _teacher(d, 24, 3, target)
    prof = w.degree_profile(setting, T, max_degree=K)
    tail = np.sum(np.abs(T.unscaled_coef)) ** 2 * w.relu_tail_bound(d, K)   # ‖Π_{>K} f_TE‖² at most this
    assert abs(prof.teacher.sum() - (T.target_norm2 - T.loss)) <= tail + 1e-12
    assert abs(prof.error.sum() - T.loss) <= tail + 1e-12
    np.testing.assert_allclose(prof.target[[1, 2]], [0.64, 0.36], rtol=1e-12)
    assert np.all(prof.teacher[3::2] < 1e-20) and np.all(prof.error[3::2] < 1e-20)   # odd ℓ ≥ 3 are empty
    np.testing.assert_array_equal(prof.eigenvalues, w.relu_eigenvalues(d, np.arange(K + 1)))


def test_degree_profile_rebuilds_the_infinite_width_curve():
    """Σ_ℓ ‖Π_ℓ f* - s_ℓ Π_ℓ f_TE‖² from the profile (explicit Gegenbauer matrices) equals the library's
    series (Gegenbauer recurrence on the pairs) while the degrees above K are still unlearnt."""
    d, K = 8, 40
    setting, T = _teacher(d, 32, 5)
    prof = w.degree_profile(setting, T, max_degree=K)
    cross = (prof.target + prof.teacher - prof.error) / 2
    t = np.array([0.0, 1.0, 30.0, 300.0, 3000.0])
    s = -np.expm1(-np.outer(t, prof.eigenvalues))
    rebuilt = (prof.target[None] - 2 * s * cross[None] + s**2 * prof.teacher[None]).sum(axis=1)
    np.testing.assert_allclose(w.student_losses(setting, T, t), rebuilt, rtol=1e-9)


def test_duplicate_teacher_rows_give_the_same_function_and_curve():
    """Rows [w, w] with the coefficient split in two are the one-row teacher [w]: identical curves."""
    d = 8
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 0)
    W = w.sphere_weights(3, d, 1)
    T = w.fit_teacher(setting, W, beta)
    b = T.unscaled_coef
    W2 = np.vstack([W, W[:1]])
    b2 = np.append(b, 0.0)
    b2[0], b2[-1] = 0.25 * b[0], 0.75 * b[0]
    T2 = w.Teacher(setting=setting, weights=W2, target=beta, coef=b2 * np.sqrt(4), loss=T.loss,
                   target_norm2=T.target_norm2, rank=3, cond=T.cond)
    times = [0.0, 10.0, 1e3, 1e5, np.inf]
    np.testing.assert_allclose(w.student_losses(setting, T2, times), w.student_losses(setting, T, times),
                               rtol=1e-12, atol=1e-15)
    # handled exactly, a duplicate costs the series no accuracy (summed as a pair it would converge slowly)
    assert w.solver_error(setting, T2) <= 2 * w.solver_error(setting, T) + 1e-16


def test_exact_duplicates_in_low_dimension_need_no_long_recurrence():
    """At d = 3, P_ℓ(1) = 1 never decays: without exact handling the recurrence would run to its cap
    and warn. With it, the duplicate teacher's curve equals the single row's, silently."""
    d = 3
    setting = w.ReLUSphere(d)
    u = w.random_direction(d, 1)
    one = w.Teacher(setting=setting, weights=u[None], target=u, coef=np.array([0.9]), loss=0.5,
                    target_norm2=1.0, rank=1, cond=1.0)
    two = w.Teacher(setting=setting, weights=np.vstack([u, u]), target=u, coef=np.array([0.45, 0.45]) * np.sqrt(2),
                    loss=0.5, target_norm2=1.0, rank=1, cond=1.0)
    times = [0.0, 3.0, 30.0, np.inf]
    with warnings.catch_warnings():
        warnings.simplefilter("error", w.PrecisionWarning)
        np.testing.assert_allclose(w.student_losses(setting, two, times), w.student_losses(setting, one, times),
                                   rtol=1e-12, atol=1e-15)


def test_antipodal_teacher_rows_give_the_exact_linear_curve():
    """ReLU(z) - ReLU(-z) = z: rows [w, -w] with unscaled coefficients [c, -c] are f_TE = c <w, x>, a pure
    degree-1 function, so with f* = <w, x> the infinite-width curve is (1 - c s_1(t))² exactly."""
    d, c = 8, 0.7
    setting = w.ReLUSphere(d)
    u = w.random_direction(d, 4)
    T = w.Teacher(setting=setting, weights=np.vstack([u, -u]), target=u, coef=np.array([c, -c]) * np.sqrt(2),
                  loss=(1 - c) ** 2, target_norm2=1.0, rank=2, cond=1.0)
    times = np.array([0.0, 10.0, 100.0, 1e3, np.inf])
    mu1 = w.relu_eigenvalues(d, [1])[0]
    s1 = np.where(np.isinf(times), 1.0, -np.expm1(-mu1 * np.where(np.isinf(times), 0.0, times)))
    np.testing.assert_allclose(w.student_losses(setting, T, times), (1 - c * s1) ** 2, rtol=1e-11, atol=1e-14)
