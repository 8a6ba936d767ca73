"""Block Lanczos quadrature against the dense spectral method (book: "How the numbers are computed")."""

import warnings

import numpy as np
import pytest

import w2s_lib as w

GRID = np.concatenate([[0.0], np.logspace(-2, 12, 199), [np.inf]])


@pytest.fixture(scope="module")
def fig2_like():
    d = 32
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 11)
    teachers = [w.fit_teacher(setting, W, beta) for W in w.nested_weights([16, 32, 64, 128, 256], d, 12)]
    return setting, teachers


@pytest.mark.slow
def test_krylov_agrees_with_dense_at_4096_over_the_whole_grid(fig2_like):
    setting, teachers = fig2_like
    V = w.sphere_weights(4096, setting.d, 13)
    dense = w.student_losses(setting, teachers, GRID, w.FiniteStudent(setting, V, method="dense"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback, no unconverged run
        S = w.FiniteStudent(setting, V, method="krylov")
        krylov = w.student_losses(setting, teachers, GRID, S)
    assert S.method == "krylov" and S.eigenvalues is None  # the Krylov path really ran
    np.testing.assert_allclose(krylov, dense, rtol=1e-8, atol=0)
    # the error estimate is honest: at least as large as the observed error, and small
    est = w.solver_error(setting, teachers, S)
    assert np.all(est < 1e-9)
    assert np.all(np.abs(krylov - dense).max(axis=1) <= 100 * est + 1e-13)


def test_krylov_with_repeated_and_shared_start_vectors_matches_dense():
    """Two identical teachers and a shared target make the start block rank-deficient."""
    d = 8
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 0)
    W = w.sphere_weights(20, d, 1)
    teachers = [w.fit_teacher(setting, W, beta), w.fit_teacher(setting, W, beta),
                w.fit_teacher(setting, W[:5], beta)]
    V = w.sphere_weights(300, d, 2)
    dense = w.student_losses(setting, teachers, GRID, w.FiniteStudent(setting, V, method="dense"))
    krylov = w.student_losses(setting, teachers, GRID, w.FiniteStudent(setting, V, method="krylov"))
    np.testing.assert_allclose(krylov, dense, rtol=1e-8, atol=1e-13)


def test_krylov_is_exact_when_the_space_is_exhausted():
    d = 5
    setting = w.ReLUSphere(d)
    T = w.fit_teacher(setting, w.sphere_weights(6, d, 0), w.random_direction(d, 1))
    V = w.sphere_weights(24, d, 2)
    dense = w.student_losses(setting, T, GRID, V)
    krylov = w.student_losses(setting, T, GRID, w.FiniteStudent(setting, V, method="krylov"))
    np.testing.assert_allclose(krylov, dense, rtol=1e-9, atol=1e-13)


def test_too_few_krylov_steps_warn_and_report_a_larger_error(fig2_like):
    setting, teachers = fig2_like
    S = w.FiniteStudent(setting, w.sphere_weights(1024, setting.d, 3), method="krylov", max_steps=8)
    with pytest.warns(w.PrecisionWarning, match="Krylov quadrature stopped after 8 steps"):
        err = w.solver_error(setting, teachers, S)
    assert np.max(err) > 1e-9


def test_auto_method_picks_dense_then_krylov():
    setting = w.ReLUSphere(3)
    assert w.FiniteStudent(setting, w.sphere_weights(10, 3, 0)).method == "dense"
    assert w.FiniteStudent(setting, w.sphere_weights(4097, 3, 0)).method == "krylov"


@pytest.mark.slow
def test_finite_width_excess_falls_like_one_over_width():
    """Seed-mean excess of L*_ST over its infinite-width value ~ M_ST^{-1}."""
    d = 32
    setting = w.ReLUSphere(d)
    teachers = [w.fit_teacher(setting, w.sphere_weights(64, d, 100 + s), w.random_direction(d, 200 + s))
                for s in range(3)]
    L_inf = w.best_stopping(setting, teachers).loss
    widths = np.array([512, 1024, 2048, 4096])
    excess = []
    for M in widths:
        per_student = [w.best_stopping(setting, teachers, w.FiniteStudent(
            setting, w.sphere_weights(M, d, 300 + s), method="krylov")).loss - L_inf for s in range(3)]
        excess.append(np.mean(per_student))
    excess = np.array(excess)
    assert np.all(excess > 0)
    slope = np.polyfit(np.log(widths), np.log(excess), 1)[0]
    assert -1.3 <= slope <= -0.7, f"log-log slope {slope:.3f}"


def test_singular_student_gram_is_handled_by_both_methods():
    """Duplicate student rows make Ĝ singular: no NaN, and dense and Krylov agree."""
    d = 8
    setting = w.ReLUSphere(d)
    T = w.fit_teacher(setting, w.sphere_weights(16, d, 0), w.random_direction(d, 1))
    V = w.sphere_weights(150, d, 2)
    V = np.vstack([V, V[:50]])
    dense = w.student_losses(setting, T, GRID, w.FiniteStudent(setting, V, method="dense"))
    krylov = w.student_losses(setting, T, GRID, w.FiniteStudent(setting, V, method="krylov"))
    assert np.all(np.isfinite(dense)) and np.all(np.isfinite(krylov))
    np.testing.assert_allclose(krylov, dense, rtol=1e-8, atol=1e-13)
    # duplicating features changes nothing about the span: same converged student
    single = w.student_losses(setting, T, [np.inf], V[:150])
    assert dense[-1] == pytest.approx(single[0], rel=1e-9)


@pytest.mark.parametrize("M, block, tile", [(300, 128, 64), (257, 2048, 256), (1000, 100, 37)])
def test_blocked_gram_is_exact_and_symmetric(M, block, tile):
    from w2s_lib._finite import gram_matrix

    setting = w.ReLUSphere(8)
    V = w.sphere_weights(M, 8, 4)
    G = gram_matrix(setting, V, block_rows=block, tile=tile)
    assert np.array_equal(G, G.T)
    np.testing.assert_allclose(G, setting.feature_gram(V), rtol=0, atol=1e-15)
