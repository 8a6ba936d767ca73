"""The API does what it says: equal settings are interchangeable, inputs are copied, warnings
point at the caller's line."""

import pathlib
import warnings

import numpy as np
import pytest

import w2s_lib as w

D = 8
TIMES = np.array([0.0, 0.1, 1.0, 10.0, 1e3, np.inf])


# ---------------------------------------------------------------------------
# equality and hashing


def test_relu_settings_are_equal_by_dimension():
    a, b = w.ReLUSphere(D), w.ReLUSphere(float(D))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != w.ReLUSphere(D + 1)
    assert a != w.LinearGaussian(np.ones(D))
    assert repr(a) != repr(w.ReLUSphere(D + 1))


def test_linear_settings_with_equal_variances_are_equal_and_hash_equal():
    v = np.array([1.0] + [1.0 / D] * (D - 1))
    a, b = w.LinearGaussian(v), w.LinearGaussian(list(v))
    c = w.LinearGaussian.diagonal_family(D, 1, 1.0 / D)
    assert a == b == c
    assert hash(a) == hash(b) == hash(c)
    assert len({a, b, c}) == 1 and {a: 1}[c] == 1
    assert repr(a) == repr(c)


@pytest.mark.parametrize("other", [
    np.ones(D),                                                    # other values
    np.array([1.0] + [np.nextafter(1.0 / D, 1.0)] + [1.0 / D] * (D - 2)),  # one ulp apart
    np.array([1.0] + [1.0 / D] * D),                               # other dimension
    np.linspace(1.0, 2.0, D),                                      # many runs: summary + digest
])
def test_unequal_linear_settings_differ_in_equality_and_repr(other):
    base = w.LinearGaussian.diagonal_family(D, 1, 1.0 / D)
    s = w.LinearGaussian(other)
    assert s != base and base != s
    assert repr(s) != repr(base)
    assert repr(w.LinearGaussian(np.linspace(1.0, 2.0, D))) != repr(w.LinearGaussian(np.linspace(1.0, 2.0001, D)))


def test_linear_repr_summarises_the_variances():
    assert repr(w.LinearGaussian.diagonal_family(D, 1, 0.125)) == "LinearGaussian(d=8, variances: 1.0 ×1, 0.125 ×7)"
    assert "variances in [1, 2]" in repr(w.LinearGaussian(np.linspace(1.0, 2.0, D)))


def test_equal_linear_settings_are_interchangeable_everywhere():
    """A teacher fitted in LinearGaussian(v) is evaluated in another LinearGaussian(v)."""
    v = np.array([1.0] + [1.0 / D] * (D - 1))
    fit_in, use_in = w.LinearGaussian(v), w.LinearGaussian(v.copy())
    T = w.fit_teacher(fit_in, w.gaussian_weights(4, D, 0), np.eye(D)[0])
    V = w.gaussian_weights(6, D, 1)
    S_fit, S_use = w.FiniteStudent(fit_in, V), w.FiniteStudent(use_in, V)
    for W_student in (None, V, S_fit):
        for f, arg in ((w.student_losses, TIMES), (w.ridge_losses, TIMES), (w.ceiling_losses, TIMES),
                       (w.alignment, TIMES)):
            np.testing.assert_array_equal(f(use_in, T, arg, W_student), f(fit_in, T, arg, W_student))
        np.testing.assert_array_equal(w.best_stopping(use_in, T, W_student).loss,
                                      w.best_stopping(fit_in, T, W_student).loss)
        np.testing.assert_array_equal(w.best_ridge(use_in, T, W_student).loss,
                                      w.best_ridge(fit_in, T, W_student).loss)
        np.testing.assert_array_equal(w.best_ceiling(use_in, T, W_student).loss,
                                      w.best_ceiling(fit_in, T, W_student).loss)
        np.testing.assert_array_equal(w.rounds_losses(use_in, T, [[1.0, 2.0]], W_student),
                                      w.rounds_losses(fit_in, T, [[1.0, 2.0]], W_student))
        assert w.solver_error(use_in, T, W_student) == w.solver_error(fit_in, T, W_student)
        np.testing.assert_array_equal(w.student_norms(use_in, T, TIMES, W_student),
                                      w.student_norms(fit_in, T, TIMES, W_student))
    assert w.student_as_teacher(use_in, T, 2.0, S_fit).loss == w.student_as_teacher(fit_in, T, 2.0, S_use).loss
    # and unequal settings are still refused
    with pytest.raises(ValueError, match="teacher was fitted in"):
        w.student_losses(w.LinearGaussian(np.ones(D)), T, TIMES)
    with pytest.raises(ValueError, match="W_student was prepared in"):
        w.student_losses(fit_in, T, TIMES, w.FiniteStudent(w.LinearGaussian(np.ones(D)), V))


def test_zonal_targets_are_equal_by_their_terms():
    e0, e1 = np.eye(D)[0], np.eye(D)[1]
    a = w.ZonalTarget([(1, 0.8, e0), (2, 0.6, e1)])
    b = w.ZonalTarget([(1.0, 0.8, list(e0)), (2, 0.6, e1.copy())])
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != w.ZonalTarget([(1, 0.8, e0), (2, 0.5, e1)])
    assert a != w.ZonalTarget([(1, 0.8, e0), (4, 0.6, e1)])
    assert a != w.ZonalTarget([(1, 0.8, e0)])
    assert a != e0
    # -0.0 and 0.0 compare equal, so they must hash equal
    minus = -0.0 * e1 + e0
    assert w.ZonalTarget([(2, 1.0, minus)]) == w.ZonalTarget([(2, 1.0, e0)])
    assert hash(w.ZonalTarget([(2, 1.0, minus)])) == hash(w.ZonalTarget([(2, 1.0, e0)]))


# ---------------------------------------------------------------------------
# inputs are copied, never aliased


def _spoil(*arrays):
    for a in arrays:
        a[...] = 0.5 * np.asarray(a)[::-1] + 1.0


def test_fit_teacher_copies_its_weights_and_target():
    setting = w.ReLUSphere(D)
    W, beta = w.sphere_weights(5, D, 0), w.random_direction(D, 1)
    T = w.fit_teacher(setting, W, beta)
    before = (T.weights.copy(), T.target.copy(), T.coef.copy(), T.loss,
              w.student_losses(setting, T, TIMES), w.student_losses(setting, T, TIMES, w.sphere_weights(9, D, 2)))
    assert T.weights is not W and T.target is not beta
    _spoil(W, beta)
    after = (T.weights, T.target, T.coef, T.loss,
             w.student_losses(setting, T, TIMES), w.student_losses(setting, T, TIMES, w.sphere_weights(9, D, 2)))
    for x, y in zip(before, after):
        np.testing.assert_array_equal(x, y)
    for arr in (T.weights, T.target, T.coef):
        assert not arr.flags.writeable


def test_hand_built_teacher_copies_its_arrays():
    setting = w.LinearGaussian([1.0, 1e-2])
    weights, target, coef = np.eye(2), np.array([1.0, 0.0]), np.array([1.0, 0.5])
    T = w.Teacher(setting=setting, weights=weights, target=target, coef=coef, loss=0.1,
                  target_norm2=1.0, rank=2, cond=100.0)
    L = w.student_losses(setting, T, TIMES)
    _spoil(weights, target, coef)
    np.testing.assert_array_equal(w.student_losses(setting, T, TIMES), L)
    np.testing.assert_array_equal(T.weights, np.eye(2))


def test_finite_student_copies_its_weights():
    setting = w.ReLUSphere(D)
    T = w.fit_teacher(setting, w.sphere_weights(5, D, 0), w.random_direction(D, 1))
    for method in ("dense", "krylov"):
        V = w.sphere_weights(30, D, 3)
        S = w.FiniteStudent(setting, V, method=method)
        L = w.student_losses(setting, T, TIMES, S)
        _spoil(V)
        np.testing.assert_array_equal(w.student_losses(setting, T, TIMES, S), L)
        assert S.weights is not V and not S.weights.flags.writeable


def test_linear_setting_copies_its_variances_and_leaves_the_input_writable():
    v = np.array([1.0, 0.5, 0.25, 0.125])
    s = w.LinearGaussian(v)
    T = w.fit_teacher(s, w.gaussian_weights(3, 4, 0), np.eye(4)[0])
    L = w.student_losses(s, T, TIMES)
    assert v.flags.writeable  # the caller's array is not frozen
    _spoil(v)
    np.testing.assert_array_equal(s.variances, [1.0, 0.5, 0.25, 0.125])
    np.testing.assert_array_equal(w.student_losses(s, T, TIMES), L)
    assert not s.variances.flags.writeable
    assert s == w.LinearGaussian([1.0, 0.5, 0.25, 0.125])


def test_zonal_target_copies_its_terms():
    axis, beta = np.eye(D)[1].copy(), w.random_direction(D, 4)
    tz = w.ZonalTarget([(1, 0.8, beta), (2, 0.6, axis)])
    lin = w.ZonalTarget.linear(2.0 * beta)
    n2, axes, lin_axes = tz.norm2(), tz.axes.copy(), lin.axes.copy()
    T = w.fit_teacher(w.ReLUSphere(D), w.sphere_weights(6, D, 5), tz)
    L = w.student_losses(w.ReLUSphere(D), T, TIMES)
    _spoil(axis, beta)
    assert tz.norm2() == n2
    np.testing.assert_array_equal(tz.axes, axes)
    np.testing.assert_array_equal(lin.axes, lin_axes)
    np.testing.assert_array_equal(w.student_losses(w.ReLUSphere(D), T, TIMES), L)
    for arr in (tz.degrees, tz.alphas, tz.axes):
        assert not arr.flags.writeable


def test_sweeps_copy_their_time_grid():
    times = np.array([0.0, 1.0, np.inf])
    sweep = w.figures.linear_sweep([4], 1, times)
    times[1] = 5.0
    np.testing.assert_array_equal(sweep.times, [0.0, 1.0, np.inf])


# ---------------------------------------------------------------------------
# warnings point at the caller's line


def _only_warning(record, category):
    hits = [r for r in record if issubclass(r.category, category)]
    assert len(hits) == 1, [str(r.message) for r in record]
    return hits[0]


def test_singular_teacher_warning_names_this_file():
    W = w.sphere_weights(5, D, 0)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        w.fit_teacher(w.ReLUSphere(D), np.vstack([W, W[:2]]), w.random_direction(D, 1))
    hit = _only_warning(record, w.PrecisionWarning)
    assert "singular" in str(hit.message)
    assert pathlib.Path(hit.filename).resolve() == pathlib.Path(__file__).resolve()


@pytest.mark.parametrize("entry", ["solver_error", "best_stopping"])
def test_unconverged_krylov_warning_names_this_file(entry):
    setting = w.ReLUSphere(D)
    T = w.fit_teacher(setting, w.sphere_weights(20, D, 0), w.random_direction(D, 1))
    S = w.FiniteStudent(setting, w.sphere_weights(400, D, 2), method="krylov", max_steps=2)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        getattr(w, entry)(setting, T, S)
    hit = _only_warning(record, w.PrecisionWarning)
    assert "Krylov quadrature stopped" in str(hit.message)
    assert pathlib.Path(hit.filename).resolve() == pathlib.Path(__file__).resolve()


def test_every_library_warning_goes_through_the_stack_level_helper():
    root = pathlib.Path(w.__file__).parent
    for path in root.glob("*.py"):
        if path.name == "_validation.py":
            continue
        source = path.read_text()
        assert "warnings.warn(" not in source, f"{path.name}: use _validation.warn"
        assert "stacklevel" not in source, f"{path.name}: use _validation.warn"
