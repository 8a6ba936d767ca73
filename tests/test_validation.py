"""Bad input gets a clear error naming the argument, never a silent wrong answer."""

import numpy as np
import pytest

import w2s_lib as w

D = 8


@pytest.fixture(scope="module")
def relu_teacher():
    setting = w.ReLUSphere(D)
    return setting, w.fit_teacher(setting, w.sphere_weights(8, D, 0), w.random_direction(D, 1))


@pytest.mark.parametrize("d, exc, msg", [
    (2, ValueError, "d must be an integer >= 3"),
    (0, ValueError, "d must be an integer >= 3"),
    (3.5, TypeError, "d must be an integer >= 3"),
    ("8", TypeError, "d must be an integer"),
    (True, TypeError, "d must be an integer"),
])
def test_sphere_dimension(d, exc, msg):
    with pytest.raises(exc, match=msg):
        w.ReLUSphere(d)


def test_integer_valued_float_dimension_is_accepted():
    assert w.ReLUSphere(8.0).d == 8


@pytest.mark.parametrize("times, msg", [
    ([0.0, np.nan], "times must not contain NaN"),
    ([-1.0, 1.0], "times must be non-negative"),
    ([-np.inf], "times must be non-negative"),
    ([], "times must be non-empty"),
    ([[1.0, 2.0]], "times must be a 1-D array"),
])
def test_bad_times(relu_teacher, times, msg):
    setting, T = relu_teacher
    with pytest.raises(ValueError, match=msg):
        w.student_losses(setting, T, times)


def test_infinite_and_scalar_times_are_accepted(relu_teacher):
    setting, T = relu_teacher
    assert w.student_losses(setting, T, np.inf).shape == (1,)


@pytest.mark.parametrize("W, exc, msg", [
    (np.full((4, D), np.nan), ValueError, "W must contain only finite numbers"),
    (np.vstack([np.eye(D)[:3], [np.inf] + [0] * (D - 1)]), ValueError, "W must contain only finite"),
    (2 * np.eye(D)[:4], ValueError, "W must have unit-norm rows"),
    (np.zeros((4, D)), ValueError, "W must have unit-norm rows"),
    (np.zeros((0, D)), ValueError, "W must be non-empty"),
    (np.eye(D)[0], ValueError, r"W must be a 2-D array of shape \(M, d\)"),
    (np.eye(D + 1)[:4], ValueError, "W must have d = 8 columns"),
    ("abc", TypeError, "W must be an array of real numbers"),
    (np.eye(D)[:4] * 1j, TypeError, "W must be real"),
])
def test_bad_teacher_weights(W, exc, msg):
    with pytest.raises(exc, match=msg):
        w.fit_teacher(w.ReLUSphere(D), W, w.random_direction(D, 0))


def test_bad_student_weights(relu_teacher):
    setting, T = relu_teacher
    with pytest.raises(ValueError, match="W_student must have unit-norm rows"):
        w.student_losses(setting, T, [1.0], W_student=3 * np.eye(D))
    with pytest.raises(ValueError, match="W_student must have d = 8 columns"):
        w.FiniteStudent(setting, np.eye(D + 2))
    with pytest.raises(ValueError, match="method must be one of"):
        w.FiniteStudent(setting, np.eye(D), method="magic")


@pytest.mark.parametrize("target, exc, msg", [
    (np.ones(D + 1), ValueError, "target must have length 8"),
    (np.full(D, np.nan), ValueError, "target must contain only finite"),
    ("x1", TypeError, "target must be a"),
    (None, TypeError, "target must be a"),
])
def test_bad_targets(target, exc, msg):
    with pytest.raises(exc, match=msg):
        w.fit_teacher(w.ReLUSphere(D), w.sphere_weights(4, D, 0), target)


@pytest.mark.parametrize("terms, exc, msg", [
    ([], ValueError, "at least one"),
    ([(-1, 1.0, np.eye(D)[0])], ValueError, "degree must be an integer >= 0"),
    ([(1.5, 1.0, np.eye(D)[0])], TypeError, "degree must be an integer >= 0"),
    ([(2, 1.0, 2 * np.eye(D)[0])], ValueError, "axis must be a unit vector"),
    ([(2, 1.0, np.zeros(D))], ValueError, "axis must be a unit vector"),
    ([(2, np.nan, np.eye(D)[0])], ValueError, "alpha must be finite"),
    ([(2, 1.0, np.eye(D)[0]), (1, 1.0, np.eye(D + 1)[0])], ValueError, "axis has length 9"),
    ([(2, 1.0)], TypeError, "triple"),
])
def test_bad_zonal_terms(terms, exc, msg):
    with pytest.raises(exc, match=msg):
        w.ZonalTarget(terms)


def test_zonal_target_dimension_must_match_the_setting():
    tz = w.ZonalTarget([(2, 1.0, np.eye(D + 1)[0])])
    with pytest.raises(ValueError, match="target has dimension 9"):
        w.fit_teacher(w.ReLUSphere(D), w.sphere_weights(4, D, 0), tz)


@pytest.mark.parametrize("variances, exc, msg", [
    ([1.0, 0.0], ValueError, "variances must be strictly positive"),
    ([1.0, -1.0], ValueError, "variances must be strictly positive"),
    ([1.0, np.inf], ValueError, "variances must contain only finite"),
    ([1.0, np.nan], ValueError, "variances must contain only finite"),
    ([], ValueError, "variances must be non-empty"),
    ([[1.0]], ValueError, "variances must be a 1-D array"),
])
def test_bad_variances(variances, exc, msg):
    with pytest.raises(exc, match=msg):
        w.LinearGaussian(variances)


def test_linear_setting_refuses_zonal_targets():
    setting = w.LinearGaussian(np.ones(D))
    with pytest.raises(TypeError, match="only linear targets"):
        w.fit_teacher(setting, w.gaussian_weights(4, D, 0), w.ZonalTarget([(2, 1.0, np.eye(D)[0])]))


@pytest.mark.parametrize("bad", [-0.1, 1.5, np.nan, [0.5, 2.0]])
def test_bounds_refuse_teacher_losses_outside_unit_interval(bad):
    for f in (w.quadratic_lower_bound, w.bootstrap_lower_bound):
        with pytest.raises(ValueError, match=r"teacher_loss must lie in \[0, 1\]"):
            f(bad)


def test_wrong_types_for_setting_and_teacher(relu_teacher):
    setting, T = relu_teacher
    with pytest.raises(TypeError, match="setting must be a ReLUSphere or a LinearGaussian"):
        w.fit_teacher("relu", np.eye(D), np.ones(D))
    with pytest.raises(TypeError, match="teacher must be a Teacher"):
        w.student_losses(setting, "teacher", [1.0])
    with pytest.raises(TypeError, match="teacher must be a Teacher"):
        w.student_losses(setting, [], [1.0])
    with pytest.raises(ValueError, match="teacher was fitted in"):
        w.student_losses(w.ReLUSphere(D + 1), T, [1.0])


def test_seeds_must_be_reproducible():
    with pytest.raises(TypeError, match="seed must be an int"):
        w.sphere_weights(4, D, None)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        w.sphere_weights(4, D, -1)
    a = w.sphere_weights(4, D, np.random.default_rng(3))
    b = w.sphere_weights(4, D, 3)
    np.testing.assert_array_equal(a, b)


def test_nested_weights_are_prefixes_of_one_draw():
    Ws = w.nested_weights([4, 16, 8], D, 2)
    np.testing.assert_array_equal(Ws[0], Ws[1][:4])
    np.testing.assert_array_equal(Ws[2], Ws[1][:8])
    with pytest.raises(ValueError, match="kind must be"):
        w.nested_weights([4], D, 0, kind="uniform")


def test_power_law_fit_input_checks_and_value():
    L_te = np.array([[0.5, 0.25, 0.125], [0.4, 0.2, 0.1]])
    fit = w.power_law_fit(L_te, 3 * L_te**1.7)
    np.testing.assert_allclose(fit.exponents, 1.7, rtol=1e-12)
    assert fit.stderr == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="same shape"):
        w.power_law_fit(L_te, L_te[:, :2])
    with pytest.raises(ValueError, match="strictly positive"):
        w.power_law_fit(L_te, -L_te)
    with pytest.raises(ValueError, match="at least 2 teacher sizes"):
        w.power_law_fit(L_te[:, :1], L_te[:, :1])


def test_pgr_needs_a_gap():
    assert w.pgr(0.5, 0.1, 0.0) == pytest.approx(0.8)
    with pytest.raises(ValueError, match="ceiling_loss must be strictly below teacher_loss"):
        w.pgr(0.5, 0.1, 0.5)
