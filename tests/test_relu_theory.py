"""The ReLU chapter's propositions against the exact solvers (book: ReLU chapter).

`degree_bound` (the upper bound from the teacher's error by degree) is checked against the
infinite-width student computed by the general spectral solver, which sums every degree
through the addition theorem and shares no code with the bound. The eigenspace floor is
checked on every student to which it applies.
"""

import numpy as np
import pytest

import w2s_lib as w

TIMES = np.concatenate([[0.0], np.logspace(-1, 9, 201), [np.inf]])


def _relu_teachers(d, sizes, seed):
    rng = np.random.default_rng([2718, d, seed])
    beta = w.random_direction(d, rng)
    setting = w.ReLUSphere(d)
    return setting, [w.fit_teacher(setting, W, beta) for W in w.nested_weights(sizes, d, rng)]


# teacher sizes per dimension: from far below d to far above it (small d needs many degrees
# per curve, so its largest teacher is kept moderate)
SIZES = {8: [4, 16, 64], 16: [8, 32, 128], 32: [16, 64, 256]}
CASES = [(d, seed) for d in SIZES for seed in range(2)]


@pytest.mark.parametrize("d, seed", CASES)
def test_degree_bound_sandwiches_the_exact_student_curve(d, seed):
    setting, teachers = _relu_teachers(d, SIZES[d], seed)
    for T in teachers:
        exact = w.student_losses(setting, T, TIMES)
        bound = w.degree_bound(T.setting, T, TIMES)
        assert np.all(bound.upper >= exact - 1e-12 * T.target_norm2), T
        assert np.all(bound.lower <= exact + 1e-12 * T.target_norm2), T


@pytest.mark.parametrize("d, seed", CASES)
def test_best_bounds_bracket_the_best_student(d, seed):
    setting, teachers = _relu_teachers(d, SIZES[d], seed)
    best = w.best_stopping(setting, teachers)
    for T, L_best in zip(teachers, best.loss):
        b = w.degree_bound(T.setting, T)
        assert b.best_lower <= L_best * (1 + 1e-9) + 1e-15
        assert L_best <= b.best_upper * (1 + 1e-9)
        assert b.best_upper <= b.simple * (1 + 1e-12)       # the simple form is weaker
        assert b.best_lower <= b.best_upper


def test_degree_bound_is_exact_at_both_ends():
    """t = 0: the student is zero, loss ‖f*‖²; t = ∞: it is the teacher, loss L_TE."""
    _, teachers = _relu_teachers(16, [8, 64], 0)
    for T in teachers:
        b = w.degree_bound(T.setting, T, [0.0, np.inf])
        assert b.upper[0] == pytest.approx(T.target_norm2, rel=1e-14)
        assert b.upper[1] == pytest.approx(T.loss, rel=1e-12)


@pytest.mark.parametrize("d", [8, 32])
def test_degrees_0_and_1_enter_exactly(d):
    """lower(t) + Σ_{ℓ=4,6,…} s_ℓ² E_ℓ is the whole loss: the bound drops nothing else.

    Degrees 4 … 40 are added from the degree profile; the rest is below s_42(t)² L_TE, which
    is below 1e-12 L_TE on the times used (t ≤ 1e6 at d = 8, every t at d = 32 up to 1e9).
    """
    setting, teachers = _relu_teachers(d, [16, 128], 1)
    t = np.logspace(0, 6 if d == 8 else 9, 61)
    K = 40
    for T in teachers:
        prof = w.degree_profile(T.setting, T, max_degree=K)
        high = np.arange(4, K + 1, 2)
        s = -np.expm1(-np.outer(t, prof.eigenvalues[high]))
        rebuilt = w.degree_bound(T.setting, T, t).lower + (s**2) @ prof.error[high]
        np.testing.assert_allclose(rebuilt, w.student_losses(setting, T, t), rtol=1e-9, atol=1e-13)


def test_degree_bound_is_tight_for_the_figure_2_teachers():
    """At d = 32 the error above degree 2 is small and learnt late: bound/exact below 1.1."""
    for seed in range(2):
        setting, teachers = _relu_teachers(32, [16, 64, 256], seed)
        best = w.best_stopping(setting, teachers)
        ratios = np.array([w.degree_bound(T.setting, T).best_upper for T in teachers]) / best.loss
        assert np.all(ratios < 1.1), ratios


def test_degree_bound_matches_the_textbook_simple_form():
    """simple = min_t [(e^{-tμ_1} + √E_1)² + E_0 + (tμ_2)² E_{≥2}], recomputed on a fine grid."""
    _, teachers = _relu_teachers(32, [64], 2)
    T = teachers[0]
    b = w.degree_bound(T.setting, T)
    E0, E1, _, E_ge2, _ = b.error_by_degree
    mu = w.relu_eigenvalues(32, [1, 2])
    t = np.logspace(1, 5, 200001)
    grid_min = np.min((np.exp(-t * mu[0]) + np.sqrt(E1)) ** 2 + E0 + (t * mu[1]) ** 2 * E_ge2)
    assert b.simple == pytest.approx(grid_min, rel=1e-7)
    assert E_ge2 == pytest.approx(T.loss - E0 - E1)


def test_degree_bound_checks_its_arguments():
    setting, (T,) = _relu_teachers(8, [16], 0)
    with pytest.raises(TypeError, match="teacher must be a Teacher"):
        w.degree_bound(setting, "teacher")
    with pytest.raises(TypeError, match="setting must be a Setting"):
        w.degree_bound("setting", T)
    with pytest.raises(ValueError, match="times must be non-negative"):
        w.degree_bound(T.setting, T, [-1.0])
    quad = w.ZonalTarget([(1, 0.8, np.eye(8)[0]), (2, 0.6, np.eye(8)[1])])
    Tq = w.fit_teacher(setting, w.sphere_weights(16, 8, 1), quad)
    with pytest.raises(ValueError, match="linear target"):
        w.degree_bound(setting, Tq)
    lin = w.LinearGaussian(np.ones(8))
    Tl = w.fit_teacher(lin, w.gaussian_weights(4, 8, 0), np.eye(8)[0])
    with pytest.raises(TypeError, match="ReLUSphere"):
        w.degree_bound(lin, Tl)


# --- the eigenspace floor: f* in one eigenspace of 𝒯 gives L_ST >= (1 - g(μ)(1 - L_TE))² >= L_TE²


@pytest.mark.parametrize("d, seed", CASES)
def test_eigenspace_floor_for_the_infinite_width_relu_student_and_a_linear_target(d, seed):
    setting, teachers = _relu_teachers(d, SIZES[d], seed)
    mu1 = w.relu_eigenvalues(d, [1])[0]
    rhos = np.concatenate([[0.0], np.logspace(-8, 2, 101)])
    L = np.array([T.loss for T in teachers])
    floor_flow = (1 - (-np.expm1(-TIMES * mu1))[None] * (1 - L)[:, None]) ** 2
    assert np.all(w.student_losses(setting, teachers, TIMES) >= floor_flow - 1e-12)
    floor_ridge = (1 - (mu1 / (mu1 + rhos))[None] * (1 - L)[:, None]) ** 2
    assert np.all(w.ridge_losses(setting, teachers, rhos) >= floor_ridge - 1e-12)
    assert np.all(w.best_stopping(setting, teachers).loss >= L**2 * (1 - 1e-12))


def test_eigenspace_floor_for_a_degree_2_target():
    """A degree-2 harmonic is an eigenfunction of 𝒯 (eigenvalue μ_2): the floor holds too."""
    d = 8
    setting = w.ReLUSphere(d)
    mu2 = w.relu_eigenvalues(d, [2])[0]
    for seed in range(3):
        rng = np.random.default_rng([31, seed])
        target = w.ZonalTarget([(2, 1.0, w.random_direction(d, rng))])
        for W in w.nested_weights([16, 64, 128], d, rng):
            T = w.fit_teacher(setting, W, target)
            floor = (1 - (-np.expm1(-TIMES * mu2)) * (1 - T.loss)) ** 2
            assert np.all(w.student_losses(setting, T, TIMES) >= floor - 1e-12)


def test_eigenspace_floor_for_the_linear_family_and_its_equality_case():
    """f* = x_1 is an eigenfunction of Σ; at the floor's equality g(μ) = 1 only t = ∞ qualifies."""
    for m in (16, 64):
        d = int(round(m**1.5))
        setting = w.LinearGaussian.diagonal_family(d, 1, 1.0 / d)
        T = w.fit_teacher(setting, w.gaussian_weights(m, d, 3), np.eye(d)[0])
        floor = (1 - (-np.expm1(-TIMES)) * (1 - T.loss)) ** 2      # μ = σ_1² = 1
        exact = w.student_losses(setting, T, TIMES)
        assert np.all(exact >= floor - 1e-12)
        assert np.all(floor >= T.loss**2 - 1e-15)
