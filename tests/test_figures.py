"""The figure sweeps return, field by field, what the public functions give for the same teachers."""

import numpy as np
import pytest

import w2s_lib as w

TIMES = np.array([0.0, 1.0, 100.0, 1e4, np.inf])


def test_relu_sweep_agrees_with_the_public_functions():
    d, sizes, seed = 8, [4, 8], 3
    sw = w.figures.relu_sweep(d, sizes, n_seeds=2, times=TIMES, student_width=48, n_students=1, seed=seed)
    assert sw.teacher_loss.shape == (2, 2) and sw.infinite.curves.shape == (2, 2, TIMES.size)
    assert sw.finite.best_loss.shape == (1, 2, 2)
    setting = w.ReLUSphere(d)
    for s in range(2):                                   # the documented seed rule, redone by hand
        rng = np.random.default_rng([seed, s])
        beta = w.random_direction(d, rng)
        for j, W in enumerate(w.nested_weights(sizes, d, rng)):
            T = w.fit_teacher(setting, W, beta)
            assert sw.teacher_loss[s, j] == pytest.approx(T.loss, rel=1e-12)
            np.testing.assert_allclose(sw.infinite.curves[s, j], w.student_losses(setting, T, TIMES), rtol=1e-12)
            best = w.best_stopping(setting, T)
            assert sw.infinite.best_loss[s, j] == pytest.approx(best.loss, rel=1e-10)
            assert sw.infinite.converged[s, j] == pytest.approx(T.loss, rel=1e-9)
            assert sw.infinite.ceiling[s, j] == pytest.approx(w.best_ceiling(setting, T).loss, abs=1e-14)
            assert sw.infinite.alignment[s, j] == pytest.approx(
                w.alignment(setting, T, [sw.infinite.best_time[s, j]])[0], rel=1e-10)
    V = w.sphere_weights(48, d, np.random.default_rng([seed, 1_000_000]))
    student = w.FiniteStudent(setting, V)
    T = sw.teachers[3]                                   # row-major over (seed, size): seed 1, size 8
    assert sw.finite.best_loss[0, 1, 1] == pytest.approx(w.best_stopping(setting, T, student).loss, rel=1e-9)
    assert sw.finite.converged[0, 1, 1] == pytest.approx(w.student_losses(setting, T, [np.inf], student)[0],
                                                         rel=1e-10)
    assert sw.finite.ceiling[0, 1, 1] == pytest.approx(w.best_ceiling(setting, T, student).loss, rel=1e-9)
    t_best = sw.finite.best_time[0, 1, 1]
    assert sw.finite.ceiling_at_best[0, 1, 1] == pytest.approx(
        w.ceiling_losses(setting, T, [t_best], student)[0], rel=1e-9)
    assert sw.finite.ceiling_at_best[0, 1, 1] >= sw.finite.ceiling[0, 1, 1] * (1 - 1e-12)


def test_linear_sweep_agrees_with_the_closed_form_curve():
    sizes = [4, 8]
    sw = w.figures.linear_sweep(sizes, n_seeds=2, times=TIMES, rule="1/d", seed=1)
    np.testing.assert_array_equal(sw.dims, [8, 23])
    np.testing.assert_allclose(sw.eps, 1.0 / sw.dims)
    for s in range(2):
        for j in range(2):
            want = w.diagonal_family_losses(sw.teacher_loss[s, j], sw.eps[j], TIMES)
            np.testing.assert_allclose(sw.infinite.curves[s, j], want, rtol=1e-9, atol=1e-15)
    assert np.all(np.abs(sw.infinite.converged / sw.teacher_loss - 1) < 1e-10)
    assert np.all(sw.infinite.ceiling < 1e-12)        # x_1 is learnt exactly at t = ∞
    with pytest.raises(ValueError, match="rule must be"):
        w.figures.linear_sweep(sizes, 1, TIMES, rule="1/d^2")


def test_even_target_sweep_follows_its_documented_seed_recipe_and_validates():
    L, R, share = w.figures.even_target_sweep(8, [8, 16], [(2, 1.0)], n_seeds=2, seed=5)
    assert L.shape == R.shape == share.shape == (2, 2)
    rng = np.random.default_rng([5, 8, 1])
    target = w.ZonalTarget([(2, 1.0, w.random_direction(8, rng))])
    relu = w.ReLUSphere(8)
    teachers = [w.fit_teacher(relu, W, target) for W in w.nested_weights([8, 16], 8, rng)]
    assert L[1] == pytest.approx([T.loss for T in teachers], rel=1e-12)
    assert R[1] == pytest.approx(w.best_stopping(relu, teachers).ratio, rel=1e-12)
    assert np.all((share > 0) & (share <= 1 + 1e-12)) and np.all(R < 1)
    with pytest.raises(ValueError, match="terms"):
        w.figures.even_target_sweep(8, [8], [(3, 1.0)], n_seeds=1)
    with pytest.raises(ValueError, match="terms"):
        w.figures.even_target_sweep(8, [8], [], n_seeds=1)
    with pytest.raises(ValueError, match="n_seeds"):
        w.figures.even_target_sweep(8, [8], [(2, 1.0)], n_seeds=0)
