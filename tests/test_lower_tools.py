"""Tools of the lower-bound chapter: rounds, alignment, RKHS norms, best ridge, the diagonal ridge curve."""

import numpy as np
import pytest

import w2s_lib as w


@pytest.fixture(scope="module")
def case():
    d = 16
    setting = w.ReLUSphere(d)
    teachers = [w.fit_teacher(setting, W, w.random_direction(d, 1)) for W in w.nested_weights([16, 64], d, 2)]
    V = w.sphere_weights(400, d, 3)
    return setting, teachers, V


def test_one_round_is_the_student_and_rounds_compose_like_student_as_teacher(case):
    setting, teachers, V = case
    T = teachers[1]
    times = np.array([0.0, 30.0, 300.0, np.inf])
    for W_student in (None, V):
        np.testing.assert_allclose(w.rounds_losses(setting, T, times[:, None], W_student),
                                   w.student_losses(setting, T, times, W_student), rtol=1e-12, atol=1e-15)
    for t1, t2 in [(50.0, 200.0), (400.0, 1e4), (1e3, np.inf)]:
        first = w.student_as_teacher(setting, T, t1, V)
        direct = w.student_losses(setting, first, [t2], V)[0]
        assert w.rounds_losses(setting, T, [[t1, t2]], V)[0] == pytest.approx(direct, rel=1e-8)


def test_alignment_matches_direct_projections(case):
    setting, teachers, V = case
    T = teachers[0]
    # finite width, t = inf: share of the teacher's error inside the student's span
    G = setting.feature_gram(V)
    m_e = setting.target_moments(V, T.target) - setting.feature_gram(V, T.weights) @ T.unscaled_coef
    c = np.linalg.lstsq(G, m_e, rcond=None)[0]
    assert w.alignment(setting, T, [np.inf], V)[0] == pytest.approx((c @ m_e) / T.loss, rel=1e-8)
    assert w.alignment(setting, T, [0.0], V)[0] == 0.0
    # infinite width: every component of the error has mu > 0 for a linear target
    assert w.alignment(setting, T, [np.inf])[0] == pytest.approx(1.0, rel=1e-10)
    # dense and Krylov agree
    t = np.array([10.0, 500.0, 1e5])
    np.testing.assert_allclose(w.alignment(setting, teachers, t, w.FiniteStudent(setting, V, method="krylov")),
                               w.alignment(setting, teachers, t, V), rtol=1e-7, atol=1e-12)


def test_alignment_in_the_diagonal_family_has_its_closed_form():
    m = 32
    d = int(round(m**1.5))
    eps = 1 / d
    setting = w.LinearGaussian.diagonal_family(d, 1, eps)
    T = w.fit_teacher(setting, w.gaussian_weights(m, d, 0), np.eye(d)[0])
    t = np.array([1.0, 10.0, 1e3, np.inf])
    L = T.loss
    s1 = np.where(np.isinf(t), 1, 1 - np.exp(-np.where(np.isinf(t), 0, t)))
    se = np.where(np.isinf(t), 1, 1 - np.exp(-eps * np.where(np.isinf(t), 0, t)))
    expected = (s1**2 * L**2 + se**2 * L * (1 - L)) / L
    np.testing.assert_allclose(w.alignment(setting, T, t), expected, rtol=1e-9)


def test_rkhs_norms_match_direct_solves(case):
    setting, teachers, V = case
    T = teachers[1]
    M = V.shape[0]
    Ghat = setting.feature_gram(V) / M
    m_te = setting.feature_gram(V, T.weights) @ T.unscaled_coef
    for rho in (1e-6, 1e-3, 1e-1):
        a = np.linalg.solve(Ghat + rho * np.eye(M), m_te / np.sqrt(M))
        assert w.ridge_norms(setting, T, [rho], V)[0] == pytest.approx(np.linalg.norm(a), rel=1e-8)
    for t in (10.0, 1e3):
        a = w.student_as_teacher(setting, T, t, V).coef
        assert w.student_norms(setting, T, [t], V)[0] == pytest.approx(np.linalg.norm(a), rel=1e-8)
    with pytest.raises(ValueError, match="not available"):
        w.student_norms(setting, T, [1.0], None)
    with pytest.raises(ValueError, match="kind must be"):
        w.student_norms(setting, T, [1.0], V, kind="other")


def test_best_ridge_is_a_minimum_and_above_the_limit(case):
    setting, teachers, V = case
    for W_student in (None, V):
        r = w.best_ridge(setting, teachers, W_student)
        for i, T in enumerate(teachers):
            grid = r.ridge[i] * np.exp(np.linspace(-0.1, 0.1, 101))
            assert r.loss[i] <= w.ridge_losses(setting, T, grid, W_student).min() + 1e-14
            assert r.loss[i] >= w.quadratic_lower_bound(T.loss)
    with pytest.raises(ValueError, match="rounds must be a non-empty 2-D array"):
        w.rounds_losses(setting, teachers[0], [1.0, 2.0])


@pytest.mark.parametrize("m, rule", [(16, "1/d"), (64, "1/d"), (32, "1/M")])
def test_diagonal_family_ridge_curve_matches_the_general_solver(m, rule):
    d = int(round(m**1.5))
    eps = 1 / d if rule == "1/d" else 1 / m
    setting = w.LinearGaussian.diagonal_family(d, 1, eps)
    target = np.eye(d)[0]
    teachers = [w.fit_teacher(setting, w.gaussian_weights(m, d, s), target) for s in range(3)]
    rhos = np.concatenate([[0.0], np.logspace(-10, 3, 27), [np.inf]])
    general = w.ridge_losses(setting, teachers, rhos)
    closed = w.diagonal_family_ridge_losses([T.loss for T in teachers], eps, rhos)
    np.testing.assert_allclose(closed, general, rtol=1e-9, atol=1e-14)
    # the curve's best point is the library's best ridge student
    fine = np.logspace(-10, 1, 20001)
    best = w.best_ridge(setting, teachers).loss
    np.testing.assert_allclose(w.diagonal_family_ridge_losses([T.loss for T in teachers], eps, fine).min(axis=1),
                               best, rtol=1e-6)


def test_diagonal_family_ridge_curve_limits():
    L = np.array([0.0, 0.3, 1.0])
    out = w.diagonal_family_ridge_losses(L, 0.01, [0.0, np.inf])
    np.testing.assert_allclose(out[:, 0], L, atol=1e-15)      # rho = 0: the teacher itself
    np.testing.assert_allclose(out[:, 1], 1.0)                 # rho = inf: the zero function
    # best ridge over L_TE^2 tends to min_x (1 + x)^2 + c/x^2 when eps^2 = c L_TE^3, L_TE -> 0
    x = np.linspace(0.05, 5, 400001)
    rhos = np.geomspace(1e-12, 1.0, 200001)
    for c in (0.5, 1.0, 2.0):
        Lte = 1e-6
        best = w.diagonal_family_ridge_losses(Lte, np.sqrt(c * Lte**3), rhos).min() / Lte**2
        assert best == pytest.approx(np.min((1 + x) ** 2 + c / x**2), rel=5e-3)
    assert np.min((1 + x) ** 2 + 1 / x**2) == pytest.approx(4.7996, abs=1e-4)
    # the early-stopped student's constant tends to 1 in the same regime
    Lte = 1e-6
    t = np.linspace(0, 60, 60001)
    assert w.diagonal_family_losses(Lte, np.sqrt(Lte**3), t).min() / Lte**2 == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(teacher_loss=1.5, eps=0.1, ridges=[1.0]), ValueError, "teacher_loss"),
    (dict(teacher_loss=[[0.1]], eps=0.1, ridges=[1.0]), ValueError, "teacher_loss"),
    (dict(teacher_loss=0.1, eps="x", ridges=[1.0]), TypeError, "eps"),
    (dict(teacher_loss=0.1, eps=[0.1, 0.2], ridges=[1.0]), TypeError, "eps"),
    (dict(teacher_loss=0.1, eps=0.0, ridges=[1.0]), ValueError, "eps"),
    (dict(teacher_loss=0.1, eps=np.nan, ridges=[1.0]), ValueError, "eps"),
    (dict(teacher_loss=0.1, eps=0.1, ridges=[-1.0]), ValueError, "ridges"),
    (dict(teacher_loss=0.1, eps=0.1, ridges=[np.nan]), ValueError, "ridges"),
])
def test_diagonal_family_ridge_curve_validates(kwargs, error, name):
    with pytest.raises(error, match=name):
        w.diagonal_family_ridge_losses(**kwargs)
