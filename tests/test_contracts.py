"""One return contract, and the deprecated names that still work for one release."""

import inspect

import numpy as np
import pytest

import w2s_lib as w

D = 8


@pytest.fixture(scope="module")
def case():
    setting = w.ReLUSphere(D)
    teachers = [w.fit_teacher(setting, W, w.random_direction(D, 1)) for W in w.nested_weights([8, 16, 32], D, 2)]
    student = w.FiniteStudent(setting, w.sphere_weights(64, D, 3))
    return setting, teachers, student


@pytest.mark.parametrize("metric", [w.best_stopping, w.best_ridge, w.best_ceiling])
@pytest.mark.parametrize("finite", [False, True])
def test_one_teacher_gives_floats_and_a_list_gives_arrays(case, metric, finite):
    setting, teachers, student = case
    W_student = student if finite else None
    one = metric(setting, teachers[1], W_student)
    many = metric(setting, teachers, W_student)
    for field in ("loss", "teacher_loss", "ratio", "ridge" if metric is w.best_ridge else "time"):
        x, xs = getattr(one, field), getattr(many, field)
        assert type(x) is float, f"{metric.__name__}.{field} for one teacher is {type(x).__name__}"
        assert isinstance(xs, np.ndarray) and xs.shape == (len(teachers),)
        if field in ("loss", "teacher_loss", "ratio"):   # the minimiser of a flat minimum is ill-conditioned
            assert x == pytest.approx(xs[1], rel=1e-9)


def test_solver_error_follows_the_contract(case):
    setting, teachers, student = case
    assert type(w.solver_error(setting, teachers[0])) is float
    assert w.solver_error(setting, teachers, student).shape == (3,)


def test_curves_keep_their_index_axis(case):
    setting, teachers, _ = case
    t = [0.0, 1.0, np.inf]
    assert w.student_losses(setting, teachers[0], t).shape == (3,)
    assert w.student_losses(setting, teachers, t).shape == (3, 3)


def test_best_ridge_names_its_index_a_ridge(case):
    setting, teachers, student = case
    r = w.best_ridge(setting, teachers[2], student)
    grid = r.ridge * np.exp(np.linspace(-0.05, 0.05, 41))
    assert r.loss <= w.ridge_losses(setting, teachers[2], grid, student).min() + 1e-14
    with pytest.warns(DeprecationWarning, match="BestRidge.time"):
        assert r.time == r.ridge


def test_deprecated_names_warn_and_agree_with_the_new_ones(case):
    setting, teachers, student = case
    T = teachers[1]
    with pytest.warns(DeprecationWarning, match="ceiling_loss is deprecated"):
        old = w.ceiling_loss(setting, T, student)
    assert old == w.best_ceiling(setting, T, student)
    with pytest.warns(DeprecationWarning, match="student_error is deprecated"):
        assert w.student_error(setting, T) == w.solver_error(setting, T)
    rhos = [10.0, 0.1]
    with pytest.warns(DeprecationWarning, match="kind=.*is deprecated"):
        old = w.student_norms(setting, T, rhos, student, kind="ridge")
    np.testing.assert_array_equal(old, w.ridge_norms(setting, T, rhos, student))
    with pytest.warns(DeprecationWarning, match="degree_profile.teacher"):
        old = w.degree_profile(T, max_degree=4)
    np.testing.assert_array_equal(old.error, w.degree_profile(setting, T, max_degree=4).error)
    with pytest.warns(DeprecationWarning, match="degree_bound.teacher"):
        old = w.degree_bound(T, [1.0])
    np.testing.assert_array_equal(old.upper, w.degree_bound(setting, T, [1.0]).upper)


def test_deprecation_warnings_name_the_callers_line(case):
    setting, teachers, _ = case
    with pytest.warns(DeprecationWarning) as record:
        w.student_error(setting, teachers[0])
    assert record[0].filename == __file__


TAKES_W_STUDENT = sorted(name for name in w.__all__ if callable(getattr(w, name)) and not isinstance(getattr(w, name), type)
                         and "W_student" in inspect.signature(getattr(w, name)).parameters)


@pytest.mark.parametrize("name", TAKES_W_STUDENT)
def test_passing_an_array_as_the_student_is_documented_as_a_new_factorisation(name):
    """Either the docstring says so, or it points to student_losses / best_stopping, which do."""
    doc = " ".join(getattr(w, name).__doc__.split())
    if doc.startswith("Deprecated"):
        return
    says = "O(M_ST³)" in doc and "every call" in doc
    points = "as in :func:`student_losses`" in doc or "as in :func:`best_stopping`" in doc
    assert says or points, name


def test_the_functions_taking_a_student_are_found():
    assert {"student_losses", "best_stopping", "alignment", "solver_error"} <= set(TAKES_W_STUDENT)


def test_ratio_of_a_perfect_teacher_is_not_a_crash():
    setting = w.LinearGaussian(np.ones(3))
    T = w.fit_teacher(setting, np.eye(3), np.array([1.0, 0.0, 0.0]))     # the teacher is exact: L_TE = 0
    best = w.best_stopping(setting, T)
    assert T.loss == 0.0
    assert type(best.ratio) is float and not np.isfinite(best.ratio)     # 0/0 is nan, not an exception


def test_huge_times_and_tiny_ridges_are_finite_and_tend_to_the_converged_student():
    setting = w.ReLUSphere(8)
    T = w.fit_teacher(setting, w.sphere_weights(16, 8, 0), w.random_direction(8, 1))
    L = w.student_losses(setting, T, [1e200, np.inf])
    R = w.ridge_losses(setting, T, [1e-200, 0.0])
    assert np.all(np.isfinite(L)) and np.all(np.isfinite(R))
    assert L[0] == pytest.approx(L[1], rel=1e-9) and R[0] == pytest.approx(R[1], rel=1e-9)
